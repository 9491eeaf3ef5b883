"""``mediakg serve``: the embedded store as a SPARQL endpoint on 127.0.0.1, read-only by default."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pandas.testing import assert_frame_equal

from conftest import EXAMPLE
from mediakg import KnowledgeGraph
from mediakg.cli import main
from mediakg.serve import OxigraphServer, _accepts, free_port, is_loopback
from mediakg.stores.remote import EndpointError, RemoteStore

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "store"
    with KnowledgeGraph.open(path) as kg:
        assert kg.ingest(EXAMPLE).ok
    return path


class Served:
    """``python -m mediakg serve`` in another process, stopped by its process id."""

    def __init__(self, *args: str) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mediakg", "serve", "--port", str(self.port), *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 30
        while not _accepts("127.0.0.1", self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"mediakg serve did not start: {self.stderr}")
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{self.port}"
        assert self.process.stderr is not None
        self.said = self.process.stderr.readline()  # where it serves; then it is ready
        self.stderr = ""

    def stop(self) -> int:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
        try:
            _, self.stderr = self.process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            _, self.stderr = self.process.communicate(timeout=15)
        return self.process.returncode


@pytest.fixture
def serving() -> Iterator[list[Served]]:
    running: list[Served] = []
    yield running
    for served in running:
        served.stop()


def test_serve_answers_another_process_and_refuses_updates(
    store: Path, serving: list[Served]
) -> None:
    with KnowledgeGraph.open(store, read_only=True) as kg:
        expected = {name: kg.query(name) for name in ("people", "endorsements", "citations")}
    served = Served("--store", str(store))
    serving.append(served)
    remote = KnowledgeGraph.connect(f"{served.url}/query", f"{served.url}/update")
    for name, frame in expected.items():
        assert_frame_equal(remote.query(name), frame)
    assert isinstance(remote.store, RemoteStore)
    assert remote.store._mode == "server"  # the served default graph is the union
    with pytest.raises(EndpointError, match=r"/update refused the update \(403 Forbidden\)"):
        remote.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    remote.close()
    assert served.stop() == 0
    assert f"(read-only) at http://127.0.0.1:{served.port}/query" in served.said
    assert not _accepts("127.0.0.1", served.port)  # the Oxigraph server went with it


def test_serve_with_updates_allowed(tmp_path: Path, serving: list[Served]) -> None:
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        kg.ingest(EXAMPLE)
    served = Served("--store", str(tmp_path / "store"), "--allow-update")
    serving.append(served)
    with KnowledgeGraph.connect(f"{served.url}/query", f"{served.url}/update") as remote:
        remote.update("INSERT DATA { GRAPH <urn:test:note> { <urn:a> <urn:b> <urn:c> } }")
        assert "urn:test:note" in remote.graphs()
    assert served.stop() == 0
    with KnowledgeGraph.open(tmp_path / "store", read_only=True) as kg:
        assert "urn:test:note" in kg.graphs()


def test_serve_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--store", str(tmp_path / "missing")]) == 2
    assert capsys.readouterr().err.startswith("mediakg: error: no store at ")
    assert main(["serve", "--endpoint", "http://127.0.0.1:9/query"]) == 2
    assert "not an --endpoint" in capsys.readouterr().err


def test_binding_elsewhere_is_explicit() -> None:
    default = OxigraphServer("s", executable="oxigraph")
    assert default.command()[-3:] == ["--bind", "127.0.0.1:7878", "--union-default-graph"]
    assert default.command()[1] == "serve-read-only"
    wide = OxigraphServer("s", host="0.0.0.0", port=8000, allow_update=True, executable="ox")
    assert wide.command()[1] == "serve" and "0.0.0.0:8000" in wide.command()
    assert (
        OxigraphServer("s", host="::1", port=1, executable="ox").query_url == "http://[::1]:1/query"
    )
    assert not is_loopback("0.0.0.0") and is_loopback("127.0.0.2")
