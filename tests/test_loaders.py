from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib.compare import isomorphic

from mediakg import KnowledgeGraph
from mediakg.errors import (
    FormatError,
    ParseError,
    RecordError,
    SourceNotFoundError,
    UnknownNameError,
)
from mediakg.loaders import LOADERS, SUFFIXES, Document, iter_paths, loader_for, register_loader
from mediakg.namespace import SCHEMA
from mediakg.records import Person


def _graph_of(path: Path) -> Any:
    kg = KnowledgeGraph.memory()
    report = kg.ingest(path)
    assert report.ok, report.failures
    return kg.to_rdflib()


def test_record_formats_yield_the_same_graph(data_dir: Path) -> None:
    yaml_graph = _graph_of(data_dir / "formats" / "coverage.yaml")
    assert len(yaml_graph) > 90
    for name in ("coverage.jsonl", "coverage.csv"):
        assert isomorphic(yaml_graph, _graph_of(data_dir / "formats" / name)), name


@pytest.mark.parametrize("name", ["outlets.nt", "outlets.jsonld", "outlets.nq"])
def test_rdf_formats_yield_the_same_graph_with_http_schema(data_dir: Path, name: str) -> None:
    turtle = _graph_of(data_dir / "formats" / "outlets.ttl")
    assert isomorphic(turtle, _graph_of(data_dir / "formats" / name))
    predicates = {str(p) for _, p, _ in turtle}
    assert str(SCHEMA.headline) in predicates
    assert not any("https://schema.org/" in str(t) for triple in turtle for t in triple)


def test_nquads_keep_their_graphs_and_default_triples_go_to_the_file_graph(data_dir: Path) -> None:
    kg = KnowledgeGraph.memory()
    kg.ingest(data_dir / "formats" / "outlets.nq")
    assert set(kg.graphs()) >= {
        "https://data.example/graph/valley",
        (data_dir / "formats" / "outlets.nq").resolve().as_uri(),
    }


@pytest.mark.parametrize(
    ("name", "error", "message"),
    [
        ("broken.ttl", ParseError, r"broken\.ttl:4: malformed turtle: "),
        ("broken.jsonl", ParseError, r"broken\.jsonl:2: malformed JSON: Unterminated string"),
        ("broken.csv", ParseError, r"broken\.csv:3: malformed CSV: "),
        ("broken.yaml", ParseError, r"broken\.yaml:4: malformed YAML: "),
        ("broken.jsonld", ParseError, r"broken\.jsonld:2: malformed JSON-LD: "),
        (
            "missing-field.jsonl",
            RecordError,
            r"missing-field\.jsonl:2: quotation record: required field 'speaker' is missing",
        ),
    ],
)
def test_malformed_files_name_file_and_line(
    data_dir: Path, name: str, error: type, message: str
) -> None:
    with pytest.raises(error, match=message):
        list(loader_for(data_dir / "bad" / name).iter_documents())


def test_unknown_suffix_lists_the_known_ones(data_dir: Path) -> None:
    with pytest.raises(
        FormatError,
        match=r"notes\.docx: unknown format '\.docx'; known suffixes: \.atom, \.csv, .*\.yml",
    ):
        loader_for(data_dir / "bad" / "notes.docx")
    with pytest.raises(
        UnknownNameError, match="unknown format 'docx'; known formats: csv, feed, html, jsonl"
    ):
        loader_for("x.csv", format="docx")


def test_missing_path_is_reported() -> None:
    with pytest.raises(SourceNotFoundError, match="nowhere.yaml: no such file"):
        list(iter_paths(["nowhere.yaml"]))


def test_directories_are_walked_for_known_suffixes_only(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.jsonl").write_text('{"type": "person", "name": "A"}\n')
    (tmp_path / "b.yaml").write_text("people:\n  - name: B\n")
    (tmp_path / "README.rst").write_text("not data\n")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.jsonl").write_text("{}\n")
    assert [p.name for p in iter_paths([tmp_path])] == ["b.yaml", "a.jsonl"]


class _NamesLoader:
    """A user's loader: one person per line of a .names file."""

    def __init__(self, path: str | os.PathLike[str], *, format: str, **options: Any) -> None:
        self.path = Path(path)

    def iter_documents(self) -> Iterator[Document]:
        from mediakg.loaders import graph_iri_for

        names = self.path.read_text().split()
        yield Document(
            source=str(self.path),
            graph=graph_iri_for(self.path),
            format="names",
            records=tuple(Person(name=n) for n in names),
        )


def test_a_registered_loader_is_used_like_the_built_in_ones(tmp_path: Path) -> None:
    register_loader("names", f"{__name__}:_NamesLoader", suffixes=[".names"])
    try:
        path = tmp_path / "team.names"
        path.write_text("Ada\nBo\n")
        kg = KnowledgeGraph.memory()
        assert kg.ingest(tmp_path).ok
        assert sorted(kg.query("people")["name"]) == ["Ada", "Bo"]
    finally:
        LOADERS.pop("names")
        SUFFIXES.pop(".names")


def test_quad_files_load_graph_by_graph_and_keep_split_graphs_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("mediakg.loaders.rdf._BATCH_QUADS", 1)  # one graph a transaction
    path = tmp_path / "dump.nq"
    path.write_text(
        '<urn:a> <http://schema.org/name> "A1" <urn:g:a> .\n'
        '<urn:b> <http://schema.org/name> "B" <urn:g:b> .\n'
        '<urn:a> <http://schema.org/name> "A2" <urn:g:a> .\n'
        '<urn:c> <http://schema.org/name> "C" .\n'
    )
    docs = list(loader_for(path).iter_documents())
    # Whole graphs are written together; a graph resumed later is added to, not replaced.
    assert [([str(g) for g in d.graphs], d.replace) for d in docs] == [
        (["urn:g:a"], True),
        (["urn:g:b"], True),
        (["urn:g:a"], False),
        ([path.resolve().as_uri()], True),
    ]
    kg = KnowledgeGraph.memory()
    assert kg.ingest(path).ok
    kg.ingest(path)  # again: the same graphs, nothing doubled
    names = kg.query(
        "SELECT ?g ?n WHERE { GRAPH ?g { ?s <http://schema.org/name> ?n } "
        "FILTER(?g != <https://w3id.org/mediakg/graph/runs>) }"
    )
    assert sorted(map(tuple, names.values.tolist())) == [
        (path.resolve().as_uri(), "C"),
        ("urn:g:a", "A1"),
        ("urn:g:a", "A2"),
        ("urn:g:b", "B"),
    ]


def test_a_malformed_quad_file_loads_no_graph_at_all(tmp_path: Path) -> None:
    path = tmp_path / "dump.nq"
    path.write_text(
        '<urn:a> <http://schema.org/name> "A" <urn:g:a> .\n'
        '<urn:b> <http://schema.org/name> "B <urn:g:b> .\n'
    )
    kg = KnowledgeGraph.memory()
    report = kg.ingest(path)
    assert [f.reason for f in report.failures][0].startswith(f"{path}:2: malformed nquads")
    assert kg.graphs() == []
