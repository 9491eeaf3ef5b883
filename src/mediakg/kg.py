"""KnowledgeGraph: the researcher's facade over a store, the pipeline and the named queries."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from rdflib import Dataset, Graph, URIRef

from mediakg.errors import QueryError
from mediakg.mapping import to_triples
from mediakg.namespace import GRAPH, PREFIXES
from mediakg.pipeline import RUNS_GRAPH, IngestReport, ingest_paths
from mediakg.queries import load_query
from mediakg.records import Record
from mediakg.stores import Store, open_store
from mediakg.stores.base import query_form, rdflib_internal_deprecations

if TYPE_CHECKING:
    import datetime as dt

    import networkx as nx
    import pandas as pd

    from mediakg.reasoning import InferenceReport
    from mediakg.validation import Report

__all__ = [
    "DEFAULT_STORE",
    "DUMP_FORMATS",
    "INFERRED_GRAPH",
    "KnowledgeGraph",
    "default_store_path",
]

DEFAULT_STORE = "mediakg-store"
"""Directory of the embedded store when neither ``--store`` nor ``$MEDIAKG_STORE`` is given."""

INFERRED_GRAPH = GRAPH["inferred"]
"""The named graph that reasoning writes to; never mixed with asserted triples."""

_SYSTEM_GRAPHS = (RUNS_GRAPH, INFERRED_GRAPH, GRAPH["push"])
"""Graphs mediakg keeps for itself: run records, inferences, push bookkeeping."""

DUMP_FORMATS = ("turtle", "nquads", "trig", "jsonld", "ntriples")
"""Formats :meth:`KnowledgeGraph.dump` writes."""

_CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?instances)
WHERE { ?s a ?class }
GROUP BY ?class
ORDER BY DESC(?instances) ?class
"""

_GRAPH_COUNTS = """
SELECT ?graph (COUNT(*) AS ?triples)
WHERE { GRAPH ?graph { ?s ?p ?o } }
GROUP BY ?graph
ORDER BY ?graph
"""


def default_store_path() -> Path:
    """Return ``$MEDIAKG_STORE`` if set, else ``./mediakg-store``."""
    return Path(os.environ.get("MEDIAKG_STORE") or DEFAULT_STORE)


class KnowledgeGraph:
    """A media-coverage knowledge graph in a store: load, query, count and dump it.

    Open one with :meth:`open` (embedded Oxigraph on disk) or :meth:`memory` (rdflib in
    memory); use it as a context manager to close the store when done.

    Examples
    --------
    >>> from mediakg.records import Article, Quotation
    >>> kg = KnowledgeGraph.memory()
    >>> kg.add_records([
    ...     Article(title="Rain Returns", url="https://news.example/rain", outlet="Example Post"),
    ...     Quotation(text="Finally.", speaker="Jo Bloggs", article="https://news.example/rain"),
    ... ], graph="urn:example:rain")
    17
    >>> kg.query("quotations")[["speakerName", "text"]].to_dict("records")
    [{'speakerName': 'Jo Bloggs', 'text': 'Finally.'}]
    >>> kg.count()
    17
    """

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls, path: str | os.PathLike[str] | None = None, *, read_only: bool = False
    ) -> KnowledgeGraph:
        """Open (creating if needed) the embedded Oxigraph store at ``path``.

        Parameters
        ----------
        path : str or os.PathLike, optional
            The store directory; defaults to ``$MEDIAKG_STORE`` or ``./mediakg-store``.
        read_only : bool
            Open an existing store for reading only, without the write lock.

        Raises
        ------
        StoreError
            If the store cannot be opened (locked by another process, not a store).
        """
        target = Path(path) if path is not None else default_store_path()
        if read_only and not target.exists():
            from mediakg.errors import StoreError

            raise StoreError(f"no store at {target}: run 'mediakg ingest' or 'mediakg demo' first")
        return cls(open_store("oxigraph", target, read_only=read_only))

    @classmethod
    def memory(cls) -> KnowledgeGraph:
        """Return an empty graph held in memory by rdflib (for small data and tests)."""
        return cls(open_store("memory"))

    @classmethod
    def connect(
        cls,
        endpoint: str,
        update_endpoint: str | None = None,
        **options: Any,
    ) -> KnowledgeGraph:
        """Use a remote SPARQL 1.1 endpoint (Fuseki, GraphDB, Virtuoso, Oxigraph server, ...).

        Queries return the same DataFrames as on the embedded store. Credentials, timeout and
        retries come from ``$MEDIAKG_ENDPOINT_*`` variables (see
        :mod:`mediakg.stores.remote`) or from ``options``, which go to
        :class:`~mediakg.stores.remote.RemoteStore` (``graph_store``, ``timeout``,
        ``retries``, ``default_graph``).

        Parameters
        ----------
        endpoint : str
            The query endpoint, e.g. ``http://localhost:3030/ds/sparql``.
        update_endpoint : str, optional
            The update endpoint; without one the graph is read-only.

        Raises
        ------
        StoreError
            If a URL is not ``http(s)://`` or the credential variables conflict. Nothing is
            sent until the first query or write.

        Examples
        --------
        >>> kg = KnowledgeGraph.connect("http://127.0.0.1:7878/query")
        >>> kg
        <KnowledgeGraph remote at http://127.0.0.1:7878/query>
        """
        return cls(open_store("remote", endpoint, update_endpoint, **options))

    def close(self) -> None:
        """Close the store."""
        self.store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {self.store.kind} at {self.store.location}>"

    # -- loading ---------------------------------------------------------------------------

    def ingest(
        self,
        *paths: str | os.PathLike[str],
        format: str | None = None,
        model: str | None = None,
        workers: int | None = None,
    ) -> IngestReport:
        """Load files and directories, one named graph and one transaction per document.

        Record and RDF files are loaded as they are; articles (``.md``, ``.html``, ``.rss``,
        ``.atom``, ``.txt``) go through NLP extraction with the spaCy ``model`` on ``workers``
        processes. Sources that fail are listed in the report's ``failures``; the others are
        loaded.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "people.jsonl"
        >>> _ = path.write_text('{"name": "Ada Example"}\\n{"name": "Bo Example"}\\n')
        >>> KnowledgeGraph.memory().ingest(path).summary()
        '1 documents, 4 quads, 2 people, 0 failed'
        """
        return ingest_paths(self.store, paths, format=format, model=model, workers=workers)

    def add_records(self, records: Iterable[Record], *, graph: str | URIRef) -> int:
        """Map records to triples and make them the content of named graph ``graph``.

        Returns the number of triples written; loading the same graph again replaces it.
        """
        return self.store.replace_graph(URIRef(str(graph)), to_triples(records))

    def drop_graph(self, graph: str | URIRef) -> None:
        """Remove a named graph (a document) and everything in it."""
        self.store.drop_graph(URIRef(str(graph)))

    # -- querying --------------------------------------------------------------------------

    def query(
        self,
        query: str | os.PathLike[str],
        *,
        params: dict[str, Any] | None = None,
        allow_update: bool = False,
    ) -> pd.DataFrame:
        """Run a named query, a query file or SPARQL text; return the rows as a DataFrame.

        Queries see the union of all named graphs. See :func:`mediakg.run_query` for the
        parameters, the result and the errors.
        """
        import pandas as pd

        named = load_query(query)
        if query_form(named.text) == "update":
            if not allow_update:
                raise QueryError(
                    f"query {named.name!r} is a SPARQL Update, which would change the store; "
                    "pass allow_update=True (--allow-update) to run it"
                )
            self.store.update(named.text)
            return pd.DataFrame()
        result = self.store.select(named.text, named.bindings(params))
        frame = pd.DataFrame.from_records(result.rows, columns=result.columns)
        # Parameter variables are projected only because substitution requires it.
        hidden = [p.variable for p in named.params if p.variable in frame.columns]
        # drop() copies the frame even with nothing to drop; most queries have no parameters.
        return frame.drop(columns=hidden) if hidden else frame

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update in one transaction."""
        self.store.update(sparql)

    # -- counting and dumping --------------------------------------------------------------

    def graphs(self) -> list[str]:
        """Return the names of the named graphs, sorted."""
        return [str(g) for g in self.store.graphs()]

    def document_graphs(self) -> list[URIRef]:
        """Return the named graphs that hold documents (not run records or inferences)."""
        return [g for g in self.store.graphs() if g not in _SYSTEM_GRAPHS]

    def count(self, graph: str | URIRef | None = None) -> int:
        """Return the number of distinct triples in one graph, or in all document graphs."""
        if graph is not None:
            query = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
            rows = self.store.select(query, graphs=[URIRef(str(graph))]).rows
        else:
            # GRAPH ?g and a filter rather than a list of thousands of graphs, which Oxigraph
            # answers slowly.
            rows = self.store.select(
                "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { "
                "GRAPH ?g { ?s ?p ?o } "
                f"FILTER(?g NOT IN ({', '.join(f'<{g}>' for g in _SYSTEM_GRAPHS)})) }} }}"
            ).rows
        return int(rows[0][0])

    def stats(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Return two tables: instances per class, and triples per named graph.

        Examples
        --------
        >>> from mediakg.records import Person
        >>> kg = KnowledgeGraph.memory()
        >>> _ = kg.add_records([Person(name="Ada Example")], graph="urn:example:doc")
        >>> classes, graphs = kg.stats()
        >>> classes.to_dict("records")
        [{'class': 'http://schema.org/Person', 'instances': 1}]
        >>> graphs.to_dict("records")
        [{'graph': 'urn:example:doc', 'triples': 2}]
        """
        return self.query(_CLASS_COUNTS), self.query(_GRAPH_COUNTS)

    def to_rdflib(self, graphs: Sequence[str | URIRef] | None = None) -> Graph:
        """Return the triples of the given graphs (default: all documents) as an rdflib Graph."""
        names = [URIRef(str(g)) for g in graphs] if graphs is not None else self.document_graphs()
        out = Graph(bind_namespaces="core")
        for prefix, namespace in PREFIXES.items():
            out.bind(prefix, namespace, replace=True)
        for s, p, o, _ in self.store.iter_quads(names):
            out.add((s, p, o))
        return out

    # -- reasoning and checks --------------------------------------------------------------

    def infer(
        self, profile: str = "fast", *, ontology: str | os.PathLike[str] | Graph | None = None
    ) -> InferenceReport:
        """Drop the inferred graph and recompute it: see :func:`mediakg.reasoning.infer`.

        Examples
        --------
        >>> from mediakg.records import Place
        >>> kg = KnowledgeGraph.memory()
        >>> _ = kg.add_records([Place(name="Atyrau", within="Kazakhstan")], graph="urn:ex:doc")
        >>> kg.infer().triples  # Atyrau within Kazakhstan, Kazakhstan contains Atyrau
        2
        """
        from mediakg.reasoning import infer

        return infer(self, profile=profile, ontology=ontology)

    def check(
        self,
        *,
        shapes: str | os.PathLike[str] | Graph | None = None,
        engine: str = "auto",
        network: bool = True,
    ) -> Report:
        """Validate with SHACL shapes and NetworkX checks: see :func:`mediakg.validation.check`.

        Examples
        --------
        >>> KnowledgeGraph.memory().check().conforms
        True
        """
        from mediakg.validation import check

        return check(self, shapes=shapes, engine=engine, network=network)

    # -- networks --------------------------------------------------------------------------

    def to_networkx(
        self,
        network: str,
        *,
        types: Sequence[str] | None = None,
        start: dt.date | str | None = None,
        end: dt.date | str | None = None,
        include_inferred: bool = False,
        metrics: bool = True,
        seed: int = 0,
    ) -> nx.Graph:
        """Build a network (``endorsements``, ``quotations``, ``affiliations``, ``citations``,
        ``mentions`` or ``full``) as a NetworkX graph with metrics.

        See :func:`mediakg.network.to_networkx` for the parameters, the result and the errors.
        """
        from mediakg.network import to_networkx

        return to_networkx(
            self,
            network,
            types=types,
            start=start,
            end=end,
            include_inferred=include_inferred,
            metrics=metrics,
            seed=seed,
        )

    def export(
        self,
        network: str,
        path: str | os.PathLike[str],
        *,
        format: str | None = None,
        dynamic: bool = False,
        color_by: str = "class",
        types: Sequence[str] | None = None,
        start: dt.date | str | None = None,
        end: dt.date | str | None = None,
        include_inferred: bool = False,
        metrics: bool = True,
        seed: int = 0,
    ) -> list[Path]:
        """Write a network as GEXF, GraphML, CSV tables or a PNG (format from the suffix).

        See :func:`mediakg.export.export_network` for the parameters, the result and the
        errors.
        """
        from mediakg.export import export_network

        return export_network(
            self,
            network,
            path,
            format=format,
            dynamic=dynamic,
            color_by=color_by,
            types=types,
            start=start,
            end=end,
            include_inferred=include_inferred,
            metrics=metrics,
            seed=seed,
        )

    def dump(
        self,
        format: str = "turtle",
        *,
        path: str | os.PathLike[str] | None = None,
        graphs: Sequence[str | URIRef] | None = None,
    ) -> str:
        """Serialise the document graphs (or the given ones) deterministically.

        Parameters
        ----------
        format : {"turtle", "nquads", "trig", "jsonld", "ntriples"}
            ``turtle`` and ``ntriples`` merge the graphs; ``turtle`` is rdflib's ``longturtle``
            in canonical form, byte-identical for the same triples. ``nquads`` and ``trig``
            keep graph names. ``jsonld`` is compacted with a schema.org context.
        path : str or os.PathLike, optional
            Also write the text to this file.
        graphs : sequence of str, optional
            Named graphs to include; by default every document graph (not run records or
            inferred triples).

        Returns
        -------
        str
            The serialisation.

        Raises
        ------
        UnknownNameError
            If ``format`` is not one of :data:`DUMP_FORMATS`.
        """
        from mediakg.errors import UnknownNameError

        if format not in DUMP_FORMATS:
            raise UnknownNameError(
                f"unknown dump format {format!r}; formats: {', '.join(DUMP_FORMATS)}"
            )
        names = [URIRef(str(g)) for g in graphs] if graphs is not None else self.document_graphs()
        if format in ("nquads", "trig"):
            text = self._dump_dataset(names, format)
        elif format == "turtle":
            text = self.to_rdflib(names).serialize(format="longturtle", canon=True)
        elif format == "ntriples":
            text = "".join(sorted(self.to_rdflib(names).serialize(format="nt").splitlines(True)))
        else:
            context = {
                "@vocab": "http://schema.org/",
                **{k: v for k, v in PREFIXES.items() if k != "schema"},
            }
            text = self.to_rdflib(names).serialize(
                format="json-ld", context=context, auto_compact=True
            )
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    def _dump_dataset(self, names: list[URIRef], format: str) -> str:
        dataset = Dataset()
        for prefix, namespace in PREFIXES.items():
            dataset.bind(prefix, namespace, replace=True)
        for s, p, o, g in self.store.iter_quads(names):
            dataset.graph(g).add((s, p, o))
        with rdflib_internal_deprecations():
            if format == "nquads":
                return "".join(sorted(dataset.serialize(format="nquads").splitlines(True)))
            return dataset.serialize(format="trig")
