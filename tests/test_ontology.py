"""Structural checks on the hand-written ontology in ``ontology/mediakg.ttl``."""

from __future__ import annotations

import pathlib

import pyoxigraph
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, XSD

ONTOLOGY_FILE = pathlib.Path(__file__).resolve().parents[1] / "ontology" / "mediakg.ttl"
ONTOLOGY_IRI = URIRef("https://w3id.org/mediakg/ontology")
MKG = Namespace("https://w3id.org/mediakg/ontology#")
SCHEMA = Namespace("http://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")

TERM_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}

# The names are a contract with the rest of the package, so they are spelled
# out here rather than read back from the file under test.
CLASSES = {
    "Affiliation",
    "Endorsement",
    "EvidenceSpan",
    "IngestRun",
    "Mention",
    "Quotation",
    "Role",
    "Series",
}
OBJECT_PROPERTIES = {
    "affiliatedWith",
    "citedBy",
    "containsPlace",
    "documentGraph",
    "endorsedBy",
    "endorses",
    "endorsesReportingOf",
    "hasAffiliate",
    "hasEvidence",
    "mentionedIn",
    "publishedUnder",
    "withinPlace",
}
DATATYPE_PROPERTIES = {"confidence", "isDirect", "nlpBackend", "sourceFormat"}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def _defined_terms(graph: Graph) -> set[URIRef]:
    return {
        s
        for s in graph.subjects(RDF.type, None)
        if isinstance(s, URIRef) and s.startswith(str(MKG))
    }


def _mkg_terms_used(graph: Graph) -> set[URIRef]:
    return {
        node
        for triple in graph
        for node in triple
        if isinstance(node, URIRef) and node.startswith(str(MKG))
    }


def test_parses_with_rdflib_and_pyoxigraph_to_the_same_triples(graph: Graph) -> None:
    from rdflib import BNode
    from rdflib.compare import isomorphic

    def term(node: object) -> URIRef | BNode | Literal:
        if isinstance(node, pyoxigraph.NamedNode):
            return URIRef(node.value)
        if isinstance(node, pyoxigraph.BlankNode):
            return BNode(node.value)
        assert isinstance(node, pyoxigraph.Literal)
        if node.language:
            return Literal(node.value, lang=node.language)
        if node.datatype.value == str(XSD.string):
            return Literal(node.value)
        return Literal(node.value, datatype=URIRef(node.datatype.value))

    oxi = Graph()
    for quad in pyoxigraph.parse(path=ONTOLOGY_FILE, format=pyoxigraph.RdfFormat.TURTLE):
        oxi.add((term(quad.subject), term(quad.predicate), term(quad.object)))
    assert len(graph) > 0
    # Property chains are RDF lists, whose cells are blank nodes: compare by isomorphism.
    assert isomorphic(oxi, graph)


def test_ontology_header(graph: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph
    assert graph.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(
        "https://w3id.org/mediakg/ontology/0.1.0"
    )
    assert graph.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert graph.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    for predicate in (DCTERMS.title, DCTERMS.description, DCTERMS.created, RDFS.comment):
        assert graph.value(ONTOLOGY_IRI, predicate) is not None, predicate
    created = graph.value(ONTOLOGY_IRI, DCTERMS.created)
    assert isinstance(created, Literal) and created.datatype == XSD.date


def test_exactly_the_contracted_terms_are_defined(graph: Graph) -> None:
    def of_type(rdf_type: URIRef) -> set[str]:
        return {
            str(s)[len(str(MKG)) :]
            for s in graph.subjects(RDF.type, rdf_type)
            if str(s).startswith(str(MKG))
        }

    assert of_type(OWL.Class) == CLASSES
    assert of_type(OWL.ObjectProperty) == OBJECT_PROPERTIES
    assert of_type(OWL.DatatypeProperty) == DATATYPE_PROPERTIES
    assert {str(t)[len(str(MKG)) :] for t in _defined_terms(graph)} == (
        CLASSES | OBJECT_PROPERTIES | DATATYPE_PROPERTIES
    )


def test_every_term_is_typed_labelled_commented_and_defined_by(graph: Graph) -> None:
    subjects = {s for s in graph.subjects() if isinstance(s, URIRef) and s.startswith(str(MKG))}
    assert subjects == _defined_terms(graph)
    for term in sorted(subjects):
        assert set(graph.objects(term, RDF.type)) & TERM_TYPES, term
        labels = list(graph.objects(term, RDFS.label))
        assert len(labels) == 1, term
        assert isinstance(labels[0], Literal) and labels[0].language == "en", term
        comments = list(graph.objects(term, RDFS.comment))
        assert comments, term
        assert all(isinstance(c, Literal) and c.language == "en" for c in comments), term
        assert list(graph.objects(term, RDFS.isDefinedBy)) == [ONTOLOGY_IRI], term


def test_every_mkg_term_used_is_defined(graph: Graph) -> None:
    assert _mkg_terms_used(graph) <= _defined_terms(graph)


def test_no_statements_about_external_terms_beyond_the_allowed_one(graph: Graph) -> None:
    outside = {
        (s, p, o)
        for s, p, o in graph
        if s != ONTOLOGY_IRI
        and not (isinstance(s, URIRef) and s.startswith(str(MKG)))
        # the cells of property-chain lists
        and not (p in (RDF.first, RDF.rest) and not isinstance(s, URIRef))
    }
    assert outside == {
        (SCHEMA.containedInPlace, RDFS.subPropertyOf, MKG.withinPlace),
        (SCHEMA.isPartOf, RDFS.subPropertyOf, MKG.publishedUnder),
        (SCHEMA.publisher, RDFS.subPropertyOf, MKG.publishedUnder),
    }


def test_schema_org_is_referenced_with_http(graph: Graph) -> None:
    assert "https://schema.org" not in ONTOLOGY_FILE.read_text(encoding="utf-8")
    iris = {str(node) for triple in graph for node in triple if isinstance(node, URIRef)}
    assert not {iri for iri in iris if iri.startswith("https://schema.org")}
    assert any(iri.startswith(str(SCHEMA)) for iri in iris)


@pytest.mark.parametrize(
    ("term", "parents"),
    [
        ("Endorsement", {SCHEMA.EndorseAction}),
        ("Quotation", {SCHEMA.Quotation}),
        ("Affiliation", {ORG.Membership}),
        ("Role", {ORG.Role, SKOS.Concept}),
        ("EvidenceSpan", {OA.SpecificResource}),
        ("Mention", {OA.Annotation}),
        ("IngestRun", {PROV.Activity}),
        ("Series", {SCHEMA.CreativeWorkSeries}),
    ],
)
def test_class_alignment(graph: Graph, term: str, parents: set[URIRef]) -> None:
    assert parents <= set(graph.objects(MKG[term], RDFS.subClassOf))


@pytest.mark.parametrize(
    ("term", "inverse"),
    [
        ("endorsedBy", MKG.endorses),
        ("citedBy", SCHEMA.citation),
        ("containsPlace", MKG.withinPlace),
        ("hasAffiliate", MKG.affiliatedWith),
        ("mentionedIn", SCHEMA.mentions),
    ],
)
def test_inverse_pairs(graph: Graph, term: str, inverse: URIRef) -> None:
    assert (MKG[term], OWL.inverseOf, inverse) in graph


def test_place_containment_is_transitive_and_fed_by_schema_org(graph: Graph) -> None:
    assert (MKG.withinPlace, RDF.type, OWL.TransitiveProperty) in graph
    assert (MKG.containsPlace, RDF.type, OWL.TransitiveProperty) in graph
    assert (SCHEMA.containedInPlace, RDFS.subPropertyOf, MKG.withinPlace) in graph


def test_evidence_and_provenance_properties(graph: Graph) -> None:
    assert (MKG.hasEvidence, RDFS.subPropertyOf, PROV.wasDerivedFrom) in graph
    assert (MKG.hasEvidence, RDFS.range, MKG.EvidenceSpan) in graph
    assert (MKG.documentGraph, RDFS.domain, MKG.IngestRun) in graph


@pytest.mark.parametrize(
    ("term", "datatype"),
    [
        ("confidence", XSD.decimal),
        ("nlpBackend", XSD.string),
        ("sourceFormat", XSD.string),
        ("isDirect", XSD.boolean),
    ],
)
def test_datatype_property_ranges(graph: Graph, term: str, datatype: URIRef) -> None:
    assert graph.value(MKG[term], RDFS.range) == datatype
