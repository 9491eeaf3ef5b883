"""Reasoning: the fast SPARQL rules derive what owlrl derives; the inferred graph stays apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from conftest import EXAMPLE, rows
from mediakg import KnowledgeGraph
from mediakg.cli import main
from mediakg.errors import ParseError, UnknownNameError
from mediakg.kg import INFERRED_GRAPH
from mediakg.namespace import MKG, SCHEMA
from mediakg.reasoning import compile_rules, entailments, is_meaningful, load_ontology

CHECKS = Path(__file__).resolve().parent / "data" / "checks"
SAMPLE = CHECKS / "reasoning" / "sample.ttl"
EXTRA = CHECKS / "reasoning" / "extra-ontology.ttl"
ID = "https://w3id.org/mediakg/id/"
IWPR = URIRef(f"{ID}organization/institute-for-war-and-peace-reporting")
EX = "https://example.org/id/"


def _asserted(*paths: Path) -> Graph:
    kg = KnowledgeGraph.memory()
    report = kg.ingest(*paths)
    assert report.ok, report.failures
    return kg.to_rdflib()


def _extended_ontology() -> Graph:
    onto = load_ontology()
    onto.parse(EXTRA, format="turtle")
    return onto


# -- fast == owlrl ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sample",
    ["example", "checks", "sample"],
)
def test_fast_profile_derives_exactly_what_owlrl_derives(sample: str) -> None:
    if sample == "example":
        data, onto = _asserted(EXAMPLE), load_ontology()
    elif sample == "checks":
        data, onto = _asserted(*sorted(CHECKS.glob("*.yaml"))), load_ontology()
    else:
        data, onto = Graph().parse(SAMPLE, format="turtle"), _extended_ontology()
    fast = entailments(data, profile="fast", ontology=onto)
    owlrl = entailments(data, profile="owlrl", ontology=onto)
    assert fast == owlrl
    assert len(fast) > 40


def test_the_sample_exercises_every_kind_of_rule() -> None:
    derived = entailments(
        Graph().parse(SAMPLE, format="turtle"), profile="fast", ontology=_extended_ontology()
    )
    ex, i = "https://example.org/test#", EX
    expected = {
        (URIRef(i + "ben"), URIRef(ex + "colleagueOf"), URIRef(i + "ana")),  # symmetric
        (URIRef(i + "ana"), RDF.type, URIRef(ex + "Journalist")),  # equivalent class
        (URIRef(i + "ana"), RDF.type, SCHEMA.Person),  # subclass after equivalence
        (URIRef(i + "ana"), URIRef(ex + "authored"), URIRef(i + "story1")),  # equivalent prop.
        (URIRef(i + "story2"), RDF.type, SCHEMA.CreativeWork),  # range
        (URIRef(i + "dora"), URIRef(ex + "ancestorOf"), URIRef(i + "ben")),  # inverse+transitive
        (URIRef(i + "ana"), URIRef(ex + "reachesReadersIn"), URIRef(i + "northtown")),  # chain
        (URIRef(i + "northtown"), MKG.withinPlace, URIRef(i + "country")),
        (URIRef(i + "continent"), MKG.containsPlace, URIRef(i + "northtown")),
        (URIRef(i + "loop1"), MKG.withinPlace, URIRef(i + "loop1")),  # a cycle, kept
        (URIRef(i + "critic"), MKG.endorsesReportingOf, URIRef(i + "herald")),
        (URIRef(i + "fan"), MKG.endorses, URIRef(i + "story2")),  # inverse of endorsedBy
        (URIRef(i + "fan"), SCHEMA.name, Literal("Fan")),  # owl:sameAs copies statements
        (URIRef(i + "fan-alias"), OWL.sameAs, URIRef(i + "fan")),
    }
    assert expected <= derived
    assert not {t for t in derived if t[1] == OWL.sameAs and t[0] == t[2]}


def test_rdfs_profile_is_the_subclass_and_subproperty_part() -> None:
    data = _asserted(EXAMPLE)
    rdfs = entailments(data, profile="rdfs")
    assert rdfs < entailments(data, profile="owlrl")
    assert (IWPR, MKG.endorsedBy, None) not in Graph().__iadd__(rdfs)  # no inverses in RDFS
    assert {p for _, p, _ in rdfs} >= {MKG.publishedUnder, MKG.endorsesReportingOf}


def test_only_meaningful_entailments_are_kept() -> None:
    x = URIRef(f"{EX}x")
    vocabulary = frozenset({MKG.Endorsement})
    assert not is_meaningful((x, RDF.type, OWL.Thing), vocabulary)
    assert not is_meaningful((x, RDF.type, RDFS.Resource), vocabulary)
    assert not is_meaningful((MKG.Endorsement, RDF.type, SCHEMA.Thing), vocabulary)
    assert not is_meaningful((x, RDFS.subClassOf, x), vocabulary)
    assert not is_meaningful((Literal("a"), RDF.type, SCHEMA.Text), vocabulary)
    assert is_meaningful((x, MKG.withinPlace, x), vocabulary)
    derived = entailments(_asserted(EXAMPLE), profile="owlrl")
    assert all(isinstance(s, URIRef) for s, _, _ in derived)
    assert not {o for _, p, o in derived if p == RDF.type} & {OWL.Thing, RDFS.Resource}


def test_rules_are_compiled_from_the_ontology() -> None:
    names = [rule.name for rule in compile_rules()]
    assert any("mkg:withinPlace is transitive" in n for n in names)
    assert any("mkg:endorsesReportingOf <- mkg:endorses o mkg:publishedUnder" in n for n in names)
    assert any(
        n.startswith("prp-symp") for n in (r.name for r in compile_rules(_extended_ontology()))
    )


# -- the inferred graph in a store ----------------------------------------------------------


def test_infer_writes_only_the_inferred_graph_and_recomputes_it(example_kg: KnowledgeGraph) -> None:
    before = example_kg.dump("nquads")
    documents = example_kg.document_graphs()
    report = example_kg.infer()
    assert report.profile == "fast" and report.rounds >= 2
    assert example_kg.dump("nquads") == before  # the documents are untouched
    assert example_kg.document_graphs() == documents
    inferred = example_kg.to_rdflib([INFERRED_GRAPH])
    assert len(inferred) == report.triples == 72
    assert set(inferred) == entailments(example_kg.to_rdflib(), profile="owlrl")
    again = example_kg.infer()
    assert again.triples == report.triples  # dropped and recomputed, not appended


@pytest.mark.parametrize("profile", ["owlrl", "rdfs"])
def test_owlrl_profiles_in_the_store(example_kg: KnowledgeGraph, profile: str) -> None:
    report = example_kg.infer(profile)
    inferred = set(example_kg.to_rdflib([INFERRED_GRAPH]))
    assert inferred == entailments(example_kg.to_rdflib(), profile=profile)
    assert report.triples == len(inferred) and report.rounds == 0


def test_inferences_follow_the_data_when_recomputed(kg: KnowledgeGraph, tmp_path: Path) -> None:
    doc = tmp_path / "places.yaml"
    doc.write_text("places:\n  - name: Atyrau\n    within: Kazakhstan\n")
    kg.ingest(doc)
    kg.infer()
    within = "SELECT ?a ?b WHERE { ?a <https://w3id.org/mediakg/ontology#withinPlace> ?b }"
    assert len(kg.query(within)) == 1
    kg.drop_graph(f"file://{doc}")
    kg.infer()
    assert kg.query(within).empty
    assert INFERRED_GRAPH not in [URIRef(g) for g in kg.graphs()]


def test_queries_use_inferred_triples(kg: KnowledgeGraph, tmp_path: Path) -> None:
    doc = tmp_path / "gazetteer.ttl"
    # Containment stated from the containing side, and praise stated from the praised side:
    # only reasoning turns them into what the named queries read.
    doc.write_text(
        f"""
        @prefix schema: <http://schema.org/> . @prefix mkg: <{MKG._NS}> .
        @prefix place: <{ID}place/> . @prefix x: <{ID}x/> .
        place:kazakhstan a schema:Place ; schema:name "Kazakhstan" ; mkg:containsPlace place:atyrau .
        place:atyrau a schema:Place ; schema:name "Atyrau" .
        x:a a schema:NewsArticle ; schema:headline "A" ; schema:contentLocation place:atyrau ;
            schema:isPartOf x:s .
        x:s a mkg:Series ; schema:name "S" ; schema:publisher x:o .
        x:o a schema:Organization ; schema:name "Outlet O" .
        x:e a schema:EndorseAction ; schema:agent x:p ; schema:object x:a .
        x:p a schema:Person ; schema:name "P" .
        """
    )
    assert kg.ingest(doc).ok
    coverage = "coverage_by_place"
    assert rows(kg.query(coverage), "name", "articles") == {("Kazakhstan", 0), ("Atyrau", 1)}
    assert kg.query("endorsers_of", params={"target": "Outlet O"}).empty
    kg.infer()
    assert rows(kg.query(coverage), "name", "articles") == {("Kazakhstan", 1), ("Atyrau", 1)}
    found = kg.query("endorsers_of", params={"target": "Outlet O"})
    assert rows(found, "endorserName", "target") == {("P", f"{ID}x/a")}


def test_coverage_by_place_gives_the_same_counts_with_and_without_inference(
    example_kg: KnowledgeGraph,
) -> None:
    before = rows(example_kg.query("coverage_by_place"), "name", "articles")
    example_kg.infer()
    assert rows(example_kg.query("coverage_by_place"), "name", "articles") == before
    everyone = example_kg.query(
        f"SELECT DISTINCT ?who WHERE {{ ?who <{MKG.endorsesReportingOf}> <{IWPR}> }}"
    )
    assert len(everyone) == 3  # everyone who endorsed any IWPR work, in one triple pattern


# -- errors and the command line ------------------------------------------------------------


def test_errors_name_what_is_wrong(tmp_path: Path) -> None:
    kg = KnowledgeGraph.memory()
    with pytest.raises(UnknownNameError, match="unknown reasoning profile 'hermit'; profiles"):
        kg.infer("hermit")
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle")
    with pytest.raises(ParseError, match="bad.ttl: not a valid ontology"):
        kg.infer(ontology=bad)
    with pytest.raises(ParseError, match="missing.ttl: cannot read the ontology"):
        kg.infer(ontology=tmp_path / "missing.ttl")


def test_cli_infer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "store")
    assert main(["ingest", "--quiet", "--store", store, str(EXAMPLE)]) == 0
    capsys.readouterr()
    assert main(["infer", "--store", store]) == 0
    assert capsys.readouterr().out.startswith("fast: 72 inferred triples in <")
    assert main(["infer", "--store", store, "--profile", "owlrl"]) == 0
    assert "owlrl: 72 inferred triples" in capsys.readouterr().out
    assert main(["infer", "--store", store, "--drop"]) == 0
    assert main(["infer", "--store", store, "--profile", "hermit"]) == 2
    assert main(["infer", "--store", store, "--ontology", str(tmp_path / "none.ttl")]) == 2
    assert "cannot read the ontology" in capsys.readouterr().err
