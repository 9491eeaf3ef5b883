"""Copy the named graphs of a store to a SPARQL server: idempotent and resumable per graph.

Each graph on the server ends up exactly as in the source. After a graph is complete on the
server, its digest (SHA-256 of its sorted N-Triples) is recorded there, in the bookkeeping graph
:data:`~mediakg.stores.remote.PUSH_GRAPH`; a graph is dropped, and its digest forgotten, before
it is written again. So a push run again skips the graphs whose digest and triple count on the
server still match, and rewrites the others whole: one that was interrupted, changed locally,
or changed on the server. Nothing is lost and nothing is doubled. Graphs on the server that
the source does not have are left alone.

Two ways of writing:

``update``
    SPARQL 1.1 Update: ``DROP`` and ``INSERT DATA`` in requests of ``batch_size`` triples
    (default 1,000). Small graphs share a request and are never split, so each is replaced in
    one transaction on servers that run a request as one (Oxigraph, Fuseki, GraphDB).
``graph-store``
    The Graph Store HTTP Protocol: one ``PUT`` per graph (then ``POST`` for the rest of a graph
    bigger than ``batch_size``, default 50,000 triples). On an Oxigraph server, small graphs are
    grouped and posted as N-Quads to the dataset, Oxigraph's extension of the protocol, after
    one ``DROP`` request for the group.

``auto`` (the default) takes the graph store when the server offers one.
"""

from __future__ import annotations

import hashlib
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from rdflib import URIRef

from mediakg.errors import StoreError
from mediakg.stores.base import Store
from mediakg.stores.remote import (
    PUSH_DIGEST,
    PUSH_GRAPH,
    EndpointError,
    RemoteStore,
    blank_first,
    forget_digests,
    sparql_term,
    update_requests,
)

if TYPE_CHECKING:
    from mediakg.kg import KnowledgeGraph

__all__ = ["PUSH_METHODS", "PushReport", "graph_lines", "push"]

PUSH_METHODS = ("auto", "update", "graph-store")
"""How :func:`push` writes: SPARQL Update, the Graph Store Protocol, or the best on offer."""

_DEFAULT_BATCH = {"update": 1_000, "graph-store": 50_000}
_GRAPHS_PER_QUERY = 500


@dataclass
class PushReport:
    """What a push did: graphs pushed and skipped, triples and requests sent, time taken."""

    method: str = ""
    graphs: int = 0
    pushed: int = 0
    up_to_date: int = 0
    triples: int = 0
    requests: int = 0
    seconds: float = 0.0
    pushed_graphs: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for people.

        Examples
        --------
        >>> PushReport("update", graphs=3, pushed=2, up_to_date=1, triples=2000, requests=3,
        ...            seconds=0.5).summary()
        'pushed 2 of 3 graphs (2,000 triples in 3 requests, update, 4,000 triples/s); 1 up to date'
        """
        rate = f", {self.triples / self.seconds:,.0f} triples/s" if self.seconds > 0 else ""
        requests = f"{self.requests} request{'' if self.requests == 1 else 's'}"
        return (
            f"pushed {self.pushed} of {self.graphs} graphs ({self.triples:,} triples in "
            f"{requests}, {self.method}{rate}); {self.up_to_date} up to date"
        )


def push(
    source: Store | KnowledgeGraph,
    target: RemoteStore | KnowledgeGraph,
    *,
    graphs: Sequence[str | URIRef] | None = None,
    method: str = "auto",
    batch_size: int | None = None,
    force: bool = False,
    on_progress: Callable[[PushReport], None] | None = None,
) -> PushReport:
    """Copy named graphs from ``source`` to the server behind ``target``.

    Parameters
    ----------
    source : Store or KnowledgeGraph
        Where the graphs are, usually the embedded store.
    target : RemoteStore or KnowledgeGraph
        The server; it needs an update endpoint (for ``DROP`` and the digests).
    graphs : sequence of str, optional
        The named graphs to push; default all of the source's.
    method : {"auto", "update", "graph-store"}
        How to write; see :mod:`mediakg.push`.
    batch_size : int, optional
        Triples per request: default 1,000 for ``update``, 50,000 for ``graph-store``.
    force : bool
        Rewrite every graph, even those the server already holds unchanged.
    on_progress : callable, optional
        Called with the running report after every request.

    Returns
    -------
    PushReport

    Raises
    ------
    EndpointError
        If the server fails or goes away (after the retries); the message says how far the
        push got. Run the same push again to finish it.
    StoreError
        If the target has no update endpoint, or ``graph-store`` is asked of a server that
        offers none.

    Examples
    --------
    >>> from mediakg import KnowledgeGraph
    >>> from mediakg.records import Person
    >>> kg = KnowledgeGraph.memory()
    >>> _ = kg.add_records([Person(name="Ada Example")], graph="urn:example:doc")
    >>> remote = KnowledgeGraph.connect("http://127.0.0.1:9/query")  # no update endpoint
    >>> push(kg, remote)
    Traceback (most recent call last):
    ...
    mediakg.errors.StoreError: push needs an update endpoint on http://127.0.0.1:9/query: ...
    """
    src = source if isinstance(source, Store) else source.store
    dst = target if isinstance(target, RemoteStore) else target.store
    if not isinstance(dst, RemoteStore):
        raise StoreError(f"push writes to a SPARQL endpoint, not to a {dst.kind} store")
    if not dst.update_endpoint:
        raise StoreError(
            f"push needs an update endpoint on {dst.endpoint}: give --update-endpoint URL "
            "(or update_endpoint=)"
        )
    if method not in PUSH_METHODS:
        raise StoreError(f"unknown push method {method!r}; methods: {', '.join(PUSH_METHODS)}")
    if method == "auto":
        method = "graph-store" if dst.graph_store else "update"
    elif method == "graph-store" and not dst.graph_store:
        raise StoreError(
            f"{dst.endpoint} offers no Graph Store HTTP Protocol endpoint that mediakg could "
            "find: give it with --graph-store URL, or use --method update"
        )
    batch = batch_size or _DEFAULT_BATCH[method]
    names = [URIRef(str(g)) for g in graphs] if graphs is not None else src.graphs()
    names = [g for g in names if g != PUSH_GRAPH]
    for g in names:
        sparql_term(g)  # refuse a graph name that cannot be written safely, before writing
    report = PushReport(method=method, graphs=len(names))
    started = time.perf_counter()
    try:
        known = {} if force else _server_state(dst, names)
        todo = _changed(src, names, known, report)
        if method == "update":
            _push_update(dst, todo, batch, report, started, on_progress)
        else:
            _push_graph_store(dst, todo, batch, report, started, on_progress)
    except EndpointError as exc:
        raise EndpointError(
            f"push stopped after {report.pushed} of {report.graphs - report.up_to_date} graphs "
            f"to write ({exc}); run the same push again to finish it",
            endpoint=exc.endpoint,
            status=exc.status,
        ) from exc
    report.seconds = time.perf_counter() - started
    return report


def graph_lines(store: Store, graph: URIRef) -> list[str]:
    """Return the triples of one named graph as sorted N-Triples lines (without newlines).

    Examples
    --------
    >>> from mediakg import KnowledgeGraph
    >>> from mediakg.records import Person
    >>> kg = KnowledgeGraph.memory()
    >>> _ = kg.add_records([Person(name="Ada Example")], graph="urn:example:doc")
    >>> graph_lines(kg.store, URIRef("urn:example:doc"))[0]
    '<https://w3id.org/mediakg/id/person/ada-example> <http://schema.org/name> "Ada Example" .'
    """
    from mediakg.stores.embedded import OxigraphStore

    if isinstance(store, OxigraphStore):
        import pyoxigraph as ox

        # Oxigraph's own N-Triples writer: the same canonical lines as str(term), faster.
        text = store.native.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(graph)))
        return sorted((text or b"").decode("utf-8").splitlines())
    from mediakg.stores._oxterms import to_ox

    return sorted(f"{to_ox(s)} {to_ox(p)} {to_ox(o)} ." for s, p, o, _ in store.iter_quads([graph]))


# -- deciding what to write ------------------------------------------------------------------


def _server_state(dst: RemoteStore, names: Sequence[URIRef]) -> dict[str, tuple[str, int]]:
    """Digest and triple count on the server of each graph that has a recorded digest."""
    rows = dst.select_raw(
        f"SELECT ?g ?d WHERE {{ GRAPH <{PUSH_GRAPH}> {{ ?g <{PUSH_DIGEST}> ?d }} }}"
    ).rows
    wanted = {str(g) for g in names}
    digests = {str(g): str(d) for g, d in rows if str(g) in wanted}
    marked = sorted(digests)
    counts: dict[str, int] = {}
    for start in range(0, len(marked), _GRAPHS_PER_QUERY):
        values = " ".join(f"<{g}>" for g in marked[start : start + _GRAPHS_PER_QUERY])
        counts.update(
            (str(g), int(n))
            for g, n in dst.select_raw(
                f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} "
                "GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
            ).rows
        )
    return {g: (d, counts.get(g, 0)) for g, d in digests.items()}


@dataclass(frozen=True)
class _Graph:
    name: str  # as <iri>
    lines: list[str]
    digest: str


def _changed(
    src: Store, names: Sequence[URIRef], known: dict[str, tuple[str, int]], report: PushReport
) -> Iterator[_Graph]:
    for g in names:
        lines = graph_lines(src, g)
        digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
        if known.get(str(g)) == (digest, len(lines)):
            report.up_to_date += 1
            continue
        yield _Graph(f"<{g}>", lines, digest)


# -- writing ---------------------------------------------------------------------------------


def _progress(
    report: PushReport,
    triples: int,
    done: Iterable[str],
    started: float,
    on_progress: Callable[[PushReport], None] | None,
) -> None:
    report.requests += 1
    report.triples += triples
    for name in done:
        report.pushed += 1
        report.pushed_graphs.append(name[1:-1])
    report.seconds = time.perf_counter() - started
    if on_progress is not None:
        on_progress(report)


class _Sender:
    """Sends requests in order on a second thread, so that reading the next graphs from the
    source overlaps the server's work on the last request; the first failure stops it and is
    raised in the caller's thread."""

    def __init__(
        self,
        report: PushReport,
        started: float,
        on_progress: Callable[[PushReport], None] | None,
        depth: int = 2,
    ) -> None:
        self.report = report
        self.started = started
        self.on_progress = on_progress
        self.jobs: queue.Queue[tuple[Callable[[], object], int, tuple[str, ...]] | None] = (
            queue.Queue(maxsize=depth)
        )
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="mediakg-push", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while (job := self.jobs.get()) is not None:
            if self.error is not None:
                continue  # drain: after a failure nothing more is sent
            call, triples, done = job
            try:
                call()
                _progress(self.report, triples, done, self.started, self.on_progress)
            except BaseException as exc:  # handed to the caller's thread by submit/close
                self.error = exc

    def submit(
        self, call: Callable[[], object], triples: int = 0, done: Sequence[str] = ()
    ) -> None:
        if self.error is not None:
            raise self.error
        self.jobs.put((call, triples, tuple(done)))

    def close(self) -> None:
        """Wait for every request; raise the first failure."""
        self.jobs.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error

    def abandon(self) -> None:
        """Stop after the request being sent (the caller failed)."""
        self.error = self.error or RuntimeError("push abandoned")
        self.jobs.put(None)
        self.thread.join()


def _sending(
    work: Callable[[_Sender], None],
    report: PushReport,
    started: float,
    on_progress: Callable[[PushReport], None] | None,
) -> None:
    sender = _Sender(report, started, on_progress)
    try:
        work(sender)
    except BaseException:
        if sender.error is not None:
            sender.abandon()
            raise sender.error from None
        sender.abandon()
        raise
    sender.close()


def _push_update(
    dst: RemoteStore,
    todo: Iterator[_Graph],
    batch: int,
    report: PushReport,
    started: float,
    on_progress: Callable[[PushReport], None] | None,
) -> None:
    digests: dict[str, str] = {}

    def blocks() -> Iterator[tuple[str, list[str]]]:
        for graph in todo:
            digests[graph.name] = graph.digest
            yield graph.name, graph.lines

    def work(sender: _Sender) -> None:
        for request in update_requests(blocks(), replace=True, batch=batch, digests=digests):
            text = request.text
            sender.submit(partial(dst.update, text), request.triples, request.done)
            for name in request.done:
                digests.pop(name, None)

    _sending(work, report, started, on_progress)


def _push_graph_store(
    dst: RemoteStore,
    todo: Iterator[_Graph],
    batch: int,
    report: PushReport,
    started: float,
    on_progress: Callable[[PushReport], None] | None,
) -> None:
    # Oxigraph takes N-Quads for the whole dataset at its graph store: many small graphs per
    # request instead of one request each.
    grouped = dst.server.lower().startswith("oxigraph")

    def work(sender: _Sender) -> None:
        group: list[_Graph] = []
        size = 0
        finished: list[_Graph] = []  # written, digest not yet recorded

        def record(extra: str = "") -> None:
            # Digests of finished graphs ride on the next request that must be sent anyway.
            ops = [extra] if extra else []
            if finished:
                marks = "\n".join(f'{g.name} <{PUSH_DIGEST}> "{g.digest}" .' for g in finished)
                ops.append(f"INSERT DATA {{ GRAPH <{PUSH_GRAPH}> {{\n{marks}\n}} }}")
            if ops:
                text = " ;\n".join(ops)
                sender.submit(lambda: dst.update(text), 0, [g.name for g in finished])
                finished.clear()

        def forget(graphs: Sequence[_Graph]) -> str:
            names = [g.name for g in graphs]
            return " ;\n".join([*(f"DROP SILENT GRAPH {n}" for n in names), forget_digests(names)])

        def flush_group() -> None:
            nonlocal group, size
            if not group:
                return
            record(forget(group))
            body = "".join(f"{line[:-1]}{g.name} .\n" for g in group for line in g.lines).encode(
                "utf-8"
            )
            sender.submit(lambda: dst.post_quads(body) if body else None, size)
            finished.extend(group)
            group, size = [], 0

        for graph in todo:
            if grouped and len(graph.lines) < batch:
                if size + len(graph.lines) > batch:
                    flush_group()
                group.append(graph)
                size += len(graph.lines)
                continue
            flush_group()
            record(forget_digests([graph.name]))
            ordered, blank = blank_first(graph.lines)
            first = max(batch, blank)
            chunks = [ordered[:first]] + [
                ordered[i : i + batch] for i in range(first, len(ordered), batch)
            ]
            for i, chunk in enumerate(chunks):
                data = "".join(f"{line}\n" for line in chunk).encode("utf-8")
                call = partial(dst.put_graph, graph.name[1:-1], data, append=i > 0)
                sender.submit(call, len(chunk))
            finished.append(graph)
        flush_group()
        record()

    _sending(work, report, started, on_progress)
