"""Generate :mod:`mediakg.namespace` from the ontology.

The ontology in ``ontology/mediakg.ttl`` is the single source of truth for the
``mkg:`` terms; the closed namespace class ``MKG`` is derived from it so that a
term that is not in the ontology cannot be used from Python.

Run ``python -m mediakg._namespace_gen`` to rewrite ``src/mediakg/namespace.py``
and ``python -m mediakg._namespace_gen --check`` to exit with status 1 when the
file is out of date.
"""

from __future__ import annotations

import argparse
import keyword
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

__all__ = [
    "MKG_NAMESPACE",
    "Term",
    "load_terms",
    "main",
    "namespace_path",
    "ontology_path",
    "render",
]

MKG_NAMESPACE = "https://w3id.org/mediakg/ontology#"

# Ordered most specific first: a transitive property is also declared an
# object property, and the docstring should name the more telling kind.
_KINDS: tuple[tuple[URIRef, str], ...] = (
    (OWL.TransitiveProperty, "transitive property"),
    (OWL.ObjectProperty, "object property"),
    (OWL.DatatypeProperty, "datatype property"),
    (OWL.AnnotationProperty, "annotation property"),
    (OWL.Class, "class"),
)


@dataclass(frozen=True, order=True)
class Term:
    """One ``mkg:`` term as it appears in the generated namespace.

    Parameters
    ----------
    name : str
        Local name after the ``mkg:`` prefix; also the Python attribute name.
    label : str
        The term's English ``rdfs:label``.
    kind : str
        Human-readable kind, such as ``"class"`` or ``"object property"``.
    """

    name: str
    label: str
    kind: str

    def docstring(self) -> str:
        """Return the one-line docstring placed under the attribute.

        Returns
        -------
        str
            The label with a capital first letter, followed by the kind.

        Examples
        --------
        >>> Term("withinPlace", "within place", "transitive property").docstring()
        'Within place (transitive property).'
        """
        return f"{self.label[:1].upper()}{self.label[1:]} ({self.kind})."


def _repo_root() -> Path:
    # The generator is a development tool run from a source checkout, where
    # the package lives at <repo>/src/mediakg.
    return Path(__file__).resolve().parents[2]


def ontology_path() -> Path:
    """Return the path of the hand-written ontology in the source tree.

    Returns
    -------
    pathlib.Path
        ``<repo>/ontology/mediakg.ttl``.
    """
    return _repo_root() / "ontology" / "mediakg.ttl"


def namespace_path() -> Path:
    """Return the path of the generated namespace module.

    Returns
    -------
    pathlib.Path
        ``<repo>/src/mediakg/namespace.py``.
    """
    return Path(__file__).resolve().parent / "namespace.py"


def _english_label(graph: Graph, subject: URIRef) -> str:
    labels = [
        str(o)
        for o in graph.objects(subject, RDFS.label)
        if isinstance(o, Literal) and o.language == "en"
    ]
    if len(labels) != 1:
        raise ValueError(f"{subject} needs exactly one English rdfs:label, found {len(labels)}")
    label = labels[0]
    # The label is pasted into a one-line docstring; anything that could end
    # or escape the string literal would corrupt the generated module.
    if any(c in label for c in ('"', "\\", "\n", "\r")) or not label.strip():
        raise ValueError(f"label of {subject} cannot be used in a docstring: {label!r}")
    return label


def _kind(graph: Graph, subject: URIRef) -> str:
    types = set(graph.objects(subject, RDF.type))
    for rdf_type, kind in _KINDS:
        if rdf_type in types:
            return kind
    raise ValueError(f"{subject} has no OWL class or property type")


def load_terms(path: Path | None = None) -> list[Term]:
    """Read the ``mkg:`` terms defined in the ontology.

    A term counts as defined when it is the subject of an ``rdf:type``
    statement; terms only mentioned as objects are not picked up, which the
    ontology tests guard against separately.

    Parameters
    ----------
    path : pathlib.Path, optional
        Turtle file to read; defaults to :func:`ontology_path`.

    Returns
    -------
    list of Term
        The terms, sorted by name.

    Raises
    ------
    ValueError
        If a term's local name is not a usable Python identifier, or its
        label or type is missing or unusable.
    """
    graph = Graph()
    graph.parse(path if path is not None else ontology_path(), format="turtle")
    terms = []
    for subject in set(graph.subjects(RDF.type, None)):
        if not isinstance(subject, URIRef) or not subject.startswith(MKG_NAMESPACE):
            continue
        name = subject[len(MKG_NAMESPACE) :]
        if not name.isidentifier() or keyword.iskeyword(name) or name.startswith("_"):
            raise ValueError(f"{subject} has no usable Python attribute name")
        terms.append(Term(name, _english_label(graph, subject), _kind(graph, subject)))
    return sorted(terms)


_HEADER = '''\
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

'''

_FOOTER = '''

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
'''


def render(terms: Sequence[Term]) -> str:
    """Render the source text of :mod:`mediakg.namespace`.

    Parameters
    ----------
    terms : sequence of Term
        The ``mkg:`` terms; rendered in sorted order whatever order is given.

    Returns
    -------
    str
        The complete module text, identical for identical terms.
    """
    body = "\n".join(
        f'    {term.name}: URIRef\n    """{term.docstring()}"""\n' for term in sorted(terms)
    )
    return _HEADER + body + _FOOTER


def main(argv: Sequence[str] | None = None) -> int:
    """Write, or with ``--check`` verify, the generated namespace module.

    Parameters
    ----------
    argv : sequence of str, optional
        Command-line arguments; defaults to ``sys.argv[1:]``.

    Returns
    -------
    int
        0 on success; 1 if ``--check`` found the module out of date.
    """
    parser = argparse.ArgumentParser(
        prog="python -m mediakg._namespace_gen",
        description="Generate src/mediakg/namespace.py from ontology/mediakg.ttl.",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if namespace.py differs from what would be generated",
    )
    args = parser.parse_args(argv)

    expected = render(load_terms())
    target = namespace_path()
    if args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current != expected:
            print(
                f"{target} is out of date; run `python -m mediakg._namespace_gen`",
                file=sys.stderr,
            )
            return 1
        return 0
    # newline="" keeps the output byte-identical across platforms.
    target.write_text(expected, encoding="utf-8", newline="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
