"""Validation: each shape and each structural check has a fixture that breaks exactly it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from conftest import EXAMPLE
from mediakg import KnowledgeGraph
from mediakg.cli import main
from mediakg.errors import ParseError, UnknownNameError
from mediakg.records import Place
from mediakg.validation import (
    NETWORK_RULES,
    SHAPES_NS,
    Finding,
    Report,
    ShapeError,
    load_shapes,
    shacl_findings,
)

CHECKS = Path(__file__).resolve().parent / "data" / "checks"
BASE = CHECKS / "base.yaml"
FIXTURES = sorted(p for p in CHECKS.iterdir() if p.is_file() and p.stem != "base")


def _shape_rules() -> dict[str, str]:
    """Rule name -> severity, for every shape in ontology/shapes.ttl that reports results."""
    shapes = load_shapes()
    out = {}
    for shape in set(shapes.subjects(SH.severity, None)):
        severity = shapes.value(shape, SH.severity)
        out[str(shape)[len(SHAPES_NS) :]] = str(severity).rsplit("#", 1)[1].lower()
    return out


RULES = {**_shape_rules(), **NETWORK_RULES}


@pytest.fixture
def base(tmp_path: Path) -> Iterator[KnowledgeGraph]:
    kg = KnowledgeGraph.open(tmp_path / "store")
    assert kg.ingest(BASE).ok
    yield kg
    kg.close()


def test_every_rule_has_a_fixture_and_every_fixture_a_rule() -> None:
    assert {p.stem for p in FIXTURES} == set(RULES)


@pytest.mark.parametrize("infer", [False, True], ids=["asserted", "inferred"])
def test_the_base_graph_is_clean(base: KnowledgeGraph, infer: bool) -> None:
    if infer:
        base.infer()
    report = base.check()
    assert report.findings == ()
    assert report.components.components == 1
    assert base.check(engine="pyshacl").findings == ()


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
@pytest.mark.parametrize("infer", [False, True], ids=["asserted", "inferred"])
def test_each_fixture_breaks_exactly_its_rule(
    base: KnowledgeGraph, fixture: Path, infer: bool
) -> None:
    assert base.ingest(fixture).ok
    if infer:
        base.infer()
    report = base.check()
    assert set(report.rules()) == {fixture.stem}
    assert {f.severity for f in report.findings} == {RULES[fixture.stem]}
    assert report.failed() is (RULES[fixture.stem] == "violation")
    assert all(f.message and f.focus for f in report.findings)


@pytest.mark.parametrize(
    "fixture", [p for p in FIXTURES if p.stem not in NETWORK_RULES], ids=lambda p: p.stem
)
def test_compiled_shapes_report_what_pyshacl_reports(base: KnowledgeGraph, fixture: Path) -> None:
    assert base.ingest(fixture).ok
    shapes = load_shapes()
    compiled = shacl_findings(base, shapes, engine="sparql")
    reference = shacl_findings(base, shapes, engine="pyshacl")
    assert compiled == reference
    assert compiled


def test_engines_agree_on_the_example_graph(example_kg: KnowledgeGraph) -> None:
    example_kg.infer()
    shapes = load_shapes()
    assert shacl_findings(example_kg, shapes, engine="sparql") == shacl_findings(
        example_kg, shapes, engine="pyshacl"
    )


def test_the_example_graph_passes_after_inference(example_kg: KnowledgeGraph) -> None:
    example_kg.infer()
    report = example_kg.check()
    assert report.conforms and not report.failed()
    # What it lacks is named: three cited reports known by title, quotations without spans.
    assert report.rules() == {"article-locator": 3, "quotation-evidence": 5}


def test_findings_name_the_problem_for_people(base: KnowledgeGraph) -> None:
    base.ingest(CHECKS / "citation-order.yaml")
    (finding,) = base.check().findings
    assert (
        finding.focus
        == "https://w3id.org/mediakg/id/article/gull-bay-courier-example-2020-01-pier-plans"
    )
    assert finding.label == "Pier Plans Announced"
    assert finding.message == (
        "Published 2020-01-15, it cites an article published later, on 2024-06-03: "
        "Old Pier Reopens."
    )
    text = base.check().to_text()
    assert "violation citation-order (1)" in text and '"Pier Plans Announced"' in text


def test_a_place_contained_in_itself(kg: KnowledgeGraph) -> None:
    kg.add_records([Place(name="Atlantis", within="Atlantis")], graph="urn:example:myth")
    report = kg.check()
    assert [(f.rule, f.focus) for f in report.findings if f.severity == "violation"] == [
        ("place-cycle", "https://w3id.org/mediakg/id/place/atlantis")
    ]
    assert "contained in itself: Atlantis -> Atlantis" in report.findings[0].message


def test_the_report_as_data() -> None:
    report = Report(
        (
            Finding("violation", "citation-cycle", "urn:a", "cycle"),
            Finding("warning", "orphan-entity", "urn:b", "alone"),
        )
    )
    assert not report.conforms
    assert report.summary() == "1 violation, 1 warning"
    assert report.failed("violation") and report.failed("warning")
    data = json.loads(report.to_json())
    assert data["violations"] == 1 and data["rules"] == {"citation-cycle": 1, "orphan-entity": 1}
    assert data["findings"][0]["focus"] == "urn:a"
    assert not Report((Finding("warning", "orphan-entity", "urn:b", "m"),)).failed()
    with pytest.raises(UnknownNameError, match="unknown severity 'fatal'; severities"):
        report.failed("fatal")


def test_text_output_limits_each_rule(base: KnowledgeGraph, tmp_path: Path) -> None:
    people = tmp_path / "people.yaml"
    people.write_text("people:\n" + "".join(f"  - name: Loner {i}\n" for i in range(5)))
    base.ingest(people)
    text = base.check().to_text(limit=2)
    assert "warning orphan-entity (5)" in text
    assert "... and 3 more (--format json lists all)" in text


def test_shapes_errors_and_the_pyshacl_fallback(base: KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(UnknownNameError, match="unknown validation engine 'jena'"):
        base.check(engine="jena")
    bad = tmp_path / "bad.ttl"
    bad.write_text("not turtle at all")
    with pytest.raises(ParseError, match="bad.ttl: not valid SHACL shapes"):
        base.check(shapes=bad)
    custom = Graph()
    shape = URIRef("https://example.org/shapes#people-know-someone")
    custom.add((shape, RDF.type, SH.NodeShape))
    custom.add((shape, SH.targetClass, URIRef("http://schema.org/Person")))
    custom.add((shape, SH.closed, Literal(True)))
    with pytest.raises(ShapeError, match="sh:closed cannot be compiled to SPARQL"):
        base.check(shapes=custom, engine="sparql")
    assert base.check(shapes=custom, network=False).engine == "pyshacl"


def test_memory_store_gives_the_same_findings(tmp_path: Path) -> None:
    kg = KnowledgeGraph.memory()
    kg.ingest(BASE, CHECKS / "endorsement-endorser.ttl", CHECKS / "place-cycle.yaml")
    report = kg.check()
    assert report.rules() == {"endorsement-endorser": 1, "place-cycle": 1}
    assert report.engine == "pyshacl"  # rdflib's SPARQL cannot cast to check literals


# -- the command line -------------------------------------------------------------------------


def _store(tmp_path: Path, *paths: Path) -> str:
    store = str(tmp_path / "store")
    assert main(["ingest", "--quiet", "--store", store, *map(str, paths)]) == 0
    return store


def test_cli_check_on_the_example_after_infer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = _store(tmp_path, EXAMPLE)
    assert main(["infer", "--store", store]) == 0
    capsys.readouterr()
    assert main(["check", "--store", store]) == 0
    out = capsys.readouterr().out
    assert out.startswith("0 violations, 8 warnings (shapes by sparql")
    assert main(["check", "--store", store, "--fail-on", "warning"]) == 1


@pytest.mark.parametrize(
    "fixture", ["endorsement-endorser.ttl", "citation-cycle.yaml", "place-cycle.yaml"]
)
def test_cli_check_exits_1_naming_the_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fixture: str
) -> None:
    store = _store(tmp_path, BASE, CHECKS / fixture)
    assert main(["infer", "--store", store]) == 0
    capsys.readouterr()
    assert main(["check", "--store", store, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    violations = {f["rule"] for f in data["findings"] if f["severity"] == "violation"}
    assert violations == {fixture.split(".")[0]}


def test_cli_check_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = _store(tmp_path, BASE)
    assert main(["check", "--store", store, "--shapes", str(tmp_path / "none.ttl")]) == 2
    assert "cannot read the shapes" in capsys.readouterr().err
    assert main(["check", "--store", str(tmp_path / "nowhere")]) == 2
    assert main(["check", "--store", store, "--engine", "jena"]) == 2
