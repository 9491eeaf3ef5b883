"""The default store: Oxigraph on disk, through pyoxigraph, with rdflib access via oxrdflib.

Queries run on Oxigraph's native SPARQL engine; :attr:`OxigraphStore.dataset` gives the same data
as an rdflib ``Dataset`` for code written against rdflib.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import URIRef

from mediakg.errors import QueryError, StoreError
from mediakg.stores._oxterms import from_ox, to_ox, to_python
from mediakg.stores.base import Quad, SelectResult, Store, Term, Triple

if TYPE_CHECKING:
    from rdflib import Dataset

__all__ = ["OxigraphStore"]


class OxigraphStore(Store):
    """An Oxigraph store in a directory, created when missing.

    Parameters
    ----------
    path : str or os.PathLike, optional
        The store's directory. ``None`` gives a temporary in-memory Oxigraph store.
    read_only : bool
        Open an existing store without taking the write lock, so that several processes can
        read it.

    Raises
    ------
    StoreError
        If the directory holds something else, or another process has the store open.

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> store = OxigraphStore()
    >>> g = URIRef("http://example.org/doc")
    >>> name = URIRef("http://schema.org/name")
    >>> store.replace_graph(g, [(URIRef("http://example.org/a"), name, Literal("A"))])
    1
    >>> store.select("SELECT ?n WHERE { ?s <http://schema.org/name> ?n }").rows
    [('A',)]
    """

    kind = "oxigraph"

    def __init__(
        self, path: str | os.PathLike[str] | None = None, *, read_only: bool = False
    ) -> None:
        self.location = str(path) if path is not None else "memory (oxigraph)"
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(os.fspath(path))
            else:
                Path(path).mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(os.fspath(path))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {_reason(exc)}") from exc
        self._dataset: Dataset | None = None
        self._read_only = read_only

    # -- writing ---------------------------------------------------------------------------

    def replace_graph(
        self, graph: URIRef, triples: Iterable[Triple] = (), quads: Sequence[Any] = ()
    ) -> int:
        target = ox.NamedNode(str(graph))
        new = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), target) for s, p, o in triples]
        for q in quads:
            new.append(
                q
                if not isinstance(q.graph_name, ox.DefaultGraph)
                else ox.Quad(q.subject, q.predicate, q.object, target)
            )
        names = {target} | {q.graph_name for q in new}
        try:
            if not any(self._store.contains_named_graph(n) for n in names):
                # Nothing to remove: one transactional extend is the fast path.
                self._store.extend(new)
            else:
                # Removing and inserting must be one transaction, so that a reader or a crash
                # never sees the document half replaced: one SPARQL update does both.
                self._store.update(_replace_update(names, new))
        except OSError as exc:
            raise StoreError(
                f"cannot write to the store at {self.location}: {_reason(exc)}"
            ) from exc
        return len(new)

    def add_triples(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        target = ox.NamedNode(str(graph))
        self._store.extend([ox.Quad(to_ox(s), to_ox(p), to_ox(o), target) for s, p, o in triples])

    def drop_graph(self, graph: URIRef) -> None:
        self._store.update(f"DROP SILENT GRAPH <{graph}>")

    def update(self, sparql: str) -> None:
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {_syntax(exc)}") from exc
        except OSError as exc:
            raise StoreError(
                f"update failed on the store at {self.location}: {_reason(exc)}"
            ) from exc

    # -- reading ---------------------------------------------------------------------------

    def graphs(self) -> list[URIRef]:
        return sorted(
            URIRef(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)
        )

    def select(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        graphs: Sequence[URIRef] | None = None,
    ) -> SelectResult:
        options: dict[str, Any] = {}
        if graphs is None:
            options["use_default_graph_as_union"] = True
        else:
            options["default_graph"] = [ox.NamedNode(str(g)) for g in graphs]
        if bindings:
            options["substitutions"] = {ox.Variable(k): to_ox(v) for k, v in bindings.items()}
        try:
            result = self._store.query(sparql, **options)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {_syntax(exc)}") from exc
        except (OSError, ValueError) as exc:
            raise QueryError(f"query failed on the store at {self.location}: {exc}") from exc
        if isinstance(result, ox.QueryBoolean):
            return SelectResult(["ask"], [(bool(result),)])
        if isinstance(result, ox.QueryTriples):
            return SelectResult(
                ["subject", "predicate", "object"],
                [
                    (to_python(t.subject), to_python(t.predicate), to_python(t.object))
                    for t in result
                ],
            )
        columns = [v.value for v in result.variables]
        width = range(len(columns))
        rows = [tuple(to_python(solution[i]) for i in width) for solution in result]
        return SelectResult(columns, rows)

    def iter_quads(self, graphs: Sequence[URIRef] | None = None) -> Iterator[Quad]:
        names = (
            [ox.NamedNode(str(g)) for g in graphs]
            if graphs is not None
            else [g for g in self._store.named_graphs()]
        )
        for name in names:
            graph = URIRef(name.value)
            for q in self._store.quads_for_pattern(None, None, None, name):
                yield from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), graph

    @property
    def dataset(self) -> Dataset:
        if self._dataset is None:
            from oxrdflib import OxigraphStore as RdflibOxigraphStore
            from rdflib import Dataset

            self._dataset = Dataset(
                store=RdflibOxigraphStore(store=self._store), default_union=True
            )
        return self._dataset

    @property
    def native(self) -> ox.Store:
        """The underlying ``pyoxigraph.Store``, for Oxigraph's own API (bulk loads, dumps)."""
        return self._store

    def close(self) -> None:
        store = self.__dict__.pop("_store", None)
        if store is not None and not self._read_only:
            store.flush()


def _replace_update(names: set[Any], quads: list[Any]) -> str:
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
    drops = "".join(f"DROP SILENT GRAPH {name} ;\n" for name in sorted(map(str, names)))
    blocks = "\n".join(
        f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}" for g, lines in sorted(by_graph.items())
    )
    return f"{drops}INSERT DATA {{\n{blocks}\n}}"


def _syntax(exc: SyntaxError) -> str:
    return str(exc.msg) if exc.msg else str(exc)


def _reason(exc: OSError) -> str:
    text = str(exc)
    if "lock" in text.lower():
        return "it is locked by another process (close the other mediakg or use --read-only)"
    return text
