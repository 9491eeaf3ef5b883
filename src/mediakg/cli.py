"""The ``mediakg`` command line: ``main(argv) -> exit code``.

Data goes to stdout and diagnostics to stderr. Exit codes: 0 ok; 1 some inputs failed (or,
later, checks found problems); 2 a usage or input error, reported in one line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from mediakg import __version__
from mediakg.errors import MediaKGError

if TYPE_CHECKING:
    import pandas as pd

    from mediakg.kg import KnowledgeGraph

__all__ = ["main"]

OUTPUT_FORMATS = ("table", "csv", "tsv", "json")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and return the exit code.

    Examples
    --------
    >>> main(["--version"])
    mediakg 0.1.0
    0
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 on --help
        return int(exc.code or 0)
    if args.version:
        print(f"mediakg {__version__}")
        return 0
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        code: int = args.run(args)
        return code
    except MediaKGError as exc:
        print(f"mediakg: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `mediakg query people | head` closes stdout early
        sys.stderr.close()
        return 0


def _parser() -> argparse.ArgumentParser:
    store = argparse.ArgumentParser(add_help=False)
    store.add_argument(
        "--store",
        metavar="DIR",
        type=Path,
        help="embedded store directory (default: $MEDIAKG_STORE or ./mediakg-store)",
    )
    parser = argparse.ArgumentParser(
        prog="mediakg",
        description="Build and query a media-coverage knowledge graph.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("ingest", parents=[store], help="load files and directories")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or directories to load")
    p.add_argument("--format", help="loader to use for every file instead of the suffix")
    p.add_argument("--quiet", action="store_true", help="print only the summary")
    p.set_defaults(run=_ingest)

    p = sub.add_parser("query", parents=[store], help="run a named query, a .rq file or SPARQL")
    p.add_argument("query", nargs="?", help="query name, .rq file, or SPARQL text")
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="K=V",
        help="query parameter (repeatable); IRIs as-is or in <...>",
    )
    p.add_argument("--format", choices=OUTPUT_FORMATS, default="table")
    p.add_argument("--allow-update", action="store_true", help="allow a SPARQL Update to run")
    p.add_argument("--list", action="store_true", help="list the named queries and exit")
    p.set_defaults(run=_query)

    p = sub.add_parser(
        "stats", parents=[store], help="count instances per class and triples per graph"
    )
    p.add_argument("--format", choices=OUTPUT_FORMATS, default="table")
    p.set_defaults(run=_stats)

    p = sub.add_parser("dump", parents=[store], help="write the document graphs as RDF")
    p.add_argument(
        "--format", default="turtle", choices=("turtle", "nquads", "trig", "jsonld", "ntriples")
    )
    p.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    p.set_defaults(run=_dump)

    p = sub.add_parser(
        "demo", parents=[store], help="build the example graph and run every named query"
    )
    p.add_argument(
        "--turtle",
        type=Path,
        metavar="PATH",
        help="where to write the example graph's Turtle (default: graph/example.ttl "
        "in a source checkout, else ./mediakg-example.ttl)",
    )
    p.set_defaults(run=_demo)
    return parser


def _open(args: argparse.Namespace, *, read_only: bool = False) -> KnowledgeGraph:
    from mediakg.kg import KnowledgeGraph

    return KnowledgeGraph.open(args.store, read_only=read_only)


def _ingest(args: argparse.Namespace) -> int:
    with _open(args) as kg:
        from mediakg.pipeline import ingest_paths

        def progress(doc: object, written: int) -> None:
            if not args.quiet:
                print(f"loaded {getattr(doc, 'source', doc)} ({written} quads)", file=sys.stderr)

        report = ingest_paths(kg.store, args.paths, format=args.format, on_document=progress)
    for failure in report.failures:
        print(f"mediakg: error: {failure.reason}", file=sys.stderr)
    print(report.summary())
    return 0 if report.ok else 1


def _params(pairs: list[str]) -> dict[str, str]:
    from mediakg.errors import QueryError

    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param takes NAME=VALUE, got {pair!r}")
        out[key.strip()] = value
    return out


def _query(args: argparse.Namespace) -> int:
    from mediakg.queries import list_queries

    if args.list:
        for q in list_queries():
            params = " ".join(f"--param {p.name}=..." for p in q.params)
            print(f"{q.name:<20} {q.summary}{'  ' + params if params else ''}")
        return 0
    if not args.query:
        from mediakg.errors import QueryError

        raise QueryError(
            "no query given: name one (see 'mediakg query --list'), a .rq file, or SPARQL text"
        )
    with _open(args, read_only=not args.allow_update) as kg:
        frame = kg.query(args.query, params=_params(args.param), allow_update=args.allow_update)
    _write_frame(frame, args.format, sys.stdout)
    return 0


def _stats(args: argparse.Namespace) -> int:
    with _open(args, read_only=True) as kg:
        classes, graphs = kg.stats()
    if args.format == "table":
        print("instances per class")
        _write_frame(classes, "table", sys.stdout)
        print("\ntriples per named graph")
        _write_frame(graphs, "table", sys.stdout)
    else:
        import pandas as pd

        combined = pd.concat(
            [
                classes.rename(columns={"class": "name", "instances": "count"}).assign(
                    kind="class"
                ),
                graphs.rename(columns={"graph": "name", "triples": "count"}).assign(kind="graph"),
            ]
        )[["kind", "name", "count"]]
        _write_frame(combined, args.format, sys.stdout)
    return 0


def _dump(args: argparse.Namespace) -> int:
    with _open(args, read_only=True) as kg:
        text = kg.dump(args.format, path=args.output)
    if args.output is None:
        sys.stdout.write(text)
    else:
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _demo(args: argparse.Namespace) -> int:
    from mediakg.kg import default_store_path
    from mediakg.queries import list_queries
    from mediakg.resources import data_dir, source_root

    sources = sorted(data_dir("graph").glob("*.yaml"))
    turtle = args.turtle
    if turtle is None:
        root = source_root()
        turtle = root / "graph" / "example.ttl" if root is not None else Path("mediakg-example.ttl")
    location = args.store or default_store_path()
    with _open(args) as kg:
        report = kg.ingest(*sources)
        for failure in report.failures:
            print(f"mediakg: error: {failure.reason}", file=sys.stderr)
        print(f"Built the example graph in {location}: {report.summary()}")
        kg.dump("turtle", path=turtle)
        print(f"Wrote {turtle} (canonical Turtle, {kg.count()} triples)\n")
        for named in list_queries():
            params = {"target": "Institute for War and Peace Reporting"} if named.params else None
            shown = " ".join(f"--param {k}={v!r}" for k, v in (params or {}).items())
            print(f"== mediakg query {named.name} {shown}".rstrip())
            print(f"   {named.summary}")
            _write_frame(kg.query(named.name, params=params), "table", sys.stdout)
            print()
    return 0 if report.ok else 1


def _write_frame(frame: pd.DataFrame, fmt: str, out: TextIO) -> None:
    if fmt == "csv":
        frame.to_csv(out, index=False)
    elif fmt == "tsv":
        frame.to_csv(out, index=False, sep="\t")
    elif fmt == "json":
        out.write(frame.to_json(orient="records", date_format="iso", force_ascii=False, indent=2))
        out.write("\n")
    elif frame.empty:
        out.write("(no rows)\n" if len(frame.columns) else "(done)\n")
    else:
        shown = frame.map(_shorten)
        out.write(shown.to_string(index=False, na_rep="") + "\n")


def _shorten(value: object) -> object:
    """Show IRIs under our own namespace by their path, and cut very long text, in tables."""
    if isinstance(value, str):
        if value.startswith("https://w3id.org/mediakg/id/"):
            return "id:" + value.removeprefix("https://w3id.org/mediakg/id/")
        if len(value) > 70:
            return value[:67] + "..."
    return value


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
