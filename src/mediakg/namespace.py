# GENERATED FILE - DO NOT EDIT BY HAND.
# Generated from ontology/mediakg.ttl by `python -m mediakg._namespace_gen`;
# edit the ontology and rerun the generator instead.
"""Namespaces used by mediakg, with the closed ``mkg:`` vocabulary.

``MKG`` holds exactly the terms defined in ``ontology/mediakg.ttl``; looking up
any other name raises :class:`AttributeError`, so a misspelt term fails where
it is written instead of producing a silently wrong IRI.

Examples
--------
>>> MKG.Endorsement
rdflib.term.URIRef('https://w3id.org/mediakg/ontology#Endorsement')
>>> ID["person/ada"]
rdflib.term.URIRef('https://w3id.org/mediakg/id/person/ada')
"""

from rdflib.namespace import (
    DCTERMS,
    OWL,
    PROV,
    RDF,
    RDFS,
    SKOS,
    XSD,
    DefinedNamespace,
    Namespace,
)
from rdflib.term import URIRef

__all__ = [
    "CITO",
    "DCTERMS",
    "GRAPH",
    "ID",
    "MKG",
    "OA",
    "ONTOLOGY_IRI",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "WGS84",
    "XSD",
]

ONTOLOGY_IRI = URIRef("https://w3id.org/mediakg/ontology")
"""IRI of the ontology itself (without the ``#``)."""

# schema.org is used with http, matching its RDF releases and most published data.
SCHEMA = Namespace("http://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
CITO = Namespace("http://purl.org/spar/cito/")
WGS84 = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
ID = Namespace("https://w3id.org/mediakg/id/")
"""Base of the IRIs minted for resources (people, articles, places, ...)."""
GRAPH = Namespace("https://w3id.org/mediakg/graph/")
"""Base of the IRIs of named graphs."""


class MKG(DefinedNamespace):
    """The mediakg ontology, ``https://w3id.org/mediakg/ontology#``."""

    _NS = Namespace("https://w3id.org/mediakg/ontology#")
    _fail = True

    Affiliation: URIRef
    """Affiliation (class)."""

    Endorsement: URIRef
    """Endorsement (class)."""

    EvidenceSpan: URIRef
    """Evidence span (class)."""

    IngestRun: URIRef
    """Ingest run (class)."""

    Mention: URIRef
    """Mention (class)."""

    Quotation: URIRef
    """Quotation (class)."""

    Role: URIRef
    """Role (class)."""

    Series: URIRef
    """Series (class)."""

    affiliatedWith: URIRef
    """Affiliated with (object property)."""

    citedBy: URIRef
    """Cited by (object property)."""

    confidence: URIRef
    """Confidence (datatype property)."""

    containsPlace: URIRef
    """Contains place (transitive property)."""

    documentGraph: URIRef
    """Document graph (object property)."""

    endorsedBy: URIRef
    """Endorsed by (object property)."""

    endorses: URIRef
    """Endorses (object property)."""

    endorsesReportingOf: URIRef
    """Endorses reporting of (object property)."""

    hasAffiliate: URIRef
    """Has affiliate (object property)."""

    hasEvidence: URIRef
    """Has evidence (object property)."""

    isDirect: URIRef
    """Is direct (datatype property)."""

    mentionedIn: URIRef
    """Mentioned in (object property)."""

    nlpBackend: URIRef
    """NLP backend (datatype property)."""

    publishedUnder: URIRef
    """Published under (transitive property)."""

    sourceFormat: URIRef
    """Source format (datatype property)."""

    withinPlace: URIRef
    """Within place (transitive property)."""


PREFIXES: dict[str, str] = {
    "mkg": str(MKG._NS),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "oa": str(OA),
    "org": str(ORG),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "xsd": str(XSD),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "cito": str(CITO),
    "wgs84": str(WGS84),
    "id": str(ID),
}
"""Prefix to namespace IRI, for binding in graphs and SPARQL queries."""
