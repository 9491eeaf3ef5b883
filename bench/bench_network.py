"""Benchmark network projection and GEXF export (issue 4: a 100k-node network in <= 30 s, 2 GB).

For each size it generates (or reuses) a seeded corpus with ``bench/generate.py``, loads it once
into an embedded Oxigraph store under ``bench/.data/`` (reused by later runs), and then, in a
fresh subprocess per measurement so that peak memory (``ru_maxrss``) is that run's own:

1. projects the network with :func:`mediakg.network.to_networkx` (SPARQL in the store, then the
   NetworkX graph), without metrics;
2. adds the metrics with :func:`mediakg.network.add_metrics` (degree, weighted degree, PageRank,
   sampled betweenness, Louvain);
3. writes GEXF 1.3 with :func:`mediakg.export.write_gexf` (static, coloured by class).

The total is what ``mediakg export NETWORK -o out.gexf`` costs after opening the store.
The ``full`` network (every resource with its object-property edges) is the one that reaches
100,000 nodes: about 63,000 at 1M triples, so the default sizes are 1M triples (the issue's
store) and 1.6M triples (the store whose full network passes 100,000 nodes).

Usage::

    python bench/bench_network.py                                  # writes bench/results/network.md
    python bench/bench_network.py --sizes 1000000 --networks full endorsements --output /tmp/n.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

from generate import DATA_DIR, GENERATOR_VERSION, ensure_dataset  # noqa: E402

TARGET_SECONDS = 30.0
TARGET_MB = 2048.0
TARGET_NODES = 100_000


def store_for(triples: int, seed: int) -> tuple[Path, dict[str, Any]]:
    """Return an Oxigraph store holding the corpus of ``(triples, seed)``, building it once."""
    from mediakg import KnowledgeGraph

    data = ensure_dataset(triples, seed)
    path = DATA_DIR / f"network-store-{triples}-s{seed}-v{GENERATOR_VERSION}"
    marker = path / "mediakg-bench.json"
    if marker.is_file():
        return path, json.loads(marker.read_text(encoding="utf-8"))
    started = time.perf_counter()
    with KnowledgeGraph.open(path) as kg:
        report = kg.ingest(data.path)
        if not report.ok:
            raise SystemExit(f"loading {data.path} failed: {report.failures}")
    info = {
        "quads": data.quads,
        "documents": data.documents,
        "load_seconds": round(time.perf_counter() - started, 1),
    }
    marker.write_text(json.dumps(info) + "\n", encoding="utf-8")
    return path, info


def measure(store: Path, network: str, out: Path, metrics: bool = True) -> dict[str, Any]:
    """Project, add metrics and write GEXF in this process; return timings and sizes."""
    from mediakg import KnowledgeGraph
    from mediakg.export import write_gexf
    from mediakg.network import add_metrics, to_networkx

    with KnowledgeGraph.open(store, read_only=True) as kg:
        t0 = time.perf_counter()
        g = to_networkx(kg, network, metrics=False)
        t1 = time.perf_counter()
    if metrics:
        add_metrics(g)
    t2 = time.perf_counter()
    write_gexf(g, out)
    t3 = time.perf_counter()
    return {
        "network": network,
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "project_s": t1 - t0,
        "metrics_s": t2 - t1,
        "gexf_s": t3 - t2,
        "total_s": t3 - t0,
        "peak_mb": peak_mb(),
        "gexf_mb": out.stat().st_size / 2**20,
        "metrics": metrics,
        "betweenness_sources": g.graph.get("betweenness_sources", "-"),
        "communities": g.graph.get("communities", "-"),
    }


def peak_mb() -> float:
    """This process's peak resident memory in MiB.

    ``VmHWM`` belongs to the process's own address space, so it starts afresh at ``exec``;
    ``ru_maxrss`` is kept across ``exec`` on Linux and would report the parent's peak (the
    parent may just have loaded the store).
    """
    try:
        for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_worker(store: Path, network: str, metrics: bool = True) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        result = Path(tmp) / "result.json"
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--worker",
                str(store),
                network,
                str(result),
                "metrics" if metrics else "no-metrics",
            ],
            check=True,
        )
        data: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
        return data


def report(rows: list[dict[str, Any]], argv: list[str], load: tuple[float, ...]) -> str:
    versions = {
        name: metadata.version(name) for name in ("mediakg", "pyoxigraph", "networkx", "numpy")
    }
    command = "python " + " ".join(shlex.quote(a) for a in ["bench/bench_network.py", *argv])
    lines = [
        "# Network projection and GEXF export",
        "",
        f"Measured {dt.date.today().isoformat()} on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        + ", ".join(f"{k} {v}" for k, v in versions.items())
        + f"; load average before the runs {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} "
        "(the machine is shared: timings vary with it).",
        "",
        f"Command (from the project root): `{command}`",
        "",
        "Each row is one fresh process: open the embedded Oxigraph store read-only, project the "
        "network with SPARQL into NetworkX (`to_networkx`), add degree, weighted degree, "
        "PageRank, betweenness (sampled: `sources`) and Louvain (`add_metrics`), write "
        "GEXF 1.3 (`write_gexf`). Peak memory is the process's maximum resident set (`VmHWM`). Data: "
        "`bench/generate.py`, seed 42, one named graph per article.",
        "",
        f"Target (issue 4): a network of {TARGET_NODES:,} nodes or more from a store of about "
        f"1M triples, projected and exported in at most {TARGET_SECONDS:.0f} s and "
        f"{TARGET_MB / 1024:.0f} GB.",
        "",
        "| store triples | network | nodes | edges | project s | metrics s | GEXF s | total s "
        "| peak MB | GEXF MB | sources | communities |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        spent = f"{r['metrics_s']:.1f}" if r["metrics"] else "skipped"
        lines.append(
            f"| {r['quads']:,} | {r['network']} | {r['nodes']:,} | {r['edges']:,} "
            f"| {r['project_s']:.1f} "
            f"| {spent} "
            f"| {r['gexf_s']:.1f} "
            f"| **{r['total_s']:.1f}** | {r['peak_mb']:,.0f} | {r['gexf_mb']:.0f} "
            f"| {r['betweenness_sources']} | {r['communities']} |"
        )
    big = [r for r in rows if r["nodes"] >= TARGET_NODES]
    lines.append("")
    if big:
        for r in big:
            ok = r["total_s"] <= TARGET_SECONDS and r["peak_mb"] <= TARGET_MB
            lines.append(
                f"- {r['network']} at {r['quads']:,} triples"
                f"{'' if r['metrics'] else ' without metrics (`--no-metrics`)'}: "
                f"{r['nodes']:,} nodes in {r['total_s']:.1f} s and {r['peak_mb']:,.0f} MB: "
                f"{'meets' if ok else 'misses'} the target."
            )
    else:
        lines.append(f"- No network reached {TARGET_NODES:,} nodes at these sizes.")
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--worker"]:
        store, network, result, metrics = argv[1:5]
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / f"{network}.gexf"
            data = measure(Path(store), network, out, metrics=metrics == "metrics")
        Path(result).write_text(json.dumps(data), encoding="utf-8")
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 1_600_000])
    parser.add_argument(
        "--networks",
        nargs="+",
        default=["full"],
        help="networks to measure at every size (default: full)",
    )
    parser.add_argument(
        "--others-at",
        type=int,
        default=1_000_000,
        help="also measure the five other networks at this size (0: no)",
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--output", type=Path, default=BENCH_DIR / "results" / "network.md")
    args = parser.parse_args(argv)
    load = os.getloadavg()
    rows = []
    for size in args.sizes:
        store, info = store_for(size, args.seed)
        names = list(args.networks)
        if size == args.others_at:
            names += [
                n
                for n in ("endorsements", "quotations", "affiliations", "citations", "mentions")
                if n not in names
            ]
        runs = [(n, True) for n in names] + [(n, False) for n in args.networks]
        for network, metrics in runs:
            row = {**run_worker(store, network, metrics), "quads": info["quads"]}
            print(
                f"{info['quads']:>9,} triples  {network:<13} {row['nodes']:>7,} nodes "
                f"{row['edges']:>8,} edges  {row['total_s']:6.1f} s  {row['peak_mb']:6.0f} MB"
                f"{'' if metrics else '  (no metrics)'}",
                file=sys.stderr,
            )
            rows.append(row)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report(rows, argv, load), encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
