"""Remote SPARQL: push throughput to a local Oxigraph server, and named-query latency remote vs
embedded.

The corpus is the seeded synthetic one from ``bench/generate.py`` (one named graph per article,
about 100 triples each). It is bulk-loaded into an embedded store, then pushed with
:func:`mediakg.push.push` to a fresh ``oxigraph serve`` on 127.0.0.1 for each method; the time
is the whole client pipeline (reading each graph from the embedded store, digesting it, sending
it, recording its digest). Then every named query runs on both stores and the medians are
compared; the frames must be equal.

Usage::

    python bench/bench_remote.py --triples 1000000 --output bench/results/remote.md
    python bench/bench_remote.py --triples 100000 --server-dir /dev/shm   # server on tmpfs
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import QUERY_NAMES, ensure_dataset  # noqa: E402

from mediakg import KnowledgeGraph, __version__  # noqa: E402
from mediakg.push import PushReport, push  # noqa: E402
from mediakg.serve import OxigraphServer  # noqa: E402

PUSHES: Sequence[tuple[str, int]] = (("update", 100), ("update", 1000), ("graph-store", 50_000))


def load_embedded(path: Path, nquads: Path) -> float:
    import pyoxigraph as ox

    started = time.perf_counter()
    with KnowledgeGraph.open(path) as kg:
        kg.store.native.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)  # type: ignore[attr-defined]
    return time.perf_counter() - started


def timed_push(
    source: KnowledgeGraph, server_dir: Path, method: str, batch: int
) -> tuple[PushReport, float, int]:
    with OxigraphServer(server_dir, port=0, allow_update=True).start(wait=120) as server:
        target = KnowledgeGraph.connect(server.query_url, server.update_url)
        report = push(source, target, method=method, batch_size=batch)
        started = time.perf_counter()
        again = push(source, target, method=method, batch_size=batch)
        repush = time.perf_counter() - started
        assert again.pushed == 0, again
        (count,) = target.store.select_raw(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        ).rows[0]
        target.close()
    return report, repush, int(count)


def median_ms(kg: KnowledgeGraph, name: str, params: dict[str, str] | None, repeat: int) -> float:
    kg.query(name, params=params)  # warm up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        kg.query(name, params=params)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def embedded_ms(
    store: Path, name: str, params: dict[str, str] | None, repeat: int, limit: float
) -> tuple[float | None, int]:
    """Median ms and rows of a query on the embedded store, in a child process cut at ``limit``.

    pyoxigraph cannot cancel a query, so each runs where it can be stopped: the first run (the
    warm-up) must end within ``limit`` seconds, the timed runs within ``limit`` each.
    """
    here = str(Path(__file__).parent)
    code = (
        f"import json, sys; sys.path.insert(0, {here!r}); from bench_remote import median_ms; "
        "from mediakg import KnowledgeGraph; "
        f"kg = KnowledgeGraph.open({str(store)!r}, read_only=True); "
        f"print(len(kg.query({name!r}, params={params!r})), flush=True); "
        f"print(json.dumps(median_ms(kg, {name!r}, {params!r}, {repeat})), flush=True)"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, bufsize=1
    )
    assert child.stdout is not None
    answers: list[str] = []
    reader = threading.Thread(target=lambda: answers.extend(child.stdout or []), daemon=True)
    reader.start()
    deadline = time.monotonic() + limit + 10  # + opening the store
    while not answers and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.05)
    if answers:
        reader.join(limit * (repeat + 1) + 10)
    if child.poll() is None:
        child.kill()
    child.wait()
    reader.join(5)
    if len(answers) < 2:
        return None, int(answers[0]) if answers else 0
    return float(json.loads(answers[1])), int(answers[0])


def remote_ms(
    kg: KnowledgeGraph, name: str, params: dict[str, str] | None, repeat: int
) -> float | None:
    from mediakg.stores.remote import EndpointError

    try:
        return median_ms(kg, name, params, repeat)
    except EndpointError:  # the server cancelled it at its --timeout-s, or the client gave up
        return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=5, help="runs per query (median)")
    parser.add_argument(
        "--server-dir", type=Path, help="where the servers keep their stores (default: a temp dir)"
    )
    parser.add_argument("--output", type=Path, help="Markdown file for the results")
    parser.add_argument(
        "--limit", type=float, default=60.0, help="seconds before a query run is cut"
    )
    parser.add_argument("--push-only", action="store_true", help="measure pushes only")
    args = parser.parse_args(argv)

    info = ensure_dataset(args.triples, args.seed)
    load = os.getloadavg()
    lines = [
        "# Remote SPARQL: push and query latency",
        "",
        f"mediakg {__version__}, Oxigraph server (PyPI `oxigraph`) on 127.0.0.1, "
        f"Python {platform.python_version()}, {os.cpu_count()} cores; "
        f"load average at start {load[0]:.1f} (the machine is shared).",
        "",
        f"Corpus: `bench/generate.py`, {info.quads:,} quads in {info.documents:,} named graphs "
        f"(seed {args.seed}).",
        "",
        "Command: `python bench/bench_remote.py "
        + " ".join(argv if argv is not None else sys.argv[1:])
        + "`",
        "",
    ]
    with tempfile.TemporaryDirectory(prefix="mediakg-bench-remote-") as tmp:
        work = Path(tmp)
        servers = Path(tempfile.mkdtemp(prefix="mediakg-srv-", dir=args.server_dir or work))
        seconds = load_embedded(work / "embedded", info.path)
        print(f"embedded bulk load: {seconds:.1f} s", file=sys.stderr)
        lines += [
            "## Push throughput",
            "",
            f"Server stores in `{'tmpfs' if str(servers).startswith('/dev/shm') else 'disk'}`. "
            "Time is the whole push: read each graph from the embedded store, digest it, send "
            "it, record its digest; a fresh server each time. *Re-push* is the same push run "
            "again, when every graph is up to date.",
            "",
            "| method | triples a request | requests | seconds | triples/s | re-push (s) |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        with KnowledgeGraph.open(work / "embedded", read_only=True) as source:
            for i, (method, batch) in enumerate(PUSHES):
                report, repush, count = timed_push(source, servers / f"s{i}", method, batch)
                assert count == info.quads + info.documents, (count, info.quads)  # + digests
                rate = report.triples / report.seconds
                print(f"{method} {batch}: {report.summary()}", file=sys.stderr)
                lines.append(
                    f"| {method} | {batch:,} | {report.requests:,} | {report.seconds:.1f} | "
                    f"{rate:,.0f} | {repush:.1f} |"
                )
            lines += [
                "",
                "## Named-query latency, remote vs embedded",
                "",
                f"Median of {args.repeat} runs after one warm-up, in ms, through "
                "`KnowledgeGraph.query` (a DataFrame either way), the remote one against "
                f"`oxigraph serve-read-only --union-default-graph`. A query not done in "
                f"{args.limit:g} s is cut (embedded: its process is killed; remote: the "
                "server's `--timeout-s`) and not run on the other side.",
                "",
                "| query | rows | embedded (ms) | remote (ms) | remote / embedded |",
                "|---|---:|---:|---:|---:|",
            ]
            target = source.query(
                "PREFIX schema: <http://schema.org/> SELECT ?t (COUNT(*) AS ?n) WHERE "
                "{ ?e a schema:EndorseAction ; schema:object ?t } GROUP BY ?t "
                "ORDER BY DESC(?n) ?t LIMIT 1"
            ).iloc[0, 0]
        if args.push_only:
            lines = lines[: lines.index("## Named-query latency, remote vs embedded")]
        server = OxigraphServer(servers / "s0", port=0, timeout=args.limit)
        with server.start(wait=300):
            remote = KnowledgeGraph.connect(server.query_url, timeout=args.limit + 5, retries=0)
            for name in () if args.push_only else QUERY_NAMES:
                params = {"target": str(target)} if name == "endorsers_of" else None
                local, rows = embedded_ms(work / "embedded", name, params, args.repeat, args.limit)
                far = remote_ms(remote, name, params, args.repeat) if local is not None else None
                shown = [
                    f"{local:,.0f}" if local is not None else f"> {args.limit:g} s",
                    f"{far:,.0f}"
                    if far is not None
                    else (f"> {args.limit:g} s" if local is not None else "not run"),
                ]
                ratio = f"{far / local:.2f}" if local and far else "-"
                print(f"{name}: {shown[0]} / {shown[1]}", file=sys.stderr)
                lines.append(f"| {name} | {rows:,} | {shown[0]} | {shown[1]} | {ratio} |")
            remote.close()
        shutil.rmtree(servers, ignore_errors=True)  # also when --server-dir is elsewhere
    text = "\n".join(lines) + "\n"
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
