"""A remote SPARQL 1.1 endpoint as a store: Virtuoso, Fuseki, GraphDB, Oxigraph server, ...

Queries go through SPARQLWrapper and come back as the same plain Python values the embedded
store gives. Writes use SPARQL 1.1 Update; :mod:`mediakg.push` also uses the Graph Store HTTP
Protocol where the server offers it.

Configuration that does not belong on a command line comes from the environment:

=============================  ===========================================================
``MEDIAKG_ENDPOINT_USER``      user name for HTTP Basic authentication
``MEDIAKG_ENDPOINT_PASSWORD``  its password
``MEDIAKG_ENDPOINT_TOKEN``     a bearer token (``Authorization: Bearer ...``), instead
``MEDIAKG_ENDPOINT_TIMEOUT``   seconds to wait for an answer (default 60)
``MEDIAKG_ENDPOINT_RETRIES``   retries after a 429, a 5xx or a refused or dropped
                               connection, with exponential backoff (default 3)
=============================  ===========================================================

Every failure ends in one line that names the endpoint and what it answered.

Examples
--------
>>> store = RemoteStore("http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update")
>>> store.kind, store.location
('remote', 'http://127.0.0.1:7878/query')
>>> from rdflib import Literal
>>> print(bind_parameters("SELECT ?x WHERE { ?x ?p ?name }", {"name": Literal('Ann "A"')}))
SELECT ?x WHERE { ?x ?p "Ann \\"A\\"" }
"""

from __future__ import annotations

import base64
import http.client
import io
import json
import os
import re
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from email.message import Message
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn, TypeVar

from rdflib import BNode, Literal, URIRef

from mediakg import __version__
from mediakg.errors import QueryError, StoreError
from mediakg.namespace import GRAPH
from mediakg.stores.base import Quad, SelectResult, Store, Term, Triple, python_value, query_form

if TYPE_CHECKING:
    from rdflib import Dataset

__all__ = [
    "ENV_PASSWORD",
    "ENV_RETRIES",
    "ENV_TIMEOUT",
    "ENV_TOKEN",
    "ENV_USER",
    "PUSH_GRAPH",
    "EndpointError",
    "RemoteStore",
    "bind_parameters",
    "sparql_term",
]

ENV_USER = "MEDIAKG_ENDPOINT_USER"
ENV_PASSWORD = "MEDIAKG_ENDPOINT_PASSWORD"
ENV_TOKEN = "MEDIAKG_ENDPOINT_TOKEN"
ENV_TIMEOUT = "MEDIAKG_ENDPOINT_TIMEOUT"
ENV_RETRIES = "MEDIAKG_ENDPOINT_RETRIES"

PUSH_GRAPH = GRAPH["push"]
"""The named graph where :mod:`mediakg.push` records which graphs it copied, and their digest.

It is bookkeeping: :meth:`RemoteStore.graphs` does not list it.
"""
PUSH_DIGEST = URIRef("https://w3id.org/mediakg/push#sha256")
"""Property from a pushed graph's name to the SHA-256 digest of the content pushed."""

USER_AGENT = f"mediakg/{__version__} (media-coverage knowledge graph; Python urllib)"

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 507, 509})
_MAX_BACKOFF = 30.0
_IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_LANGUAGE = re.compile(r"^[A-Za-z]+(?:-[A-Za-z0-9]+)*$")
_VARIABLE_NAME = re.compile(r"^\w+$")
# Graph names per query when a query lists graphs (counts, quads): small enough for any server.
_GRAPHS_PER_QUERY = 500
# Triples per SPARQL Update request when the store writes on its own (ingest, add_triples).
UPDATE_BATCH = 5_000

T = TypeVar("T")


class EndpointError(StoreError, ConnectionError):
    """A SPARQL endpoint cannot be reached, refuses a request, or fails to answer it.

    The message is one line naming the endpoint and its answer; ``endpoint`` and ``status`` (the
    HTTP status, ``None`` when there was no answer) are kept for programs.
    """

    def __init__(self, message: str, *, endpoint: str = "", status: int | None = None) -> None:
        super().__init__(message)
        self.endpoint = endpoint
        self.status = status

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


# -- terms -------------------------------------------------------------------------------------


def sparql_term(term: Term) -> str:
    """Return ``term`` in SPARQL (and N-Triples) syntax, refusing what could break out of it.

    Raises
    ------
    QueryError
        For an IRI with characters IRIs cannot hold (spaces, ``<>"{}|^`\\``), a malformed
        language tag, or a blank node (which cannot be a query parameter).

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> sparql_term(URIRef("https://example.org/a")), sparql_term(Literal(3))
    ('<https://example.org/a>', '"3"^^<http://www.w3.org/2001/XMLSchema#integer>')
    >>> sparql_term(URIRef("https://example.org/a> } ; DROP ALL #"))
    Traceback (most recent call last):
    ...
    mediakg.errors.QueryError: not a valid IRI: 'https://example.org/a> } ; DROP ALL #'
    """
    if isinstance(term, URIRef):
        return _iri(str(term))
    if isinstance(term, Literal):
        text = (
            str(term)
            .replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
        if term.language:
            if not _LANGUAGE.match(term.language):
                raise QueryError(f"not a valid language tag: {term.language!r}")
            return f'"{text}"@{term.language}'
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f'"{text}"^^{_iri(str(term.datatype))}'
        return f'"{text}"'
    raise QueryError(f"a blank node cannot be a query parameter: {term!r}")


def _iri(value: str) -> str:
    if not value or _IRI_FORBIDDEN.search(value):
        raise QueryError(f"not a valid IRI: {value!r}")
    return f"<{value}>"


# -- parameter binding -----------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
             | '''(?:[^'\\]|\\.|'(?!''))*'''
             | "(?:[^"\\\n\r]|\\.)*"
             | '(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F\u2040]+)
  | (?P<word>[A-Za-z_][\w.-]*(?::[\w.:%-]*)?|:[\w.:%-]*)
  | (?P<open>\()
  | (?P<close>\))
  | (?P<brace>[{}])
  | (?P<space>\s+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_CLAUSE_ENDS = {"where", "from", "having", "limit", "offset", "values", "order", "group", "select"}


def bind_parameters(sparql: str, bindings: Mapping[str, Term]) -> str:
    """Return ``sparql`` with each bound variable replaced by its term, as SEP-0007 substitution.

    This is how parameters reach a remote endpoint without splicing user text into a query:
    the values become properly serialised RDF terms (see :func:`sparql_term`), and only
    variable tokens are replaced; strings, IRIs and comments in the query are left alone. A
    bound variable keeps its column: in a projection it becomes ``(term AS ?var)``, in
    ``GROUP BY`` and ``ORDER BY`` a bracketed ``(term)``; everywhere else the term itself, so
    that filters in nested groups see the value, as with the embedded store's substitution.

    Raises
    ------
    QueryError
        If a value cannot be serialised safely, or the query assigns a bound variable itself
        (``AS ?var``, ``VALUES ?var``).

    Examples
    --------
    >>> from rdflib import URIRef
    >>> q = "SELECT ?s ?t WHERE { { ?s ?p ?o FILTER(?o = ?t) } } GROUP BY ?s ?t"
    >>> print(bind_parameters(q, {"t": URIRef("urn:x")}))
    SELECT ?s (<urn:x> AS ?t) WHERE { { ?s ?p ?o FILTER(?o = <urn:x>) } } GROUP BY ?s (<urn:x>)
    """
    if not bindings:
        return sparql
    terms: dict[str, str] = {}
    for name, term in bindings.items():
        if not _VARIABLE_NAME.match(name):
            raise QueryError(f"not a SPARQL variable name: {name!r}")
        terms[name] = sparql_term(term)
    out: list[str] = []
    depth = 0
    clause = ""  # "select", "group" or "order" while inside that clause's variable list
    clause_depth = 0
    previous = ""  # the last significant token, lower-cased
    in_values = False
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup
        text = match.group()
        if kind == "word":
            word = text.lower()
            if clause and word in _CLAUSE_ENDS and depth == clause_depth:
                clause = ""
            if word == "select":
                clause, clause_depth = "select", depth
            elif word in ("group", "order"):
                clause, clause_depth = word, depth
            elif word == "values":
                in_values = True
        elif kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "brace":
            clause = ""
            in_values = False
        elif kind == "var" and text[1:] in terms:
            name, value = text[1:], terms[text[1:]]
            if previous == "as" or in_values:
                raise QueryError(
                    f"the query assigns ?{name} itself, so it cannot be given as a parameter"
                )
            if clause == "select" and depth == clause_depth:
                text = f"({value} AS ?{name})"
            elif clause in ("group", "order") and depth == clause_depth:
                text = f"({value})"
            else:
                text = value
        if kind not in ("space", "comment"):
            previous = match.group().lower()
        out.append(text)
    return "".join(out)


# -- results -----------------------------------------------------------------------------------


def _json_value(cell: Mapping[str, str] | None) -> Any:
    if cell is None:
        return None
    kind = cell.get("type")
    value = cell.get("value", "")
    if kind == "uri":
        return value
    if kind == "bnode":
        return f"_:{value}"
    if "xml:lang" in cell:
        return value
    return python_value(value, cell.get("datatype") or _XSD_STRING)


def _json_term(cell: Mapping[str, str]) -> Term:
    kind = cell.get("type")
    value = cell.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if "xml:lang" in cell:
        return Literal(value, lang=cell["xml:lang"])
    datatype = cell.get("datatype")
    if not datatype or datatype == _XSD_STRING:
        return Literal(value)
    return Literal(value, datatype=URIRef(datatype))


# -- the store ---------------------------------------------------------------------------------

DEFAULT_GRAPH_MODES = ("auto", "server", "union-default-graph", "graph-list")


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint (query, and optionally update) used as a mediakg store.

    Parameters
    ----------
    endpoint : str
        The SPARQL query endpoint, ``http://`` or ``https://``.
    update_endpoint : str, optional
        The SPARQL Update endpoint; without one the store is read-only.
    graph_store : str, optional
        The Graph Store HTTP Protocol endpoint, used by :func:`mediakg.push.push` for fast
        loads. ``None`` guesses it from ``endpoint`` for Oxigraph, Fuseki and GraphDB and
        checks that it answers; ``""`` means none.
    timeout : float, optional
        Seconds to wait for an answer; default ``$MEDIAKG_ENDPOINT_TIMEOUT`` or 60.
    retries : int, optional
        Retries after a 429, a 5xx, or a refused or dropped connection; default
        ``$MEDIAKG_ENDPOINT_RETRIES`` or 3. Waits double from ``backoff`` seconds, or follow
        the server's ``Retry-After``, up to 30 s.
    backoff : float
        The first wait between retries, in seconds.
    default_graph : {"auto", "server", "union-default-graph", "graph-list"}
        How queries see the union of the named graphs, as the embedded store's queries do:
        ``server`` when the server's default graph already is that union (Virtuoso, GraphDB,
        Fuseki with ``unionDefaultGraph``, ``oxigraph serve --union-default-graph``),
        ``union-default-graph`` for Oxigraph's request parameter, ``graph-list`` to name every
        graph in the request (portable, slower with many graphs). ``auto`` tries them in that
        order on the first query.

    Raises
    ------
    StoreError
        If a URL is not ``http(s)://``, or both Basic and bearer credentials are set.
    """

    kind = "remote"

    def __init__(
        self,
        endpoint: str,
        update_endpoint: str | None = None,
        *,
        graph_store: str | None = None,
        timeout: float | None = None,
        retries: int | None = None,
        backoff: float = 0.5,
        default_graph: str = "auto",
    ) -> None:
        self.endpoint = _check_url(endpoint, "endpoint")
        self.update_endpoint = (
            _check_url(update_endpoint, "update endpoint") if update_endpoint else None
        )
        self._graph_store = (
            _check_url(graph_store, "graph store endpoint") if graph_store else graph_store
        )
        self.location = self.endpoint
        self.timeout = float(timeout if timeout is not None else _env_number(ENV_TIMEOUT, 60.0))
        self.retries = int(retries if retries is not None else _env_number(ENV_RETRIES, 3))
        self.backoff = backoff
        if default_graph not in DEFAULT_GRAPH_MODES:
            raise StoreError(
                f"unknown default_graph {default_graph!r}; known: {', '.join(DEFAULT_GRAPH_MODES)}"
            )
        self._mode = default_graph
        self.headers = {"User-Agent": USER_AGENT, **_auth_headers()}
        self._connections: dict[tuple[str, str, int], http.client.HTTPConnection] = {}
        self._dataset: Dataset | None = None
        self._server: str | None = None
        self.requests = 0  # HTTP requests sent, for reports and tests

    def __repr__(self) -> str:
        return f"<RemoteStore {self.endpoint}>"

    # -- writing ---------------------------------------------------------------------------

    def replace_graph(
        self, graph: URIRef, triples: Iterable[Triple] = (), quads: Sequence[Any] = ()
    ) -> int:
        from mediakg.stores._oxterms import to_ox

        blocks: dict[str, list[str]] = {_iri(str(graph)): []}
        for s, p, o in triples:
            blocks[_iri(str(graph))].append(f"{to_ox(s)} {to_ox(p)} {to_ox(o)} .")
        for q in quads:
            name = (
                _iri(str(graph))
                if q.graph_name.__class__.__name__ == "DefaultGraph"
                else str(q.graph_name)
            )
            blocks.setdefault(name, []).append(f"{q.subject} {q.predicate} {q.object} .")
        self.write_graphs(blocks, replace=True)
        return sum(len(lines) for lines in blocks.values())

    def add_triples(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        from mediakg.stores._oxterms import to_ox

        lines = [f"{to_ox(s)} {to_ox(p)} {to_ox(o)} ." for s, p, o in triples]
        self.write_graphs({_iri(str(graph)): lines}, replace=False)

    def drop_graph(self, graph: URIRef) -> None:
        name = _iri(str(graph))
        self.update(f"DROP SILENT GRAPH {name} ;\n{forget_digests([name])}")

    def write_graphs(
        self, blocks: Mapping[str, Sequence[str]], *, replace: bool, batch: int = UPDATE_BATCH
    ) -> int:
        """Write N-Triples lines into graphs (``<iri>`` keys) by SPARQL Update; return requests.

        With ``replace`` the graphs are dropped first. When everything fits in ``batch``
        triples it is one request, so one transaction on most servers; lines with blank nodes
        always travel in the first request, so that they stay one node.
        """
        requests = 0
        for request in update_requests(blocks.items(), replace=replace, batch=batch):
            self.update(request.text)
            requests += 1
        return requests

    def update(self, sparql: str) -> None:
        if not self.update_endpoint:
            raise StoreError(
                f"{self.endpoint} is read-only here: give an update endpoint "
                "(--update-endpoint URL, or update_endpoint=) to change it"
            )
        self.request(
            "POST",
            self.update_endpoint,
            sparql.encode("utf-8"),
            {"Content-Type": "application/sparql-update; charset=utf-8"},
            what="update",
        )

    # -- reading ---------------------------------------------------------------------------

    def graphs(self) -> list[URIRef]:
        rows = self.select_raw("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        return sorted(
            URIRef(g)
            for (g,) in rows
            if isinstance(g, str) and not g.startswith("_:") and g != str(PUSH_GRAPH)
        )

    def select(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        graphs: Sequence[URIRef] | None = None,
    ) -> SelectResult:
        text = bind_parameters(sparql, bindings or {})
        if graphs is not None:
            params = [("default-graph-uri", str(g)) for g in graphs]
        else:
            params = self._union_parameters()
        return self.select_raw(text, params)

    def select_raw(self, sparql: str, params: Sequence[tuple[str, str]] = ()) -> SelectResult:
        """Run a query against the server's own dataset (no union), with extra parameters."""
        form = query_form(sparql)
        if form == "update":
            raise QueryError("a SPARQL Update is not a query: run it with update()")
        body, content_type = self._query(sparql, form, params)
        if form in ("construct", "describe"):
            return SelectResult(
                ["subject", "predicate", "object"],
                _parse_triples(body, content_type, self.endpoint),
            )
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise EndpointError(
                f"{self.endpoint} answered something that is not SPARQL JSON results "
                f"({content_type or 'no content type'})",
                endpoint=self.endpoint,
            ) from exc
        if "boolean" in data:
            return SelectResult(["ask"], [(bool(data["boolean"]),)])
        columns = list(data.get("head", {}).get("vars", []))
        bindings = data.get("results", {}).get("bindings", [])
        return SelectResult(
            columns, [tuple(_json_value(row.get(c)) for c in columns) for row in bindings]
        )

    def iter_quads(self, graphs: Sequence[URIRef] | None = None) -> Iterator[Quad]:
        names = list(graphs) if graphs is not None else self.graphs()
        for start in range(0, len(names), _GRAPHS_PER_QUERY):
            chunk = " ".join(_iri(str(g)) for g in names[start : start + _GRAPHS_PER_QUERY])
            query = (
                f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?g {{ {chunk} }} GRAPH ?g {{ ?s ?p ?o }} }}"
            )
            body, _ = self._query(query, "select", ())
            for row in json.loads(body.decode("utf-8"))["results"]["bindings"]:
                yield (
                    _json_term(row["s"]),
                    _json_term(row["p"]),
                    _json_term(row["o"]),
                    URIRef(row["g"]["value"]),
                )

    @property
    def dataset(self) -> Dataset:
        """The endpoint as an rdflib ``Dataset`` (rdflib's own SPARQL store client).

        rdflib sends queries as they are: they see the server's default graph, not
        necessarily the union of the named graphs.
        """
        if self._dataset is None:
            from rdflib import Dataset
            from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

            store = SPARQLUpdateStore(
                self.endpoint,
                self.update_endpoint,
                headers=dict(self.headers),
                timeout=self.timeout,
            )
            self._dataset = Dataset(store=store, default_union=True)
        return self._dataset

    def close(self) -> None:
        for connection in self._connections.values():
            connection.close()
        self._connections.clear()

    # -- the Graph Store Protocol ----------------------------------------------------------

    @property
    def graph_store(self) -> str | None:
        """The Graph Store HTTP Protocol endpoint, found on first use; ``None`` if there is none.

        Examples
        --------
        >>> RemoteStore("http://127.0.0.1:7878/query", graph_store="").graph_store is None
        True
        """
        if self._graph_store is None:
            self._graph_store = ""
            for candidate in _graph_store_candidates(self.endpoint):
                try:
                    status, headers, _ = self.request(
                        "HEAD",
                        _with_query(candidate, "default"),
                        None,
                        {},
                        what="probe",
                        retry=False,
                    )
                except EndpointError:
                    continue
                if status == 200:
                    self._graph_store = candidate
                    self._server = headers.get("Server", "")
                    break
        return self._graph_store or None

    @property
    def server(self) -> str:
        """The server's ``Server`` header (``"Oxigraph/0.5.13"``), ``""`` when it sends none."""
        if self._server is None:
            status, headers, _ = self.request(
                "GET",
                _with_query(self.endpoint, "query=ASK%7B%7D"),
                None,
                {"Accept": "application/sparql-results+json"},
                what="query",
            )
            self._server = headers.get("Server", "")
        return self._server

    def put_graph(self, graph: str, ntriples: bytes, *, append: bool = False) -> None:
        """Replace (``PUT``) or extend (``POST``) one named graph with N-Triples content."""
        target = self.graph_store
        if target is None:
            raise StoreError(f"{self.endpoint} offers no Graph Store HTTP Protocol endpoint")
        url = _with_query(target, "graph=" + urllib.parse.quote(graph, safe=""))
        self.request(
            "POST" if append else "PUT",
            url,
            ntriples,
            {"Content-Type": "application/n-triples"},
            what="graph store",
        )

    def post_quads(self, nquads: bytes) -> None:
        """Add N-Quads to the dataset through the graph store (an Oxigraph and Fuseki extension)."""
        target = self.graph_store
        if target is None:
            raise StoreError(f"{self.endpoint} offers no Graph Store HTTP Protocol endpoint")
        self.request(
            "POST", target, nquads, {"Content-Type": "application/n-quads"}, what="graph store"
        )

    # -- HTTP ------------------------------------------------------------------------------

    def _query(
        self, sparql: str, form: str, params: Sequence[tuple[str, str]]
    ) -> tuple[bytes, str]:
        """Send a query through SPARQLWrapper; return the body and its content type."""
        wrapper = _wrapper(self, sparql, form, params)

        def attempt() -> tuple[bytes, str]:
            result = wrapper.query()
            with result.response as response:
                return response.read(), response.headers.get("Content-Type", "")

        return self._retrying(self.endpoint, "query", attempt)

    def request(
        self,
        method: str,
        url: str,
        body: bytes | None,
        headers: Mapping[str, str],
        *,
        what: str,
        retry: bool = True,
    ) -> tuple[int, Message, bytes]:
        """Send one HTTP request on a kept-alive connection, with retries; raise on failure."""

        def attempt() -> tuple[int, Message, bytes]:
            return self._send(method, url, body, headers)

        if not retry:
            try:
                return attempt()
            except urllib.error.HTTPError as exc:
                _fail(url, what, exc)
            except OSError as exc:
                _fail(url, what, exc)
        return self._retrying(url, what, attempt)

    def _send(
        self, method: str, url: str, body: bytes | None, headers: Mapping[str, str]
    ) -> tuple[int, Message, bytes]:
        parts = urllib.parse.urlsplit(url)
        key = (parts.scheme, parts.hostname or "", parts.port or 0)
        connection = self._connections.get(key)
        reused = connection is not None
        if connection is None:
            port = parts.port or (443 if parts.scheme == "https" else 80)
            if parts.scheme == "https":
                connection = http.client.HTTPSConnection(
                    parts.hostname or "",
                    port,
                    timeout=self.timeout,
                    context=ssl.create_default_context(),
                )
            else:
                connection = http.client.HTTPConnection(
                    parts.hostname or "", port, timeout=self.timeout
                )
            self._connections[key] = connection
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        self.requests += 1
        try:
            connection.request(method, path, body=body, headers={**self.headers, **headers})
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as exc:
            # A failed exchange leaves the connection in an unknown state: start afresh.
            connection.close()
            self._connections.pop(key, None)
            if reused and isinstance(
                exc, http.client.RemoteDisconnected | BrokenPipeError | ConnectionResetError
            ):
                # The server closed a kept-alive connection while it was idle: that is no
                # failure, so try once on a new connection outside the retry budget.
                self.requests -= 1
                return self._send(method, url, body, headers)
            raise
        if response.status >= 400:
            raise urllib.error.HTTPError(
                url, response.status, response.reason, response.headers, io.BytesIO(data)
            )
        return response.status, response.headers, data

    def _retrying(self, url: str, what: str, attempt: Callable[[], T]) -> T:
        started = time.monotonic()
        for tries in range(self.retries + 1):
            try:
                return attempt()
            except urllib.error.HTTPError as exc:
                if exc.code not in _RETRY_STATUSES or tries == self.retries:
                    _fail(url, what, exc, tries=tries, since=started)
                wait = _retry_after(exc.headers) or self.backoff * 2**tries
                exc.close()
            except (OSError, http.client.HTTPException) as exc:
                if not _retryable(exc) or tries == self.retries:
                    _fail(url, what, exc, tries=tries, since=started)
                wait = self.backoff * 2**tries
            time.sleep(min(wait, _MAX_BACKOFF))
        raise AssertionError("unreachable")  # pragma: no cover

    def _union_parameters(self) -> list[tuple[str, str]]:
        if self._mode == "auto":
            mode = self._detect_mode()
            if mode is None:  # no named graphs yet: nothing to unite
                return []
            self._mode = mode
        if self._mode == "union-default-graph":
            return [("union-default-graph", "")]
        if self._mode == "graph-list":
            names = [str(g) for g in self.graphs()]
            return [("default-graph-uri", g) for g in names] + [
                ("named-graph-uri", g) for g in names
            ]
        return []

    def _detect_mode(self) -> str | None:
        body, _ = self._query(
            "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
            "FILTER(!isBlank(?s) && !isBlank(?o)) } LIMIT 1",
            "select",
            (),
        )
        rows = json.loads(body.decode("utf-8"))["results"]["bindings"]
        if not rows:
            return None  # no named graphs yet: nothing to unite, ask again next time
        s, p, o = (sparql_term(_json_term(rows[0][v])) for v in ("s", "p", "o"))
        ask = f"ASK {{ {s} {p} {o} }}"
        if self.select_raw(ask).rows[0][0]:
            return "server"
        try:
            if self.select_raw(ask, [("union-default-graph", "")]).rows[0][0]:
                return "union-default-graph"
        except (QueryError, EndpointError):
            pass  # a server without Oxigraph's parameter may refuse it
        return "graph-list"


def _wrapper(store: RemoteStore, sparql: str, form: str, params: Sequence[tuple[str, str]]) -> Any:
    import warnings

    from SPARQLWrapper import JSON, POST, TURTLE, URLENCODED, SPARQLWrapper

    class _Wrapper(SPARQLWrapper):
        # SPARQLWrapper turns HTTP errors into exceptions that drop the status and headers;
        # keep urllib's HTTPError so that retries can read Retry-After and messages the status.
        def _query(self) -> tuple[Any, str]:
            request = self._createRequest()
            return urllib.request.urlopen(request, timeout=self.timeout), self.returnFormat

    wrapper = _Wrapper(store.endpoint, agent=USER_AGENT)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its query-type sniffing warns on queries it cannot read
        wrapper.setQuery(sparql)
    wrapper.queryType = form.upper()
    wrapper.setMethod(POST)
    wrapper.setRequestMethod(URLENCODED)
    wrapper.setOnlyConneg(True)
    wrapper.setReturnFormat(TURTLE if form in ("construct", "describe") else JSON)
    wrapper.timeout = store.timeout  # type: ignore[assignment]  # setTimeout() truncates to int
    for name, value in params:
        wrapper.addParameter(name, value)
    for name, value in store.headers.items():
        if name != "User-Agent":
            wrapper.addCustomHttpHeader(name, value)
    wrapper.addCustomHttpHeader(
        "Accept",
        "application/n-triples, text/turtle;q=0.9"
        if form in ("construct", "describe")
        else "application/sparql-results+json",
    )
    return wrapper


def _parse_triples(body: bytes, content_type: str, endpoint: str) -> list[tuple[Any, ...]]:
    import pyoxigraph as ox

    from mediakg.stores._oxterms import to_python

    media = content_type.split(";")[0].strip() or "application/n-triples"
    fmt = ox.RdfFormat.from_media_type(media)
    if fmt is None:
        raise EndpointError(
            f"{endpoint} answered a graph in a format mediakg cannot read ({media})",
            endpoint=endpoint,
        )
    return [
        (to_python(t.subject), to_python(t.predicate), to_python(t.object))
        for t in ox.parse(body, format=fmt)
    ]


# -- SPARQL Update text ------------------------------------------------------------------------


def forget_digests(names: Iterable[str]) -> str:
    """Return an update removing the push digests of the given graphs (``<iri>`` strings)."""
    values = " ".join(names)
    return (
        f"DELETE {{ GRAPH <{PUSH_GRAPH}> {{ ?g <{PUSH_DIGEST}> ?d }} }}\n"
        f"WHERE {{ VALUES ?g {{ {values} }} GRAPH <{PUSH_GRAPH}> {{ ?g <{PUSH_DIGEST}> ?d }} }}"
    )


class UpdateBatch(NamedTuple):
    """One SPARQL Update request: its text, the triples it carries, the graphs it completes."""

    text: str
    triples: int
    done: tuple[str, ...]


def update_requests(
    blocks: Iterable[tuple[str, Sequence[str]]],
    *,
    replace: bool,
    batch: int,
    digests: Mapping[str, str] | None = None,
) -> Iterator[UpdateBatch]:
    """Yield SPARQL Update requests writing N-Triples lines into graphs (``<iri>``, lines).

    Graphs share a request up to ``batch`` triples, and a graph that fits in one request is
    never split; a bigger graph is, with its blank-node lines together in its first request.
    With ``replace`` each graph is dropped, and its push digest forgotten, in the request that
    carries its first triples; ``digests`` (``<iri>`` to hex) are recorded in the request that
    carries a graph's last triples.

    Examples
    --------
    >>> for request in update_requests([("<urn:g>", ["<urn:a> <urn:b> <urn:c> ."])],
    ...                                replace=True, batch=10):
    ...     print(request.text)  # doctest: +ELLIPSIS
    DROP SILENT GRAPH <urn:g> ;
    DELETE { GRAPH <https://w3id.org/mediakg/graph/push> ... ;
    INSERT DATA {
    GRAPH <urn:g> {
    <urn:a> <urn:b> <urn:c> .
    }
    }
    """
    batch = max(batch, 1)
    pending = _Request(replace, digests)
    for name, lines in blocks:
        ordered, blank = blank_first(lines)
        if pending.size and pending.size + len(ordered) > batch:
            yield pending.batch()
            pending = _Request(replace, digests)
        first = max(batch - pending.size, blank)
        chunks = [ordered[:first]] + [
            ordered[i : i + batch] for i in range(first, len(ordered), batch)
        ]
        for i, chunk in enumerate(chunks):
            if i:
                yield pending.batch()
                pending = _Request(replace, digests)
            pending.add(name, chunk, first=i == 0, last=i == len(chunks) - 1)
        if pending.size >= batch:
            yield pending.batch()
            pending = _Request(replace, digests)
    if pending.parts:
        yield pending.batch()


class _Request:
    """One SPARQL Update request being assembled by :func:`update_requests`."""

    def __init__(self, replace: bool, digests: Mapping[str, str] | None) -> None:
        self.replace = replace
        self.digests = digests
        self.starts: list[str] = []
        self.done: list[str] = []
        self.parts: list[tuple[str, Sequence[str]]] = []
        self.size = 0

    def add(self, name: str, lines: Sequence[str], *, first: bool, last: bool) -> None:
        if first:
            self.starts.append(name)
        if last:
            self.done.append(name)
        self.parts.append((name, lines))
        self.size += len(lines)

    def batch(self) -> UpdateBatch:
        return UpdateBatch(self.text(), self.size, tuple(self.done))

    def text(self) -> str:
        ops: list[str] = []
        if self.replace and self.starts:
            ops += [f"DROP SILENT GRAPH {name}" for name in self.starts]
            ops.append(forget_digests(self.starts))
        inner = "\n".join(
            f"GRAPH {name} {{\n" + "\n".join(lines) + "\n}" for name, lines in self.parts if lines
        )
        if inner:
            ops.append(f"INSERT DATA {{\n{inner}\n}}")
        if self.digests and self.done:
            marks = "\n".join(
                f'{name} <{PUSH_DIGEST}> "{self.digests[name]}" .' for name in self.done
            )
            ops.append(f"INSERT DATA {{ GRAPH <{PUSH_GRAPH}> {{\n{marks}\n}} }}")
        return " ;\n".join(ops)


def blank_first(lines: Sequence[str]) -> tuple[list[str], int]:
    """Return N-Triples lines with those that hold blank nodes first, and how many they are.

    Examples
    --------
    >>> blank_first(['<urn:a> <urn:p> "_:not a node" .', '_:b <urn:p> <urn:c> .'])
    (['_:b <urn:p> <urn:c> .', '<urn:a> <urn:p> "_:not a node" .'], 1)
    """
    blank: list[str] = []
    rest: list[str] = []
    for line in lines:
        if "_:" in line and _holds_blank(line):
            blank.append(line)
        else:
            rest.append(line)
    return (blank + rest, len(blank)) if blank else (list(lines), 0)


def _holds_blank(line: str) -> bool:
    # An N-Triples line from pyoxigraph: subject and predicate hold no spaces.
    subject, _, rest = line.partition(" ")
    _, _, obj = rest.partition(" ")
    return subject.startswith("_:") or obj.startswith("_:")


# -- helpers -----------------------------------------------------------------------------------


def _check_url(url: str, what: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"the {what} must be an http:// or https:// URL, got {url!r}")
    return url


def _with_query(url: str, query: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{query}"


def _graph_store_candidates(endpoint: str) -> list[str]:
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rstrip("/")
    found: list[str] = []
    if path.endswith("/query") or path.endswith("/sparql"):
        base = path.rsplit("/", 1)[0]
        found += [base + "/store", base + "/data"]  # Oxigraph, then Fuseki
    if re.search(r"/repositories/[^/]+$", path):
        found.append(path + "/rdf-graphs/service")  # GraphDB, RDF4J
    return [urllib.parse.urlunsplit((parts.scheme, parts.netloc, p, "", "")) for p in found]


def _env_number(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise StoreError(f"${name} must be a number, got {raw!r}") from None
    if value < 0:
        raise StoreError(f"${name} must not be negative, got {raw!r}")
    return value


def _auth_headers() -> dict[str, str]:
    user = os.environ.get(ENV_USER, "")
    password = os.environ.get(ENV_PASSWORD, "")
    token = os.environ.get(ENV_TOKEN, "")
    if token and (user or password):
        raise StoreError(
            f"set either ${ENV_TOKEN} (bearer) or ${ENV_USER} and ${ENV_PASSWORD} (basic), not both"
        )
    if token:
        return {"Authorization": f"Bearer {token}"}
    if user or password:
        pair = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return {"Authorization": f"Basic {pair}"}
    return {}


def _retry_after(headers: Message | None) -> float | None:
    if headers is None:
        return None
    raw = (headers.get("Retry-After") or "").strip()
    try:
        return max(float(raw), 0.0) if raw else None
    except ValueError:
        return None  # an HTTP date: fall back to our own backoff


def _retryable(exc: BaseException) -> bool:
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc, urllib.error.HTTPError):
        reason = exc.reason
        return isinstance(reason, BaseException) and _retryable(reason)
    if isinstance(exc, TimeoutError | socket.gaierror):
        return False  # waiting again for a slow answer, or a name that does not resolve
    return isinstance(
        exc, ConnectionError | http.client.RemoteDisconnected | http.client.BadStatusLine
    )


def _fail(
    url: str,
    what: str,
    exc: BaseException,
    *,
    tries: int = 0,
    since: float | None = None,
) -> NoReturn:
    attempts = (
        f" (gave up after {tries + 1} attempts in {time.monotonic() - since:.1f} s)"
        if tries and since is not None
        else ""
    )
    if isinstance(exc, urllib.error.HTTPError):
        status = exc.code
        reason = _reason(exc)
        detail = _server_message(exc)
        said = f"{status} {reason}".strip()
        if status == 400 and what in ("query", "update"):
            raise QueryError(f"{url} rejected the {what} ({said}): {detail}") from exc
        if status in (401, 407):
            hint = (
                "check the credentials"
                if any(os.environ.get(v) for v in (ENV_USER, ENV_PASSWORD, ENV_TOKEN))
                else f"set ${ENV_USER} and ${ENV_PASSWORD}, or ${ENV_TOKEN}"
            )
            message = f"{url} refused the credentials ({said}): {hint}"
        elif status == 403:
            message = f"{url} refused the {what} ({said}){': ' + detail if detail else ''}"
        elif status == 404:
            message = f"{url} was not found ({said}): is this the right endpoint URL?"
        else:
            message = f"{url} answered {said}{attempts}{': ' + detail if detail else ''}"
        raise EndpointError(message, endpoint=url, status=status) from exc
    cause = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(cause, TimeoutError | socket.timeout):
        raise EndpointError(
            f"{url} did not answer within the timeout (set ${ENV_TIMEOUT} to wait longer)",
            endpoint=url,
        ) from exc
    if isinstance(cause, socket.gaierror):
        raise EndpointError(f"cannot reach {url}: unknown host", endpoint=url) from exc
    if isinstance(cause, ConnectionRefusedError):
        text = "connection refused"
    elif isinstance(cause, http.client.RemoteDisconnected | ConnectionResetError):
        text = "the server closed the connection"
    else:
        text = getattr(cause, "strerror", None) or str(cause) or type(cause).__name__
    raise EndpointError(f"cannot reach {url}: {text}{attempts}", endpoint=url) from exc


def _reason(exc: urllib.error.HTTPError) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(exc.code).phrase
    except ValueError:
        return str(exc.reason or "")


def _server_message(exc: urllib.error.HTTPError) -> str:
    try:
        raw = exc.read()
    except OSError:
        return ""
    finally:
        exc.close()
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    if "<html" in text[:200].lower():
        text = re.sub(r"<[^>]+>", " ", text)
    text = " ".join(text.split())
    return text[:200] + ("..." if len(text) > 200 else "")
