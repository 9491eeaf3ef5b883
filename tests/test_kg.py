from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal
from rdflib.compare import isomorphic

from conftest import EXAMPLE
from mediakg import KnowledgeGraph
from mediakg.errors import UnknownNameError
from mediakg.stores.base import rdflib_internal_deprecations


def _build(path: Path) -> KnowledgeGraph:
    kg = KnowledgeGraph.open(path)
    assert kg.ingest(EXAMPLE).ok
    return kg


def test_turtle_is_byte_identical_between_builds(tmp_path: Path) -> None:
    with _build(tmp_path / "a") as a, _build(tmp_path / "b") as b:
        assert a.dump("turtle") == b.dump("turtle")
        assert a.dump("nquads") == b.dump("nquads")


def test_committed_example_turtle_is_up_to_date(tmp_path: Path) -> None:
    committed = (EXAMPLE.parent / "example.ttl").read_text(encoding="utf-8")
    with _build(tmp_path / "a") as kg:
        assert kg.dump("turtle") == committed, "run `make demo` to rebuild graph/example.ttl"


def test_reingesting_changes_nothing(tmp_path: Path) -> None:
    with _build(tmp_path / "a") as kg:
        first = kg.to_rdflib()
        assert kg.ingest(EXAMPLE).ok
        assert len(kg.document_graphs()) == 1
        assert isomorphic(first, kg.to_rdflib())


def test_every_dump_format_parses_back_to_the_same_triples(example_kg: KnowledgeGraph) -> None:
    reference = example_kg.to_rdflib()
    for fmt, parser in (("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld")):
        with rdflib_internal_deprecations():  # rdflib's JSON-LD parser uses ConjunctiveGraph
            parsed = Graph().parse(data=example_kg.dump(fmt), format=parser)
        assert _same_triples(reference, parsed), fmt
    for fmt in ("nquads", "trig"):
        dataset = Dataset()
        merged = Graph()
        with rdflib_internal_deprecations():
            dataset.parse(data=example_kg.dump(fmt), format=fmt)
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                merged.add((s, p, o))
        assert _same_triples(reference, merged), fmt


def _same_triples(a: Graph, b: Graph) -> bool:
    # Our graphs have no blank nodes, so isomorphism is equality of the triple sets. Literals
    # compare by value: Oxigraph stores xsd:decimal "1.0" as its canonical "1", and Turtle
    # writes "1"^^xsd:decimal back as 1.0; both are the same RDF value.
    assert not any(isinstance(t, BNode) for g in (a, b) for triple in g for t in triple)

    def key(term: object) -> object:
        if isinstance(term, Literal) and term.value is not None and term.datatype is not None:
            return ("literal", term.datatype, term.value)
        return term

    return {tuple(map(key, t)) for t in a} == {tuple(map(key, t)) for t in b}


def test_jsonld_uses_a_schema_org_vocabulary(example_kg: KnowledgeGraph) -> None:
    doc = json.loads(example_kg.dump("jsonld"))
    assert doc["@context"]["@vocab"] == "http://schema.org/"
    types = {
        t
        for node in doc["@graph"]
        for t in (
            [node.get("@type")] if isinstance(node.get("@type"), str) else node.get("@type", [])
        )
    }
    assert "Person" in types and "EndorseAction" in types


def test_dump_writes_a_file_and_rejects_unknown_formats(
    example_kg: KnowledgeGraph, tmp_path: Path
) -> None:
    out = tmp_path / "g.ttl"
    text = example_kg.dump("turtle", path=out)
    assert out.read_text(encoding="utf-8") == text
    with pytest.raises(UnknownNameError, match="unknown dump format 'rdfxml'; formats: turtle"):
        example_kg.dump("rdfxml")


def test_stats_count_classes_and_graphs(example_kg: KnowledgeGraph) -> None:
    classes, graphs = example_kg.stats()
    counts = dict(zip(classes["class"], classes["instances"], strict=True))
    assert counts["http://schema.org/Person"] == 5
    assert counts["http://schema.org/EndorseAction"] == 3
    assert counts["https://w3id.org/mediakg/ontology#IngestRun"] == 1
    per_graph = dict(zip(graphs["graph"], graphs["triples"], strict=True))
    assert per_graph[EXAMPLE.resolve().as_uri()] == example_kg.count()
    assert "https://w3id.org/mediakg/graph/runs" in per_graph


def test_load_runs_are_recorded_apart_from_documents(example_kg: KnowledgeGraph) -> None:
    frame = example_kg.query("""
        PREFIX mkg: <https://w3id.org/mediakg/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?graph ?format ?backend ?agent WHERE {
          ?run a mkg:IngestRun ; mkg:documentGraph ?graph ; mkg:sourceFormat ?format ;
               mkg:nlpBackend ?backend ; prov:wasAssociatedWith ?agent ; prov:startedAtTime ?t .
        }""")
    assert frame.to_dict("records") == [
        {
            "graph": EXAMPLE.resolve().as_uri(),
            "format": "yaml",
            "backend": "records",
            "agent": "https://w3id.org/mediakg/id/software/mediakg/0.1.0",
        }
    ]
    assert "https://w3id.org/mediakg/graph/runs" not in [
        str(g) for g in example_kg.document_graphs()
    ]
