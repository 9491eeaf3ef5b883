"""Keep the generated :mod:`mediakg.namespace` in step with the ontology."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from mediakg import _namespace_gen, namespace
from mediakg.namespace import ID, MKG, ONTOLOGY_IRI, PREFIXES, SCHEMA

ONTOLOGY_DIR = pathlib.Path(__file__).resolve().parents[1] / "ontology"
MKG_NS = "https://w3id.org/mediakg/ontology#"


def _ontology_terms() -> set[URIRef]:
    graph = Graph().parse(ONTOLOGY_DIR / "mediakg.ttl", format="turtle")
    return {
        s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and s.startswith(MKG_NS)
    }


def test_mkg_terms_match_the_ontology() -> None:
    assert set(dir(MKG)) == _ontology_terms()


def test_generator_reads_the_ontology_in_the_repository() -> None:
    assert _namespace_gen.ontology_path() == ONTOLOGY_DIR / "mediakg.ttl"


def test_generated_module_is_up_to_date() -> None:
    expected = _namespace_gen.render(_namespace_gen.load_terms())
    assert _namespace_gen.namespace_path().read_text(encoding="utf-8") == expected


def test_generator_output_is_deterministic() -> None:
    terms = _namespace_gen.load_terms()
    assert _namespace_gen.render(terms) == _namespace_gen.render(list(reversed(terms)))


@pytest.mark.slow
def test_generator_check_mode_passes() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mediakg._namespace_gen", "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_check_mode_reports_a_stale_module(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stale = tmp_path / "namespace.py"
    stale.write_text("# stale\n", encoding="utf-8")
    monkeypatch.setattr(_namespace_gen, "namespace_path", lambda: stale)
    assert _namespace_gen.main(["--check"]) == 1
    assert _namespace_gen.main([]) == 0
    assert _namespace_gen.main(["--check"]) == 0


def test_term_resolves_to_its_iri() -> None:
    assert MKG.Endorsement == URIRef("https://w3id.org/mediakg/ontology#Endorsement")
    assert MKG["withinPlace"] == URIRef(MKG_NS + "withinPlace")


def test_misspelt_term_raises() -> None:
    with pytest.raises(AttributeError, match="Endorsment"):
        _ = MKG.Endorsment


def test_prefixes() -> None:
    assert PREFIXES["mkg"] == MKG_NS
    assert PREFIXES["schema"] == str(SCHEMA) == "http://schema.org/"
    assert PREFIXES["id"] == str(ID)
    assert set(PREFIXES) == {
        "mkg",
        "schema",
        "prov",
        "oa",
        "org",
        "skos",
        "dcterms",
        "xsd",
        "rdf",
        "rdfs",
        "owl",
        "cito",
        "wgs84",
        "id",
    }
    # Two prefixes for one namespace would make serialisation ambiguous.
    assert len(set(PREFIXES.values())) == len(PREFIXES)
    assert PREFIXES["mkg"] == f"{ONTOLOGY_IRI}#"


def test_all_names_are_exported() -> None:
    for name in namespace.__all__:
        assert hasattr(namespace, name), name
