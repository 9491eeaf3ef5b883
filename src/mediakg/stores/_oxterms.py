"""Conversions between rdflib terms, pyoxigraph terms and plain Python values."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from mediakg.stores.base import Term, python_value

__all__ = ["from_ox", "to_ox", "to_python"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_ox(term: Term) -> Any:
    """Return the pyoxigraph term for an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def from_ox(term: Any) -> Term:
    """Return the rdflib term for a pyoxigraph term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:
        # RDF 1.1: a simple literal is an xsd:string; rdflib keeps the two apart, so pick one.
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def to_python(term: Any) -> Any:
    """Return the plain Python value of a pyoxigraph term (``None`` stays ``None``)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if term.language:
        return term.value
    return python_value(term.value, term.datatype.value)
