"""Benchmark reasoning and checks against owlrl and plain pySHACL, on the same generated graphs.

For each size, the corpus from ``bench/generate.py`` is bulk-loaded into a fresh embedded store
(an Oxigraph directory), then, in one run:

* ``fast``: ``KnowledgeGraph.infer("fast")`` (SPARQL rules in the store, to a fixpoint);
* ``owlrl``: owlrl's OWL-RL closure of the same triples plus the ontology, in memory (the
  reference), with the time to copy the triples out of the store reported apart; skipped above
  ``--owlrl-max`` triples (pure Python: minutes per 100k);
* ``check``: ``KnowledgeGraph.check()`` (shapes compiled to SPARQL in the store, plus the NetworkX
  checks), on the graph with its inferences;
* ``pyshacl``: plain ``pyshacl.validate`` of the document triples with ``ontology/shapes.ttl``
  (no NetworkX checks), on an rdflib graph parsed from the same file; skipped above
  ``--pyshacl-max``;
* ``coverage_by_place`` and ``endorsers_of`` with and without the inferred graph.

Each step runs once (these are minutes-long steps, not micro-benchmarks); peak RSS is that of
the whole process. Results are printed and written as Markdown with the exact command.

Usage::

    python bench/bench_reasoning.py --sizes 10000 100000 --output bench/results/reasoning.md
    python bench/bench_reasoning.py --sizes 10000 --output /tmp/r.md      # smoke test
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import resource
import shlex
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

from generate import ensure_dataset  # noqa: E402

FAST_TARGET_S = 15.0  # fast profile on 1M triples, at most
CHECK_TARGET_S = 20.0  # check on 1M triples, at most


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_size(size: int, *, owlrl_max: int, pyshacl_max: int) -> dict[str, Any]:
    import pyoxigraph as ox
    from rdflib import Dataset, Graph

    from mediakg import KnowledgeGraph
    from mediakg.kg import INFERRED_GRAPH
    from mediakg.reasoning import entailments, load_ontology
    from mediakg.stores.base import rdflib_internal_deprecations
    from mediakg.validation import load_shapes

    data = ensure_dataset(size)
    out: dict[str, Any] = {"size": size, "quads": data.quads, "documents": data.documents}
    with tempfile.TemporaryDirectory() as tmp:
        kg = KnowledgeGraph.open(Path(tmp) / "store")
        store = kg.store.native  # type: ignore[attr-defined]
        out["load_s"], _ = _timed(
            lambda: store.bulk_load(path=str(data.path), format=ox.RdfFormat.N_QUADS)
        )
        for name in ("coverage_by_place", "endorsers_of"):
            out[f"{name}_plain_s"] = _query_time(kg, name)
        out["fast_s"], report = _timed(lambda: kg.infer("fast"))
        out["fast_triples"], out["fast_rounds"] = report.triples, report.rounds
        for name in ("coverage_by_place", "endorsers_of"):
            out[f"{name}_inferred_s"] = _query_time(kg, name)
        out["check_s"], checked = _timed(kg.check)
        out["check_summary"] = checked.summary()
        out["check_rules"] = checked.rules()
        if size <= owlrl_max:
            out["copy_s"], asserted = _timed(lambda: kg.to_rdflib(kg.document_graphs()))
            onto = load_ontology()
            out["owlrl_s"], derived = _timed(
                lambda: entailments(asserted, profile="owlrl", ontology=onto)
            )
            fast = set(kg.to_rdflib([INFERRED_GRAPH]))
            out["owlrl_triples"] = len(derived)
            out["same_as_owlrl"] = derived == fast
        kg.close()
    if size <= pyshacl_max:
        import pyshacl

        def parse() -> Graph:
            dataset = Dataset()
            with rdflib_internal_deprecations():
                dataset.parse(str(data.path), format="nquads")
                union = Graph()
                for s, p, o, _ in dataset.quads((None, None, None, None)):
                    union.add((s, p, o))
            return union

        out["parse_s"], graph = _timed(parse)
        out["pyshacl_graph"] = len(graph)
        shapes = load_shapes()

        def validate() -> Any:
            with warnings.catch_warnings(), rdflib_internal_deprecations():
                warnings.simplefilter("ignore")
                return pyshacl.validate(graph, shacl_graph=shapes, inference="none")

        out["pyshacl_s"], _ = _timed(validate)
    out["peak_mb"] = _peak_mb()
    return out


def _query_time(kg: Any, name: str) -> float:
    params = None
    if name == "endorsers_of":
        top = kg.query(
            "PREFIX schema: <http://schema.org/> SELECT ?t (COUNT(*) AS ?n) WHERE "
            "{ ?e a schema:EndorseAction ; schema:object ?t } GROUP BY ?t ORDER BY DESC(?n) ?t "
            "LIMIT 1"
        )
        params = {"target": top.iloc[0, 0]}
    seconds, _ = _timed(lambda: kg.query(name, params=params))
    return float(seconds)


def _cell(result: dict[str, Any], key: str, fmt: str = "{:.1f}") -> str:
    value = result.get(key)
    if value is None:
        return "—"
    return fmt.format(value) if isinstance(value, float) else str(value)


def report(results: list[dict[str, Any]], command: str) -> str:
    versions = {
        name: metadata.version(name) for name in ("pyoxigraph", "rdflib", "owlrl", "pyshacl")
    }
    lines = [
        "# Reasoning and checks",
        "",
        f"Measured {dt.date.today().isoformat()} on {platform.machine()}, Python "
        f"{platform.python_version()}, "
        + ", ".join(f"{k} {v}" for k, v in versions.items())
        + ", with one run of:",
        "",
        "```sh",
        command,
        "```",
        "",
        "Corpora from `bench/generate.py` (seed 42), bulk-loaded into an embedded Oxigraph "
        "store. Seconds, one run each; the machine has 2 cores and was shared with other "
        "benchmarks, so figures carry some noise.",
        "",
        "## Reasoning: `fast` (SPARQL rules in the store) against owlrl (OWL-RL in memory)",
        "",
        "| triples | fast s | rounds | inferred | owlrl s | copy to rdflib s | owlrl inferred "
        "| same triples |",
        "|---:|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['quads']:,} | {_cell(r, 'fast_s')} | {r['fast_rounds']} | "
            f"{r['fast_triples']:,} | {_cell(r, 'owlrl_s')} | {_cell(r, 'copy_s')} | "
            f"{_cell(r, 'owlrl_triples', '{:,}')} | {_cell(r, 'same_as_owlrl')} |"
        )
    lines += [
        "",
        f"Target: `fast` on 1M triples in at most {FAST_TARGET_S:.0f} s.",
        "",
        "## Checks: `mediakg check` (shapes as SPARQL + NetworkX) against plain pySHACL",
        "",
        "| triples | check s | pySHACL s | rdflib parse s | findings |",
        "|---:|---:|---:|---:|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['quads']:,} | {_cell(r, 'check_s')} | {_cell(r, 'pyshacl_s')} | "
            f"{_cell(r, 'parse_s')} | {r['check_summary']} "
            f"({', '.join(f'{k} {v}' for k, v in r['check_rules'].items())}) |"
        )
    lines += [
        "",
        f"Target: `check` on 1M triples in at most {CHECK_TARGET_S:.0f} s. `check` also runs "
        "the NetworkX checks and reads the inferred graph; plain pySHACL runs the shapes "
        "only, on the document triples already in memory.",
        "",
        "## Queries that use inferred triples",
        "",
        "| triples | coverage_by_place without / with inferences s "
        "| endorsers_of without / with s |",
        "|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['quads']:,} | {_cell(r, 'coverage_by_place_plain_s', '{:.2f}')} / "
            f"{_cell(r, 'coverage_by_place_inferred_s', '{:.2f}')} | "
            f"{_cell(r, 'endorsers_of_plain_s', '{:.2f}')} / "
            f"{_cell(r, 'endorsers_of_inferred_s', '{:.2f}')} |"
        )
    lines += ["", f"Peak RSS of the run: {max(r['peak_mb'] for r in results):.0f} MB.", ""]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--owlrl-max", type=int, default=100_000, help="largest size for owlrl")
    parser.add_argument(
        "--pyshacl-max", type=int, default=1_000_000, help="largest size for plain pySHACL"
    )
    parser.add_argument("--output", type=Path, help="Markdown file to write")
    args = parser.parse_args(argv)
    command = "python " + " ".join(
        shlex.quote(a) for a in ["bench/bench_reasoning.py", *sys.argv[1:]]
    )
    results = []
    for size in args.sizes:
        result = run_size(size, owlrl_max=args.owlrl_max, pyshacl_max=args.pyshacl_max)
        print({k: v for k, v in result.items() if k != "check_rules"}, flush=True)
        results.append(result)
    text = report(results, command)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
