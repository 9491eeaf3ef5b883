"""rdflib's in-memory store: for small graphs, tests and notebooks without a store on disk."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, cast

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.query import Result

from mediakg.errors import QueryError
from mediakg.stores.base import (
    Quad,
    SelectResult,
    Store,
    Term,
    Triple,
    python_value,
    rdflib_internal_deprecations,
)

__all__ = ["MemoryStore"]


class MemoryStore(Store):
    """An rdflib ``Dataset`` in memory; nothing is written to disk.

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> store = MemoryStore()
    >>> store.replace_graph(URIRef("http://example.org/doc"),
    ...     [(URIRef("http://example.org/a"), URIRef("http://schema.org/name"), Literal("A"))])
    1
    >>> store.graphs()
    [rdflib.term.URIRef('http://example.org/doc')]
    """

    kind = "memory"
    location = "memory"

    def __init__(self) -> None:
        self._dataset = Dataset(default_union=True)

    def replace_graph(
        self, graph: URIRef, triples: Iterable[Triple] = (), quads: Sequence[Any] = ()
    ) -> int:
        grouped: dict[URIRef, list[Triple]] = {graph: list(triples)}
        if quads:
            from mediakg.stores._oxterms import from_ox  # quads come from pyoxigraph's parser
        for q in quads:
            name = (
                graph
                if q.graph_name.__class__.__name__ == "DefaultGraph"
                else URIRef(q.graph_name.value)
            )
            grouped.setdefault(name, []).append(
                (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object))
            )
        for name in grouped:
            self._dataset.remove_graph(name)
        for name, content in grouped.items():
            target = self._dataset.graph(name)
            for t in content:
                target.add(t)
        return sum(len(c) for c in grouped.values())

    def add_triples(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        target = self._dataset.graph(graph)
        for t in triples:
            target.add(t)

    def drop_graph(self, graph: URIRef) -> None:
        self._dataset.remove_graph(graph)

    def update(self, sparql: str) -> None:
        try:
            with rdflib_internal_deprecations():
                self._dataset.update(sparql)
        except Exception as exc:  # rdflib raises several unrelated types for bad SPARQL
            raise QueryError(f"SPARQL update failed: {exc}") from exc

    def graphs(self) -> list[URIRef]:
        return sorted(
            g.identifier
            for g in self._dataset.graphs()
            if isinstance(g.identifier, URIRef)
            and g.identifier != DATASET_DEFAULT_GRAPH_ID
            and len(g) > 0
        )

    def select(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        graphs: Sequence[URIRef] | None = None,
    ) -> SelectResult:
        source: Graph | Dataset = self._dataset
        if graphs is not None:
            source = Graph()
            for g in graphs:
                for t in self._dataset.graph(g):
                    source.add(t)
        try:
            with rdflib_internal_deprecations():
                result: Result = source.query(sparql, initBindings=dict(bindings or {}))
                rows: list[Any] = list(result) if result.type == "SELECT" else []
        except Exception as exc:  # rdflib raises several unrelated types for bad SPARQL
            raise QueryError(f"SPARQL query failed: {exc}") from exc
        if result.type == "ASK":
            return SelectResult(["ask"], [(bool(result.askAnswer),)])
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            assert result.graph is not None
            return SelectResult(
                ["subject", "predicate", "object"],
                [tuple(_python(t) for t in triple) for triple in result.graph],
            )
        columns = [str(v) for v in (result.vars or [])]
        width = range(len(columns))
        return SelectResult(columns, [tuple(_python(row[i]) for i in width) for row in rows])

    def iter_quads(self, graphs: Sequence[URIRef] | None = None) -> Iterator[Quad]:
        for name in graphs if graphs is not None else self.graphs():
            for s, p, o in self._dataset.graph(name):
                yield cast(Quad, (s, p, o, name))

    @property
    def dataset(self) -> Dataset:
        return self._dataset


def _python(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        return python_value(str(term), str(term.datatype) if term.datatype else None)
    return str(term)
