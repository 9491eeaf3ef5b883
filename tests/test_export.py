"""GEXF, GraphML, CSV and PNG exports, checked by the clients that read them.

GEXF files are parsed by networkx's ``read_gexf`` and by graphology-gexf, the npm package behind
Gephi Lite. The npm set-up installs it (``npm ci`` in ``tests/js``, pinned by its lock file) once
per checkout; only a machine without Node.js and npm skips those tests, and says so.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from conftest import DATA, EXAMPLE, ROOT
from mediakg import KnowledgeGraph
from mediakg.cli import main
from mediakg.errors import UnknownNameError
from mediakg.export import (
    PNG_MAX_NODES,
    ExportError,
    export_network,
    write_csv,
    write_gexf,
    write_graphml,
    write_png,
)
from mediakg.network import NETWORKS, NetworkError, to_networkx

JS = Path(__file__).resolve().parent / "js"
GEXF_NS = "{http://gexf.net/1.3}"
Parser = Callable[[Sequence[Path]], dict[str, Any]]


# -- graphology-gexf, installed from the npm registry -----------------------------------------


def _npm_installed() -> bool:
    """Whether tests/js/node_modules holds exactly what package-lock.json pins."""
    hidden = JS / "node_modules" / ".package-lock.json"
    if not hidden.is_file():
        return False
    wanted = json.loads((JS / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    have = json.loads(hidden.read_text(encoding="utf-8"))["packages"]
    return {k: v.get("version") for k, v in wanted.items() if k} == {
        k: v.get("version") for k, v in have.items() if k
    }


@pytest.fixture(scope="session")
def graphology() -> Parser:
    """Parse GEXF files with graphology-gexf in Node.js; return what it read, per file."""
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        pytest.skip(
            "Node.js/npm not found: the GEXF checks with graphology-gexf (Gephi Lite's parser) "
            "need node and npm on PATH"
        )
    if not _npm_installed():
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=JS,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if done.returncode != 0:
            pytest.fail(f"'npm ci' in {JS} failed:\n{done.stdout}\n{done.stderr}")

    def parse(paths: Sequence[Path]) -> dict[str, Any]:
        done = subprocess.run(
            [node, str(JS / "parse-gexf.mjs"), *map(str, paths)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        result: dict[str, Any] = json.loads(done.stdout)
        return {Path(k).name: v for k, v in result.items()}

    return parse


@pytest.fixture(scope="module")
def drought(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeGraph]:
    """The dated drought-coverage fixture in an Oxigraph store."""
    with KnowledgeGraph.open(tmp_path_factory.mktemp("drought") / "store") as graph:
        assert graph.ingest(DATA / "network").ok
        yield graph


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeGraph]:
    """The project's example graph (no publication dates) in an Oxigraph store."""
    with KnowledgeGraph.open(tmp_path_factory.mktemp("example") / "store") as graph:
        assert graph.ingest(EXAMPLE).ok
        yield graph


def _plain(value: Any) -> Any:
    return float(value) if isinstance(value, int) and not isinstance(value, bool) else value


# -- GEXF read back by real clients --------------------------------------------------------------


def test_every_network_reads_back_in_graphology_and_networkx(
    drought: KnowledgeGraph, graphology: Parser, tmp_path: Path
) -> None:
    graphs = {name: to_networkx(drought, name) for name in NETWORKS}
    paths = []
    for name, g in graphs.items():
        write_gexf(g, tmp_path / f"{name}.gexf", dynamic=True)
        paths.append(tmp_path / f"{name}.gexf")
    parsed = graphology(paths)
    for name, g in graphs.items():
        js = parsed[f"{name}.gexf"]
        back = nx.read_gexf(tmp_path / f"{name}.gexf")
        assert js["order"] == back.number_of_nodes() == g.number_of_nodes() > 0, name
        assert js["size"] == back.number_of_edges() == g.number_of_edges() > 0, name
        assert js["type"] == ("directed" if g.is_directed() else "undirected")
        assert js["multi"] == (name == "full")  # parallel edges only in the full network
        assert back.is_directed() == g.is_directed()
        for node, data in g.nodes(data=True):
            seen_js, seen_nx = js["nodes"][node], back.nodes[node]
            for key, value in data.items():
                # JSON numbers: 1.0 and 1 are one value; networkx keeps the declared type.
                assert _plain(seen_js[key]) == _plain(value), (name, node, key)
                assert seen_nx[key] == value and type(seen_nx[key]) is type(value), (name, key)
            # Dynamic dates: networkx reads the spells, graphology the attributes.
            if "first_published" in data:
                assert seen_nx["start"] == data["first_published"]
                assert seen_nx["end"] == data["last_published"]
            else:
                assert "start" not in seen_nx and "end" not in seen_nx
            assert seen_js["size"] == seen_nx["viz"]["size"]
        edge_data = [d for *_, d in g.edges(data=True)]
        js_data = [e["attributes"] for e in js["edges"]]
        for ours, theirs in zip(edge_data, js_data, strict=True):
            for key, value in ours.items():
                assert _plain(theirs[key]) == _plain(value), (name, key)


def test_example_endorsements_in_graphology(
    example: KnowledgeGraph, graphology: Parser, tmp_path: Path
) -> None:
    path = tmp_path / "endorsements.gexf"
    example.export("endorsements", path, dynamic=True)
    js = graphology([path])["endorsements.gexf"]
    labels = {key: attrs["label"] for key, attrs in js["nodes"].items()}
    pairs = {(labels[e["source"]], labels[e["target"]]) for e in js["edges"]}
    series = "IWPR reporting on the 2011 violence in western Kazakhstan"
    assert pairs == {
        ("Vitaly Ponomarev", series),
        ("Dmitry Orlov", "Institute for War and Peace Reporting"),
        ("Dmitry Tian", series),
    }
    back = nx.read_gexf(path)
    assert (back.number_of_nodes(), back.number_of_edges()) == (js["order"], js["size"]) == (5, 3)
    # No dates in the example: a dynamic file whose nodes exist at all times.
    assert back.graph["mode"] == "dynamic"
    assert not any("start" in d for _, d in back.nodes(data=True))
    assert {e["attributes"]["polarity"] for e in js["edges"]} == {0.7, 0.9, 0.8}
    # Positions for small networks, so that Gephi Lite shows them laid out at once.
    assert all("x" in attrs and "y" in attrs for attrs in js["nodes"].values())


# -- GEXF: the file itself -----------------------------------------------------------------------


def test_gexf_declares_version_types_and_timeline(drought: KnowledgeGraph, tmp_path: Path) -> None:
    path = tmp_path / "q.gexf"
    drought.export("quotations", path, dynamic=True)
    root = ET.parse(path).getroot()
    assert root.get("version") == "1.3"
    graph = root.find(f"{GEXF_NS}graph")
    assert graph is not None
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    assert (graph.get("start"), graph.get("end")) == ("2023-06-14", "2024-01-20")
    declared = {
        a.get("id"): a.get("type")
        for a in graph.iter(f"{GEXF_NS}attribute")
        if a.get("id") in ("quotations", "pagerank", "class", "community")
    }
    assert declared == {
        "class": "string",
        "quotations": "integer",
        "pagerank": "double",
        "community": "integer",
    }
    static = tmp_path / "static.gexf"
    drought.export("quotations", static)
    graph = ET.parse(static).getroot().find(f"{GEXF_NS}graph")
    assert graph is not None and graph.get("mode") == "static"
    assert not any(n.get("start") for n in graph.iter(f"{GEXF_NS}node"))


def test_gexf_colours_by_class_or_community_and_sizes_by_pagerank(
    drought: KnowledgeGraph, tmp_path: Path
) -> None:
    g = to_networkx(drought, "mentions")
    write_gexf(g, tmp_path / "class.gexf")
    write_gexf(g, tmp_path / "community.gexf", color_by="community")
    by_class = nx.read_gexf(tmp_path / "class.gexf")
    by_community = nx.read_gexf(tmp_path / "community.gexf")
    colour = {
        d["class"]: tuple(d["viz"]["color"][c] for c in "rgb") for _, d in by_class.nodes(data=True)
    }
    assert len(set(colour.values())) == len(colour)  # one colour per class
    groups: dict[int, set[tuple[int, ...]]] = {}
    for _, d in by_community.nodes(data=True):
        groups.setdefault(d["community"], set()).add(tuple(d["viz"]["color"][c] for c in "rgb"))
    assert all(len(c) == 1 for c in groups.values()) and len(groups) == g.graph["communities"]
    top = max(g, key=lambda n: g.nodes[n]["pagerank"])
    assert by_class.nodes[top]["viz"]["size"] == 40.0


def test_same_graph_gives_the_same_bytes(tmp_path: Path) -> None:
    memory = KnowledgeGraph.memory()
    memory.ingest(DATA / "network")
    with KnowledgeGraph.open(tmp_path / "store") as disk:
        disk.ingest(DATA / "network")
        disk.export("mentions", tmp_path / "disk.gexf", dynamic=True, color_by="community")
    memory.export("mentions", tmp_path / "memory.gexf", dynamic=True, color_by="community")
    memory.export("mentions", tmp_path / "again.gexf", dynamic=True, color_by="community")
    first = (tmp_path / "disk.gexf").read_bytes()
    assert (
        first == (tmp_path / "memory.gexf").read_bytes() == (tmp_path / "again.gexf").read_bytes()
    )


@pytest.mark.slow
def test_same_bytes_whatever_the_hash_seed(store: Path, tmp_path: Path) -> None:
    # Sets of IRIs iterate in an order that changes with PYTHONHASHSEED; nothing written may.
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"full-{seed}.gexf"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "mediakg",
                "export",
                "full",
                "--store",
                str(store),
                "-o",
                str(out),
                "--color-by",
                "community",
            ],
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
            capture_output=True,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_demo_writes_the_example_endorsement_network(tmp_path: Path) -> None:
    turtle = tmp_path / "example.ttl"
    assert main(["demo", "--store", str(tmp_path / "s"), "--turtle", str(turtle)]) == 0
    gexf = (tmp_path / "endorsements.gexf").read_bytes()
    assert gexf == (ROOT / "graph" / "endorsements.gexf").read_bytes()
    assert _png_size(tmp_path / "endorsements.png") == (1800, 1350)


def test_gexf_escapes_text_and_drops_what_xml_cannot_hold(tmp_path: Path) -> None:
    g = nx.Graph()
    g.add_node('urn:x?a=1&b="2"', label="Tom & <Jerry>\n\x07", note="tab\there")
    g.add_edge('urn:x?a=1&b="2"', "urn:y", label="a < b")
    write_gexf(g, tmp_path / "odd.gexf")
    back = nx.read_gexf(tmp_path / "odd.gexf")
    assert back.nodes['urn:x?a=1&b="2"']["label"] == "Tom & <Jerry>\n"
    assert back.nodes['urn:x?a=1&b="2"']["note"] == "tab\there"
    assert back.edges['urn:x?a=1&b="2"', "urn:y"]["label"] == "a < b"


# -- GraphML and CSV -----------------------------------------------------------------------------


def test_graphml_round_trip(drought: KnowledgeGraph, tmp_path: Path) -> None:
    g = to_networkx(drought, "affiliations")
    write_graphml(g, tmp_path / "a.graphml")
    back = nx.read_graphml(tmp_path / "a.graphml")
    assert sorted(back.nodes(data=True)) == sorted(g.nodes(data=True))
    assert sorted((d["role"], d["weight"]) for *_, d in back.edges(data=True)) == [
        ("adviser", 1),
        ("chair", 1),
        ("hydrologist", 1),
        ("reporter", 1),
    ]


def test_csv_tables_in_gephi_spreadsheet_layout(drought: KnowledgeGraph, tmp_path: Path) -> None:
    written = drought.export("endorsements", tmp_path / "out" / "e.csv", dynamic=True)
    assert [p.name for p in written] == ["e.nodes.csv", "e.edges.csv"]
    with written[0].open(encoding="utf-8", newline="") as f:
        nodes = list(csv.DictReader(f))
    with written[1].open(encoding="utf-8", newline="") as f:
        edges = list(csv.DictReader(f))
    assert list(nodes[0])[:3] == ["Id", "Label", "iri"] and "Time Interval" in nodes[0]
    assert list(edges[0])[:6] == ["Source", "Target", "Type", "Id", "Label", "Weight"]
    assert {e["Type"] for e in edges} == {"Directed"}
    rao = next(e for e in edges if e["Source"].endswith("/sunita-rao") and e["Weight"] == "2")
    assert rao["Time Interval"] == "<[2024-01-20, 2024-01-20]>"
    assert (rao["polarity_min"], rao["Label"]) == ("0.4", "endorses")
    undated = next(e for e in edges if not e["first_published"])
    assert undated["Time Interval"] == ""
    assert {n["Label"] for n in nodes} >= {"Valley Courier", "Sunita Rao"}


# -- PNG -----------------------------------------------------------------------------------------


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def test_png_of_a_network_larger_than_the_preview(tmp_path: Path) -> None:
    g = nx.barabasi_albert_graph(PNG_MAX_NODES + 200, 2, seed=4)
    nx.set_node_attributes(g, {n: f"node {n}" for n in g}, "label")
    nx.set_node_attributes(g, "person", "class")
    g.graph["name"] = "synthetic"
    write_png(g, tmp_path / "big.png", color_by="class")
    assert _png_size(tmp_path / "big.png") == (1800, 1350)


# -- errors --------------------------------------------------------------------------------------


def test_attribute_values_must_be_plain(tmp_path: Path) -> None:
    g = nx.Graph()
    g.add_node("a", tags=["x", "y"])
    with pytest.raises(NetworkError, match=r"node attribute 'tags' holds list values"):
        write_gexf(g, tmp_path / "x.gexf")
    g = nx.Graph()
    g.add_edge("a", "b", score=1)
    g.add_edge("b", "c", score="high")
    with pytest.raises(NetworkError, match=r"edge attribute 'score' mixes int, str values"):
        write_csv(g, tmp_path / "x.csv")
    with pytest.raises(NetworkError, match="'score' mixes"):
        write_graphml(g, tmp_path / "x.graphml")


def test_ints_and_floats_in_one_attribute_are_written_as_double(tmp_path: Path) -> None:
    g = nx.Graph()
    g.add_node("a", score=1)
    g.add_node("b", score=0.5)
    write_gexf(g, tmp_path / "x.gexf")
    assert nx.read_gexf(tmp_path / "x.gexf").nodes["a"]["score"] == 1.0


def test_colour_by_community_needs_metrics(drought: KnowledgeGraph, tmp_path: Path) -> None:
    g = to_networkx(drought, "citations", metrics=False)
    with pytest.raises(NetworkError, match="'community' node attribute"):
        write_gexf(g, tmp_path / "c.gexf", color_by="community")
    with pytest.raises(UnknownNameError, match="cannot colour by 'size'; choose one of class"):
        write_png(g, tmp_path / "c.png", color_by="size")


def test_unknown_format(drought: KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(UnknownNameError, match=r"export format of '.*net\.svg' from its suffix"):
        export_network(drought, "citations", tmp_path / "net.svg")
    with pytest.raises(UnknownNameError, match="unknown export format 'dot'"):
        export_network(drought, "citations", tmp_path / "net", format="dot")


def test_unwritable_path(drought: KnowledgeGraph, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    for suffix in ("gexf", "graphml", "csv", "png"):
        with pytest.raises(ExportError, match=r"cannot write .*file/net\."):
            drought.export("citations", blocker / f"net.{suffix}")


# -- command line --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "store"
    assert main(["ingest", str(DATA / "network"), "--store", str(path), "--quiet"]) == 0
    return path


@pytest.mark.parametrize("fmt", ["gexf", "graphml", "csv", "png"])
def test_cli_export_formats(
    store: Path, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"quotations.{fmt}"
    assert main(["export", "quotations", "--store", str(store), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "(quotations: 3 nodes, 3 edges)" in err
    expected = [tmp_path / "quotations.nodes.csv", tmp_path / "quotations.edges.csv"]
    for path in expected if fmt == "csv" else [out]:
        assert path.stat().st_size > 0 and f"wrote {path}" in err


def test_cli_export_mentions_with_filters(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "m.gexf"
    args = ["export", "mentions", "--store", str(store), "-o", str(out), "--dynamic"]
    filters = ["--type", "place,topic", "--type", "person", "--start", "2023-09-01"]
    assert main([*args, *filters, "--color-by", "community"]) == 0
    g = nx.read_gexf(out)
    assert {d["class"] for _, d in g.nodes(data=True)} == {"place", "topic", "person"}
    assert min(d["start"] for _, d in g.nodes(data=True)) >= "2023-09-01"


def test_cli_export_defaults_to_gexf_named_after_the_network(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["export", "citations", "--store", str(store)]) == 0
    assert nx.read_gexf(tmp_path / "citations.gexf").number_of_edges() == 3


def test_cli_export_without_metrics(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "full.gexf"
    assert main(["export", "full", "--store", str(store), "-o", str(out), "--no-metrics"]) == 0
    g = nx.read_gexf(out)
    assert g.number_of_edges() > 0 and not any("pagerank" in d for _, d in g.nodes(data=True))
    assert {d["viz"]["size"] for _, d in g.nodes(data=True)} == {10.0}


def test_cli_export_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--list"]) == 0
    assert [line.split()[0] for line in capsys.readouterr().out.splitlines()] == list(NETWORKS)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["quotations", "--start", "2024-01-01"], "only the mentions network filters"),
        (["mentions", "--type", "ship"], "unknown class 'ship'"),
        (["mentions", "-o", "x.pdf"], "cannot tell the export format of 'x.pdf'"),
        (
            ["citations", "--color-by", "community", "--format", "png", "-o", "/dev/null/x"],
            "cannot write /dev/null/x",
        ),
        ([], "no network given"),
    ],
)
def test_cli_export_errors_are_one_line(
    store: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", *args, "--store", str(store)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("mediakg: error: ") and message in err and err.count("\n") == 1


def test_cli_export_unknown_network_is_a_usage_error(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "coverage", "--store", str(store)]) == 2
    assert "invalid choice: 'coverage'" in capsys.readouterr().err
