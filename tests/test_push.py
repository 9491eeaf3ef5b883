"""Pushing named graphs to a real Oxigraph server on 127.0.0.1: copy, re-push, interruption."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from conftest import EXAMPLE
from mediakg import KnowledgeGraph
from mediakg.cli import main
from mediakg.errors import StoreError
from mediakg.push import PushReport, push
from mediakg.records import Person
from mediakg.serve import OxigraphServer
from mediakg.stores.remote import EndpointError, RemoteStore

pytestmark = pytest.mark.slow

BLANK_TTL = """@prefix schema: <http://schema.org/> .
<https://news.example/anon> schema:headline "Anonymous sources" ;
    schema:author [ a schema:Person ; schema:name "A. Nonymous" ] ,
                  [ a schema:Person ; schema:name "B. Nonymous" ] .
"""


@pytest.fixture
def source_path(tmp_path: Path) -> Path:
    """The example graph, a graph with blank nodes, 24 small graphs and one of 300 triples."""
    path = tmp_path / "source"
    # A copy whose graph IRI sorts after anon.ttl's, whatever the checkout's path: the
    # interrupted-push test needs a small graph to be complete before the example starts.
    example = tmp_path / "zz-example.yaml"
    shutil.copyfile(EXAMPLE, example)
    with KnowledgeGraph.open(path) as kg:
        assert kg.ingest(example).ok
        (tmp_path / "anon.ttl").write_text(BLANK_TTL, encoding="utf-8")
        assert kg.ingest(tmp_path / "anon.ttl").ok
        for i in range(24):
            kg.add_records([Person(name=f"Person {i:02d}")], graph=f"urn:test:small-{i:02d}")
        kg.add_records([Person(name=f"Crowd {i:03d}") for i in range(150)], graph="urn:test:big")
    return path


@pytest.fixture
def source(source_path: Path) -> Iterator[KnowledgeGraph]:
    with KnowledgeGraph.open(source_path) as kg:
        yield kg


def quads(kg: KnowledgeGraph) -> int:
    return sum(1 for _ in kg.store.iter_quads())


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[Callable[..., OxigraphServer]]:
    """Start Oxigraph servers over ``tmp_path/server``; every one is stopped by its pid."""
    started: list[OxigraphServer] = []

    def start(port: int = 0) -> OxigraphServer:
        server = OxigraphServer(tmp_path / "server", port=port, allow_update=True)
        started.append(server.start())
        return server

    yield start
    for server in started:
        server.stop()


def connect(server: OxigraphServer) -> RemoteStore:
    return RemoteStore(server.query_url, server.update_url, retries=1, backoff=0.01)


def assert_same_graphs(source: KnowledgeGraph, target: RemoteStore) -> None:
    names = source.store.graphs()
    assert target.graphs() == names
    for name in names:
        local, remote = Graph(), Graph()
        for s, p, o, _ in source.store.iter_quads([name]):
            local.add((s, p, o))
        for s, p, o, _ in target.iter_quads([name]):
            remote.add((s, p, o))
        assert len(remote) == len(local), name
        assert isomorphic(local, remote), name


@pytest.mark.parametrize("method", ["update", "graph-store"])
def test_push_copies_every_graph_then_skips_them(
    source: KnowledgeGraph, servers: Callable[..., OxigraphServer], method: str
) -> None:
    target = connect(servers())
    first = push(source, target, method=method, batch_size=60)
    assert (first.method, first.pushed, first.up_to_date) == (method, 28, 0)
    assert first.triples == quads(source)
    assert_same_graphs(source, target)
    again = push(source, target, method=method, batch_size=60)
    assert (again.pushed, again.up_to_date, again.requests, again.triples) == (0, 28, 0, 0)
    assert_same_graphs(source, target)
    target.close()


def test_auto_takes_the_graph_store_of_an_oxigraph_server(
    source: KnowledgeGraph, servers: Callable[..., OxigraphServer]
) -> None:
    target = connect(servers())
    report = push(source, target)
    assert report.method == "graph-store"
    assert report.requests < 10  # small graphs travel together as N-Quads
    assert_same_graphs(source, target)
    target.close()


def test_a_changed_graph_is_replaced_exactly(
    source: KnowledgeGraph, servers: Callable[..., OxigraphServer]
) -> None:
    target = connect(servers())
    push(source, target, method="update")
    source.add_records([Person(name="Someone Else")], graph="urn:test:big")  # 300 -> 2 triples
    report = push(source, target, method="update")
    assert report.pushed_graphs == ["urn:test:big"]
    assert_same_graphs(source, target)
    target.close()


def test_a_graph_changed_on_the_server_is_rewritten(
    source: KnowledgeGraph, servers: Callable[..., OxigraphServer]
) -> None:
    target = connect(servers())
    push(source, target, method="graph-store")
    target.update("DELETE WHERE { GRAPH <urn:test:small-03> { ?s <http://schema.org/name> ?n } }")
    report = push(source, target, method="graph-store")
    assert report.pushed_graphs == ["urn:test:small-03"]
    assert_same_graphs(source, target)
    target.close()


@pytest.mark.parametrize("method", ["update", "graph-store"])
def test_an_interrupted_push_run_again_ends_with_exactly_the_graphs(
    source: KnowledgeGraph, servers: Callable[..., OxigraphServer], method: str, tmp_path: Path
) -> None:
    server = servers()
    target = connect(server)
    example = URIRef((tmp_path / "zz-example.yaml").resolve().as_uri())

    def stop_midway(report: PushReport) -> None:
        # After the first requests of the example graph (220 triples, 60 a request).
        if report.requests == (2 if method == "update" else 4):
            server.stop()

    with pytest.raises(EndpointError, match="push stopped after .* run the same push again"):
        push(source, target, method=method, batch_size=60, on_progress=stop_midway)
    server = servers(port=server.port)
    half = target.select_raw(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{example}> {{ ?s ?p ?o }} }}"
    ).rows[0][0]
    assert 0 < half < 220
    report = push(source, target, method=method, batch_size=60)
    # Graphs completed before the interruption are not written again.
    assert report.up_to_date >= 1 and report.pushed + report.up_to_date == 28
    assert_same_graphs(source, target)
    assert push(source, target, method=method).pushed == 0
    target.close()


def test_push_and_repush_on_the_command_line(
    source_path: Path,
    servers: Callable[..., OxigraphServer],
    capsys: pytest.CaptureFixture[str],
) -> None:
    server = servers()
    argv = [
        "push",
        "--store",
        str(source_path),
        "--endpoint",
        server.query_url,
        "--update-endpoint",
        server.update_url,
        "--quiet",
    ]
    assert main(argv) == 0
    assert capsys.readouterr().out.startswith("pushed 28 of 28 graphs (")
    assert main(argv) == 0
    assert capsys.readouterr().out.startswith("pushed 0 of 28 graphs (0 triples")
    forced = ["--graph", "urn:test:big", "--force", "--method", "update", "--batch-size", "100"]
    assert main([*argv, *forced]) == 0
    assert capsys.readouterr().out.startswith("pushed 1 of 1 graphs (300 triples in 3 requests")
    with KnowledgeGraph.open(source_path, read_only=True) as kg:
        target = connect(server)
        assert_same_graphs(kg, target)
        target.close()


def test_push_needs_an_update_endpoint(
    source_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = KnowledgeGraph.memory()
    with pytest.raises(StoreError, match="push needs an update endpoint"):
        push(source, RemoteStore("http://127.0.0.1:9/query"))
    with pytest.raises(StoreError, match="offers no Graph Store HTTP Protocol endpoint"):
        push(
            source,
            RemoteStore("http://127.0.0.1:9/query", "http://127.0.0.1:9/update", graph_store=""),
            method="graph-store",
        )
    code = main(["push", "--store", str(source_path), "--endpoint", "http://127.0.0.1:9/q"])
    assert code == 2
    assert capsys.readouterr().err.startswith("mediakg: error: push needs an update endpoint")
