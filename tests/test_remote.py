"""The remote store against a real Oxigraph server on 127.0.0.1, and its one-line failures.

Servers here listen on loopback only: an Oxigraph server (PyPI ``oxigraph``) over a temporary
store, stopped by its process id, and tiny HTTP servers written below that answer 500, 429,
slowly, or only to the right credentials.
"""

from __future__ import annotations

import base64
import http.server
import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from rdflib import Literal

from conftest import EXAMPLE
from mediakg import KnowledgeGraph
from mediakg.cli import main
from mediakg.errors import MediaKGError, QueryError, StoreError
from mediakg.push import push
from mediakg.queries import list_queries
from mediakg.serve import OxigraphServer
from mediakg.stores.remote import (
    ENV_PASSWORD,
    ENV_RETRIES,
    ENV_TIMEOUT,
    ENV_TOKEN,
    ENV_USER,
    PUSH_GRAPH,
    EndpointError,
    RemoteStore,
    bind_parameters,
)

IWPR = "Institute for War and Peace Reporting"
pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (ENV_USER, ENV_PASSWORD, ENV_TOKEN, ENV_TIMEOUT, ENV_RETRIES):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeGraph]:
    kg = KnowledgeGraph.open(tmp_path_factory.mktemp("embedded") / "store")
    assert kg.ingest(EXAMPLE).ok
    yield kg
    kg.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """A plain Oxigraph server: its default graph is not the union of the named graphs."""
    with OxigraphServer(
        tmp_path_factory.mktemp("server") / "store",
        port=0,
        allow_update=True,
        union_default_graph=False,
    ) as running:
        yield running


@pytest.fixture(scope="module")
def remote(embedded: KnowledgeGraph, server: OxigraphServer) -> Iterator[KnowledgeGraph]:
    kg = KnowledgeGraph.connect(server.query_url, server.update_url)
    push(embedded, kg, method="update")
    yield kg
    kg.close()


def _named_runs() -> list[tuple[str, dict[str, str] | None]]:
    runs: list[tuple[str, dict[str, str] | None]] = []
    for q in list_queries():
        if q.params:
            runs += [
                (q.name, {"target": IWPR}),
                (q.name, {"target": "https://w3id.org/mediakg/id/organization/iwpr"}),
                (q.name, {"target": "Nobody In Particular"}),
            ]
        else:
            runs.append((q.name, None))
    return runs


@pytest.mark.parametrize(("name", "params"), _named_runs())
def test_every_named_query_gives_the_embedded_frame(
    embedded: KnowledgeGraph,
    remote: KnowledgeGraph,
    name: str,
    params: dict[str, str] | None,
) -> None:
    expected = embedded.query(name, params=params)
    got = remote.query(name, params=params)
    assert_frame_equal(got, expected)
    if name in ("people", "organisations", "endorsements", "quotations", "citations"):
        assert not got.empty


def test_endorsers_of_finds_the_three_endorsements(remote: KnowledgeGraph) -> None:
    frame = remote.query("endorsers_of", params={"target": IWPR})
    assert len(frame) == 3
    assert list(frame.columns) == [
        "endorser",
        "endorserName",
        "target",
        "targetName",
        "quote",
        "polarity",
    ]


@pytest.mark.parametrize("mode", ["union-default-graph", "graph-list"])
def test_each_way_of_reaching_the_union_gives_the_same_rows(
    embedded: KnowledgeGraph, remote: KnowledgeGraph, server: OxigraphServer, mode: str
) -> None:
    with KnowledgeGraph.connect(server.query_url, default_graph=mode) as kg:
        assert_frame_equal(kg.query("endorsements"), embedded.query("endorsements"))
        # The server also holds push's bookkeeping graph, which the embedded store has not.
        graphs = kg.stats()[1]
        graphs = graphs[graphs["graph"] != str(PUSH_GRAPH)].reset_index(drop=True)
        assert_frame_equal(graphs, embedded.stats()[1])
        assert_frame_equal(kg.stats()[0], embedded.stats()[0])


def test_auto_detects_oxigraphs_union_parameter(remote: KnowledgeGraph) -> None:
    remote.query("people")
    assert isinstance(remote.store, RemoteStore)
    assert remote.store._mode == "union-default-graph"


def test_graphs_counts_and_dumps_match(embedded: KnowledgeGraph, remote: KnowledgeGraph) -> None:
    assert remote.graphs() == embedded.graphs()
    assert str(PUSH_GRAPH) not in remote.graphs()
    assert remote.count() == embedded.count()
    assert remote.dump("nquads") == embedded.dump("nquads")
    assert remote.dump("turtle") == embedded.dump("turtle")


def test_ask_and_construct(embedded: KnowledgeGraph, remote: KnowledgeGraph) -> None:
    assert remote.query("ASK { ?s a <http://schema.org/Person> }")["ask"].tolist() == [True]
    construct = (
        "CONSTRUCT { ?p <http://schema.org/name> ?n } "
        "WHERE { ?p a <http://schema.org/Person> ; <http://schema.org/name> ?n }"
    )
    got, expected = remote.query(construct), embedded.query(construct)
    assert list(got.columns) == ["subject", "predicate", "object"]
    assert sorted(map(tuple, got.values.tolist())) == sorted(map(tuple, expected.values.tolist()))


def test_hostile_parameter_values_stay_values(remote: KnowledgeGraph) -> None:
    before = remote.count()
    for value in ('x" } } ; DROP ALL ; #', "x'''\n} DROP ALL", "?targetRef", "\\u0022 }"):
        frame = remote.query("endorsers_of", params={"target": value})
        assert frame.empty
    with pytest.raises(QueryError, match="not a valid IRI"):
        remote.query("endorsers_of", params={"target": "<https://x.example/a> } DROP ALL #>"})
    assert remote.count() == before


def test_bind_parameters_leaves_strings_iris_and_comments_alone() -> None:
    query = (
        '# ?t in a comment\nSELECT ?t (COUNT(?x) AS ?n) WHERE { ?x <urn:p#?t> "?t" . '
        "FILTER(?x != ?t) } GROUP BY ?t ORDER BY DESC(?t)"
    )
    bound = bind_parameters(query, {"t": Literal("v")})
    assert bound == (
        '# ?t in a comment\nSELECT ("v" AS ?t) (COUNT(?x) AS ?n) WHERE { ?x <urn:p#?t> "?t" . '
        'FILTER(?x != "v") } GROUP BY ("v") ORDER BY DESC("v")'
    )
    with pytest.raises(QueryError, match=r"assigns \?t itself"):
        bind_parameters("SELECT * WHERE { BIND(1 AS ?t) }", {"t": Literal(2)})
    with pytest.raises(QueryError, match="blank node"):
        from rdflib import BNode

        bind_parameters("SELECT ?t WHERE {}", {"t": BNode()})


def test_updates_need_an_update_endpoint(server: OxigraphServer) -> None:
    with (
        KnowledgeGraph.connect(server.query_url) as kg,
        pytest.raises(StoreError, match="read-only here: give an update endpoint"),
    ):
        kg.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")


def test_ingest_and_query_through_the_command_line(
    tmp_path: Path, embedded: KnowledgeGraph, capsys: pytest.CaptureFixture[str]
) -> None:
    with OxigraphServer(tmp_path / "store", port=0, allow_update=True) as fresh:
        where = ["--endpoint", fresh.query_url, "--update-endpoint", fresh.update_url]
        assert main(["ingest", str(EXAMPLE), "--quiet", *where]) == 0
        capsys.readouterr()
        assert main(["query", "quotations", "--format", "json", *where]) == 0
        got = pd.DataFrame(json.loads(capsys.readouterr().out))
        expected = json.loads(
            embedded.query("quotations").to_json(orient="records", date_format="iso")
        )
        assert got.to_dict("records") == expected
        assert main(["stats", "--format", "csv", *where]) == 0
        assert "schema.org/Person" in capsys.readouterr().out


def test_store_and_endpoint_together_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["query", "people", "--store", str(tmp_path), "--endpoint", "http://127.0.0.1:9/q"])
    assert code == 2
    assert capsys.readouterr().err == (
        "mediakg: error: give --store DIR or --endpoint URL, not both\n"
    )
    assert main(["query", "people", "--endpoint", "ftp://127.0.0.1/q"]) == 2
    assert "must be an http:// or https:// URL" in capsys.readouterr().err


# -- failures, each in one line ------------------------------------------------------------


class Tiny:
    """A tiny HTTP server on 127.0.0.1 whose answers a test chooses, counting requests."""

    def __init__(self, answer: Callable[[http.server.BaseHTTPRequestHandler, int], None]):
        self.hits = 0
        self.headers: list[dict[str, str]] = []
        self.release = threading.Event()
        tiny = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                tiny.hits += 1
                tiny.headers.append(dict(self.headers))
                answer(self, tiny.hits)

            do_GET = do_POST = do_PUT = do_HEAD = _any

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/sparql"

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


def reply(
    handler: http.server.BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
) -> None:
    handler.send_response(status)
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


EMPTY = json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": []}}).encode()


@pytest.fixture
def tiny() -> Iterator[Callable[..., Tiny]]:
    made: list[Tiny] = []

    def make(answer: Callable[[http.server.BaseHTTPRequestHandler, int], None]) -> Tiny:
        made.append(Tiny(answer))
        return made[-1]

    yield make
    for server in made:
        server.close()


def one_line_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("mediakg: error: ") and err.count("\n") == 1, err
    return err


def test_nobody_listening(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from mediakg.serve import free_port

    url = f"http://127.0.0.1:{free_port()}/query"
    store = RemoteStore(url, retries=2, backoff=0.01)
    with pytest.raises(
        EndpointError, match=r"cannot reach .*: connection refused \(gave up after 3"
    ):
        store.select("SELECT * WHERE { ?s ?p ?o }")
    monkeypatch.setenv(ENV_RETRIES, "0")
    err = one_line_error(capsys, ["query", "people", "--endpoint", url])
    assert f"cannot reach {url}: connection refused" in err


def test_wrong_path_on_a_real_server(
    server: OxigraphServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = server.url + "/sparql-nope"
    err = one_line_error(capsys, ["query", "people", "--endpoint", url])
    assert f"{url} was not found (404 Not Found)" in err


def test_a_malformed_query_names_the_endpoint(server: OxigraphServer) -> None:
    with (
        KnowledgeGraph.connect(server.query_url) as kg,
        pytest.raises(QueryError, match=rf"{server.query_url} rejected the query \(400"),
    ):
        kg.query("SELECT ?x WHERE { ?x ?y }")


def test_a_server_error_is_retried_then_reported(
    tiny: Callable[..., Tiny], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    server = tiny(lambda h, n: reply(h, 500, b"boom\nat line 2"))
    store = RemoteStore(server.url, retries=2, backoff=0.01)
    with pytest.raises(EndpointError) as caught:
        store.select("SELECT * WHERE { ?s ?p ?o }")
    assert caught.value.status == 500 and caught.value.endpoint == server.url
    assert server.hits == 3
    assert str(caught.value).startswith(f"{server.url} answered 500 Internal Server Error (gave up")
    assert str(caught.value).endswith(": boom at line 2")
    monkeypatch.setenv(ENV_RETRIES, "0")
    err = one_line_error(capsys, ["query", "people", "--endpoint", server.url])
    assert f"{server.url} answered 500 Internal Server Error: boom at line 2" in err


def test_too_many_requests_waits_and_succeeds(tiny: Callable[..., Tiny]) -> None:
    def answer(h: http.server.BaseHTTPRequestHandler, n: int) -> None:
        if n < 3:
            reply(h, 429, b"slow down", {"Retry-After": "0"})
        else:
            reply(h, 200, EMPTY, {"Content-Type": "application/sparql-results+json"})

    server = tiny(answer)
    store = RemoteStore(server.url, retries=3, backoff=0.01, default_graph="server")
    assert store.select("SELECT ?n WHERE { ?n ?p ?o }").columns == ["n"]
    assert server.hits == 3


def test_updates_are_retried_on_503(tiny: Callable[..., Tiny]) -> None:
    server = tiny(lambda h, n: reply(h, 503 if n == 1 else 204))
    store = RemoteStore(server.url, server.url, retries=1, backoff=0.01)
    store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert server.hits == 2
    store.close()


def test_a_slow_server_times_out_once(
    tiny: Callable[..., Tiny], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    holder: list[Tiny] = []

    def answer(h: http.server.BaseHTTPRequestHandler, n: int) -> None:
        holder[0].release.wait(3)
        reply(h, 200, EMPTY)

    server = tiny(answer)
    holder.append(server)
    store = RemoteStore(server.url, timeout=0.3, retries=3)
    started = time.monotonic()
    with pytest.raises(EndpointError, match="did not answer within the timeout"):
        store.select("SELECT * WHERE { ?s ?p ?o }")
    assert time.monotonic() - started < 2 and server.hits == 1
    monkeypatch.setenv(ENV_TIMEOUT, "0.3")
    err = one_line_error(capsys, ["query", "people", "--endpoint", server.url])
    assert f"{server.url} did not answer within the timeout (set ${ENV_TIMEOUT}" in err


def _guarded(expected: str) -> Callable[[http.server.BaseHTTPRequestHandler, int], None]:
    def answer(h: http.server.BaseHTTPRequestHandler, n: int) -> None:
        if h.headers.get("Authorization") == expected:
            reply(h, 200, EMPTY, {"Content-Type": "application/sparql-results+json"})
        else:
            reply(h, 401, b"who are you?", {"WWW-Authenticate": 'Basic realm="kg"'})

    return answer


def test_basic_credentials_come_from_the_environment(
    tiny: Callable[..., Tiny], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    good = "Basic " + base64.b64encode(b"ada:s3cret").decode()
    server = tiny(_guarded(good))
    err = one_line_error(capsys, ["query", "people", "--endpoint", server.url])
    assert f"{server.url} refused the credentials (401 Unauthorized): set ${ENV_USER}" in err
    monkeypatch.setenv(ENV_USER, "ada")
    monkeypatch.setenv(ENV_PASSWORD, "wrong")
    err = one_line_error(capsys, ["query", "people", "--endpoint", server.url])
    assert "refused the credentials (401 Unauthorized): check the credentials" in err
    monkeypatch.setenv(ENV_PASSWORD, "s3cret")
    assert RemoteStore(server.url).select("SELECT ?n WHERE { ?n ?p ?o }").rows == []
    assert server.headers[-1]["User-Agent"].startswith("mediakg/")


def test_bearer_token_reaches_queries_and_updates(
    tiny: Callable[..., Tiny], monkeypatch: pytest.MonkeyPatch
) -> None:
    server = tiny(_guarded("Bearer t0k3n"))
    monkeypatch.setenv(ENV_TOKEN, "t0k3n")
    store = RemoteStore(server.url, server.url, default_graph="server")
    store.select("SELECT ?n WHERE { ?n ?p ?o }")
    store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    store.close()
    assert [h["Authorization"] for h in server.headers] == ["Bearer t0k3n"] * 2
    monkeypatch.setenv(ENV_USER, "ada")
    with pytest.raises(StoreError, match="not both"):
        RemoteStore(server.url)


def test_endpoint_errors_are_mediakg_and_connection_errors() -> None:
    error = EndpointError("x", endpoint="http://127.0.0.1:1/q", status=503)
    assert isinstance(error, MediaKGError) and isinstance(error, ConnectionError)
    assert isinstance(error, OSError) and str(error) == "x"


def test_rdflib_view_of_the_endpoint(remote: KnowledgeGraph) -> None:
    assert isinstance(remote.store, RemoteStore)
    rows = list(
        remote.store.dataset.query(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/mediakg/graph/runs> "
            "{ ?s ?p ?o } }"
        )
    )
    assert int(rows[0][0]) == 12
