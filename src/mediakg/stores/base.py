"""The interface every store offers, and the conversions they share.

A store keeps an RDF dataset with one named graph per source document. Query results come back
as plain Python values (``str`` for IRIs, ``int``, ``float``, ``bool``, ``datetime.date`` for typed
literals, ``None`` when unbound), the same whichever store answered.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Literal, URIRef

from mediakg.errors import QueryError

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Dataset

__all__ = [
    "QUERY_FORMS",
    "SelectResult",
    "Store",
    "python_value",
    "query_form",
    "rdflib_internal_deprecations",
]

Term = URIRef | Literal | BNode
Triple = tuple[Term, Term, Term]
Quad = tuple[Term, Term, Term, URIRef]

QUERY_FORMS = ("select", "ask", "construct", "describe")
_UPDATE_VERBS = {
    "insert",
    "delete",
    "load",
    "clear",
    "create",
    "drop",
    "copy",
    "move",
    "add",
    "with",
}
# A comment starts with '#' outside IRIs and strings; requiring whitespace or a line start
# before it keeps IRIs with fragments ('<...#x>') intact, which is all a prologue scan needs.
_COMMENT = re.compile(r"(^|\s)#[^\n]*")
_PROLOGUE = re.compile(r"\s*(?:(?:BASE\s*<[^>]*>)|(?:PREFIX\s+[\w.-]*:\s*<[^>]*>))", re.IGNORECASE)


def query_form(sparql: str) -> str:
    """Return ``select``, ``ask``, ``construct``, ``describe`` or ``update`` for a SPARQL text.

    Raises
    ------
    QueryError
        If the text starts with neither a query form nor an update operation.

    Examples
    --------
    >>> query_form("PREFIX s: <http://schema.org/> # people\\nSELECT ?p WHERE { ?p a s:Person }")
    'select'
    >>> query_form("DROP ALL")
    'update'
    """
    text = _COMMENT.sub(" ", sparql)
    pos = 0
    while match := _PROLOGUE.match(text, pos):
        pos = match.end()
    word = re.match(r"\s*([A-Za-z]+)", text[pos:])
    verb = word.group(1).lower() if word else ""
    if verb in QUERY_FORMS:
        return verb
    if verb in _UPDATE_VERBS:
        return "update"
    shown = text[pos:].strip()[:40] or "(empty)"
    raise QueryError(
        "not a SPARQL query or update: expected SELECT, ASK, CONSTRUCT, DESCRIBE or an update "
        f"operation, found {shown!r}"
    )


@dataclass(frozen=True)
class SelectResult:
    """The rows of a query, as plain Python values, with the column names in order."""

    columns: list[str]
    rows: list[tuple[Any, ...]]


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {
    f"{_XSD}{t}"
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
}
_FLOATS = {f"{_XSD}decimal", f"{_XSD}double", f"{_XSD}float"}


def python_value(lexical: str, datatype: str | None) -> Any:
    """Return the Python value of a literal from its lexical form and datatype IRI.

    Ill-typed literals (``"abc"^^xsd:integer``) come back as their text rather than failing a
    whole result.

    Examples
    --------
    >>> python_value("3", "http://www.w3.org/2001/XMLSchema#integer")
    3
    >>> python_value("2011-09-01", "http://www.w3.org/2001/XMLSchema#date")
    datetime.date(2011, 9, 1)
    """
    try:
        if datatype in _INTEGERS:
            return int(lexical)
        if datatype in _FLOATS:
            return float(lexical)
        if datatype == f"{_XSD}boolean":
            return lexical.strip() in ("true", "1")
        if datatype == f"{_XSD}date":
            return dt.date.fromisoformat(lexical)
        if datatype == f"{_XSD}dateTime":
            return dt.datetime.fromisoformat(lexical)
    except ValueError:
        return lexical
    return lexical


class Store(ABC):
    """A dataset of named graphs that mediakg can load, query and dump.

    Subclasses: :class:`~mediakg.stores.embedded.OxigraphStore` (on disk, the default) and
    :class:`~mediakg.stores.memory.MemoryStore` (rdflib in memory).
    """

    #: Short name of the store kind, as in the store registry.
    kind: str = ""
    #: Where the store lives, for messages: a path, ``"memory"``, a URL.
    location: str = ""

    @abstractmethod
    def replace_graph(
        self,
        graph: URIRef,
        triples: Iterable[Triple] = (),
        quads: Sequence[pyoxigraph.Quad] = (),
    ) -> int:
        """Replace ``graph`` (and any graph ``quads`` name) with the given content, atomically.

        Returns the number of quads written.
        """

    @abstractmethod
    def add_triples(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        """Add triples to ``graph`` without removing what it holds."""

    @abstractmethod
    def drop_graph(self, graph: URIRef) -> None:
        """Remove ``graph`` and everything in it; absent graphs are ignored."""

    @abstractmethod
    def graphs(self) -> list[URIRef]:
        """Return the names of the named graphs, sorted."""

    @abstractmethod
    def select(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        graphs: Sequence[URIRef] | None = None,
    ) -> SelectResult:
        """Run a SELECT (or ASK, CONSTRUCT, DESCRIBE) query over the union of the graphs.

        ``bindings`` pre-binds variables (without ``?``) to terms. ``graphs`` restricts the
        default graph to those named graphs. ASK gives one column ``ask``; CONSTRUCT and
        DESCRIBE give ``subject``, ``predicate``, ``object``.
        """

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update in one transaction."""

    @abstractmethod
    def iter_quads(self, graphs: Sequence[URIRef] | None = None) -> Iterator[Quad]:
        """Yield the quads of the given named graphs (all named graphs when ``None``)."""

    @property
    @abstractmethod
    def dataset(self) -> Dataset:
        """The store as an rdflib ``Dataset``, for code written against rdflib."""

    def close(self) -> None:  # noqa: B027 - a no-op is right for stores with nothing to release
        """Release the store; it must not be used afterwards."""


@contextmanager
def rdflib_internal_deprecations() -> Iterator[None]:
    """Silence the deprecation warnings rdflib 7 raises from inside its own code.

    rdflib's SPARQL engine and N-Quads serialiser call its own deprecated ``Dataset`` methods;
    the warning is about rdflib, not the caller, and must not fail callers who turn warnings
    into errors. Warnings from the caller's own use of those methods are left alone elsewhere.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore",
            message=r"(Dataset\.(default_context|contexts|identifier)|ConjunctiveGraph) "
            r"is deprecated",
            category=DeprecationWarning,
        )
        yield
