"""RDF to NetworkX: the coverage networks researchers open in Gephi.

Each network is a *projection* of the graph: a SPARQL query, run in the store, picks out the
people, organisations, works and places that take part and the relation that links them; the
result becomes a NetworkX graph whose attribute values are plain ``str``, ``int``, ``float`` or
``bool`` (one type per attribute), which every graph format can write.

========================  =============  ====================================================
network                   graph type     nodes and edges
========================  =============  ====================================================
``endorsements``          ``DiGraph``    endorser -> the work, series or outlet endorsed;
                                         ``weight`` endorsements, ``polarity`` (mean of -1..1)
``quotations``            ``Graph``      people quoted in the same article; ``weight`` articles
``affiliations``          ``Graph``      person -- organisation (bipartite); ``role``
``citations``             ``DiGraph``    article -> the article it cites; ``relation`` (CiTO)
``mentions``              ``Graph``      entities named in the same articles; ``weight``
                                         articles; filter by class and publication date
``full``                  ``MultiDiGraph``  every resource, one edge per object-property
                                         triple, keyed by the predicate (``schema:mentions``)
========================  =============  ====================================================

Every node carries ``iri``, ``label``, ``class`` (``person``, ``organisation``, ``outlet``,
``place``, ``topic``, ``series``, ``article``, ...) and, when known, ``first_published`` and
``last_published``: the first and last publication dates (ISO ``YYYY-MM-DD``) of the articles the
node's facts come from. Edges carry the same two dates where the articles are dated.
:func:`add_metrics` adds degree, weighted degree, PageRank, betweenness and Louvain community, so
that Gephi can size and colour by them at once.

Projections read what the documents state: not the records of load runs (which hold
timestamps) and not the inferred graph, which only ``full`` adds when asked
(``include_inferred=True``). Each record is matched within the document that states it, and
each article's date wherever it is stated, so that entities restated in many documents cost
nothing extra.

Examples
--------
>>> from mediakg import KnowledgeGraph
>>> from mediakg.records import Endorsement, Organization
>>> kg = KnowledgeGraph.memory()
>>> _ = kg.add_records([
...     Organization(name="Example Post", outlet=True),
...     Endorsement(endorser="Jo Bloggs", target="Example Post", quote="Reliable.",
...                 article="https://news.example/a", polarity=0.5),
... ], graph="urn:example:a")
>>> g = to_networkx(kg, "endorsements")
>>> [(g.nodes[u]["label"], g.nodes[v]["label"], d["weight"], d["polarity"])
...  for u, v, d in g.edges(data=True)]
[('Jo Bloggs', 'Example Post', 1, 0.5)]
>>> g.nodes["https://w3id.org/mediakg/id/organization/example-post"]["class"]
'outlet'
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from mediakg.errors import MediaKGError, UnknownNameError
from mediakg.namespace import MKG, OA, ORG, PREFIXES, SCHEMA, SKOS

if TYPE_CHECKING:
    import networkx as nx

    from mediakg.kg import KnowledgeGraph

__all__ = [
    "BETWEENNESS_WORK",
    "CLASS_NAMES",
    "METRICS",
    "NETWORKS",
    "NetworkError",
    "add_metrics",
    "to_networkx",
]

NETWORKS: dict[str, str] = {
    "endorsements": "who endorses which work, series or outlet (directed; weight: endorsements)",
    "quotations": "people quoted in the same article (weight: shared articles)",
    "affiliations": "people and the organisations they belong to (bipartite; role on the edge)",
    "citations": "which article cites which (directed)",
    "mentions": "entities named in the same articles (weight: shared articles)",
    "full": "every resource with its object-property edges (predicate as edge key)",
}
"""The networks :func:`to_networkx` builds, with a one-line description each."""

METRICS: tuple[str, ...] = (
    "degree",
    "in_degree",
    "out_degree",
    "weighted_degree",
    "pagerank",
    "betweenness",
    "community",
)
"""Node attributes :func:`add_metrics` writes (``in_degree``/``out_degree`` on directed graphs)."""

BETWEENNESS_WORK = 2_000_000
"""The work allowed to betweenness centrality, in node-and-edge visits (about a second).

Exact betweenness runs one search from every node, ``nodes * (nodes + edges)`` visits; it is
used while that fits in this budget (a sparse network of about a thousand nodes). Above, it is
estimated from ``k`` source nodes drawn with the seed, ``k = BETWEENNESS_WORK // (nodes +
edges)`` clamped to 16..500 (16 for a network of 100,000 nodes). The ``k`` used is recorded in
the graph attribute ``betweenness_sources`` (0 when exact)."""


class NetworkError(MediaKGError, ValueError):
    """A network cannot be built or written as asked.

    Raised for a filter a network does not take, an unreadable date, or a graph whose attribute
    values a file format cannot hold (a list, an rdflib term, two types in one attribute).
    """


# -- classes --------------------------------------------------------------------------------

_ARTICLE_TYPES = (
    "NewsArticle",
    "Report",
    "Article",
    "CreativeWork",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "ReportageNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "BlogPosting",
    "ScholarlyArticle",
)

# Most specific first: a node takes the first class whose IRI is among its rdf:types.
_CLASS_TABLE: tuple[tuple[str, str], ...] = (
    (str(MKG.Endorsement), "endorsement"),
    (str(SCHEMA.EndorseAction), "endorsement"),
    (str(MKG.Quotation), "quotation"),
    (str(SCHEMA.Quotation), "quotation"),
    (str(MKG.Affiliation), "affiliation"),
    (str(ORG.Membership), "affiliation"),
    (str(MKG.EvidenceSpan), "evidence"),
    (str(OA.TextPositionSelector), "selector"),
    (str(OA.TextQuoteSelector), "selector"),
    (str(SCHEMA.EndorsementRating), "rating"),
    (str(MKG.IngestRun), "run"),
    (str(MKG.Series), "series"),
    (str(SCHEMA.CreativeWorkSeries), "series"),
    (str(SCHEMA.NewsMediaOrganization), "outlet"),
    (str(SCHEMA.Organization), "organisation"),
    (str(SCHEMA.Person), "person"),
    (str(SCHEMA.Place), "place"),
    (str(MKG.Role), "role"),
    (str(SKOS.Concept), "topic"),
    *((str(SCHEMA[t]), "article") for t in _ARTICLE_TYPES),
)
_CLASS_OF: dict[str, str] = {}
for _iri, _name in _CLASS_TABLE:
    _CLASS_OF.setdefault(_iri, _name)
_RANK: dict[str, int] = {iri: i for i, (iri, _) in reversed(list(enumerate(_CLASS_TABLE)))}

CLASS_NAMES: tuple[str, ...] = tuple(dict.fromkeys(name for _, name in _CLASS_TABLE))
"""The values of the ``class`` node attribute for known types (others get the type's local
name, untyped resources ``resource``); also the names ``types=`` accepts for ``mentions``."""

_CLASS_IRIS: dict[str, tuple[str, ...]] = {
    name: tuple(iri for iri, n in _CLASS_TABLE if n == name) for name in CLASS_NAMES
}
# An outlet is an organisation: filtering on organisations keeps outlets.
_CLASS_IRIS["organisation"] = (*_CLASS_IRIS["organisation"], *_CLASS_IRIS["outlet"])
_CLASS_ALIASES = {"organization": "organisation", "organizations": "organisation"}


def class_of(types: Iterable[str]) -> str:
    """Return the ``class`` attribute value for a resource with the given ``rdf:type`` IRIs.

    Examples
    --------
    >>> class_of(["http://schema.org/Organization", "http://schema.org/NewsMediaOrganization"])
    'outlet'
    >>> class_of(["http://example.org/vocab#Ship"])
    'Ship'
    >>> class_of([])
    'resource'
    """
    known = [t for t in types if t in _RANK]
    if known:
        return _CLASS_OF[min(known, key=_RANK.__getitem__)]
    rest = sorted(types)
    return _local_name(rest[0]) if rest else "resource"


def _local_name(iri: str) -> str:
    for sep in ("#", "/", ":"):
        head, found, tail = iri.rstrip("/#").rpartition(sep)
        if found and tail:
            return tail
    return iri


def _fallback_label(iri: str) -> str:
    # Minted IRIs end in a readable slug ('person/ada-example') or a hash; either beats nothing.
    tail = iri.rstrip("/").rpartition("/")[2]
    return tail or iri


def curie(iri: str) -> str:
    """Return ``prefix:local`` for an IRI in a known namespace, else the IRI.

    Examples
    --------
    >>> curie("http://schema.org/mentions")
    'schema:mentions'
    >>> curie("http://example.org/p")
    'http://example.org/p'
    """
    best = ""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(PREFIXES.get(best, "")):
            best = prefix
    if best:
        local = iri[len(PREFIXES[best]) :]
        if local and all(c.isalnum() or c in "_-." for c in local):
            return f"{best}:{local}"
    return iri


# -- SPARQL ------------------------------------------------------------------------------------

_PREFIXES = """\
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <http://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

# GROUP_CONCAT's order is unspecified: values are joined with a unit separator, which text
# does not contain, and sorted in Python so that the same graph gives the same attributes.
_SEP = "\\u001f"
_UNIT = "\u001f"

_LABEL = "schema:name|schema:headline|skos:prefLabel|rdfs:label"
_MENTION = "schema:mentions|schema:about|schema:contentLocation"


def _day(term: str) -> str:
    # Publication dates as ISO text: xsd:date and xsd:dateTime values (and plain strings)
    # compare and aggregate alike once cut to the day.
    return f"SUBSTR(STR({term}), 1, 10)"


# MIN and MAX of a group holding an unbound value are unbound (SPARQL 1.1, as Oxigraph applies
# it), so undated rows are mapped to sentinels that lose to any date: "~" sorts after digits, ""
# before everything. _value() turns both back into None.
def _first(var: str) -> str:
    return f'MIN(COALESCE({var}, "~"))'


def _last(var: str) -> str:
    return f'MAX(COALESCE({var}, ""))'


_NONE = ("~", "")


class _Document:
    """Writes group patterns matched within one document graph.

    A record's statements (an endorsement's agent, object and rating, say) are matched together
    inside one ``GRAPH ?gN {...}`` block, so that an entity restated in a thousand documents
    comes back once per document rather than once per combination of documents (Oxigraph's
    union default graph keeps one row per graph), and so that load runs and the inferred graph
    are left out by a filter on ``?gN``. Statements about other resources (an article's date)
    get blocks of their own and may come from any document.
    """

    def __init__(self, leave_out: Sequence[str]) -> None:
        self.leave_out = ", ".join(f"<{g}>" for g in leave_out)
        self.count = 0

    def __call__(self, block: str) -> str:
        self.count += 1
        g = f"?_g{self.count}"
        return f"GRAPH {g} {{ {block} }} FILTER({g} NOT IN ({self.leave_out}))"

    def date(self, article: str, day: str) -> str:
        """An optional publication day of ``article`` (ISO text) bound to ``day``."""
        pd = f"{day}_pd"
        return f"OPTIONAL {{ {self(f'{article} schema:datePublished {pd}')} }} " + (
            f"BIND({_day(pd)} AS {day})"
        )


# -- building ------------------------------------------------------------------------------------


def to_networkx(
    graph: KnowledgeGraph,
    name: str,
    *,
    types: Sequence[str] | None = None,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    include_inferred: bool = False,
    metrics: bool = True,
    seed: int = 0,
) -> nx.Graph:
    """Build one of the :data:`NETWORKS` from a knowledge graph.

    Parameters
    ----------
    graph : KnowledgeGraph
        Where the data is; the projection runs as SPARQL in its store.
    name : str
        ``endorsements``, ``quotations``, ``affiliations``, ``citations``, ``mentions`` or
        ``full``.
    types : sequence of str, optional
        ``mentions`` only: keep entities of these classes (names from :data:`CLASS_NAMES`,
        such as ``person``, ``organisation`` (which includes outlets), ``place``, ``topic``,
        or full class IRIs).
    start, end : datetime.date or str, optional
        ``mentions`` only: keep articles published on or after ``start`` and on or before
        ``end`` (ISO dates, inclusive). Articles without a date are left out once either is
        given.
    include_inferred : bool
        ``full`` only: also read the inferred named graph (inverse, transitive and other
        entailments written by reasoning). The other networks are built from what the
        documents state.
    metrics : bool
        Add the :data:`METRICS` node attributes with :func:`add_metrics`.
    seed : int
        Seed of the sampled betweenness and of Louvain, so that runs agree.

    Returns
    -------
    networkx.Graph
        ``DiGraph``, ``Graph`` or ``MultiDiGraph`` as listed in the module documentation,
        nodes keyed by IRI and inserted in IRI order. ``graph.graph`` holds ``name`` and
        ``description``.

    Raises
    ------
    UnknownNameError
        If ``name``, or a class in ``types``, is unknown; the message lists the known ones.
    NetworkError
        If ``types``, ``start`` or ``end`` is given for another network than ``mentions``,
        ``include_inferred`` for another than ``full``, or a date is not an ISO date.
    QueryError
        If the store rejects a projection query.

    Examples
    --------
    >>> import datetime as dt
    >>> from mediakg import KnowledgeGraph
    >>> from mediakg.records import Article, Quotation
    >>> kg = KnowledgeGraph.memory()
    >>> _ = kg.add_records([
    ...     Article(title="Rain", url="https://news.example/rain", published=dt.date(2024, 5, 1)),
    ...     Quotation(text="Wet.", speaker="Ann Example", article="https://news.example/rain"),
    ...     Quotation(text="Dry.", speaker="Bo Example", article="https://news.example/rain"),
    ... ], graph="urn:example:rain")
    >>> g = to_networkx(kg, "quotations")
    >>> sorted(d["label"] for _, d in g.nodes(data=True))
    ['Ann Example', 'Bo Example']
    >>> [(d["weight"], d["first_published"]) for _, _, d in g.edges(data=True)]
    [(1, '2024-05-01')]
    >>> to_networkx(kg, "quotations", start="2024-01-01")
    Traceback (most recent call last):
    ...
    mediakg.network.NetworkError: only the mentions network filters by start, end or types; \
quotations does not
    """
    if name not in NETWORKS:
        raise UnknownNameError(f"unknown network {name!r}; networks: {', '.join(NETWORKS)}")
    if name != "mentions" and (types is not None or start is not None or end is not None):
        raise NetworkError(
            f"only the mentions network filters by start, end or types; {name} does not"
        )
    if include_inferred and name != "full":
        raise NetworkError(
            f"only the full network reads inferred triples; {name} is built from what the "
            "documents state"
        )
    projection = _Projection(graph, include_inferred=include_inferred)
    if name == "full":
        g = projection.full()
    elif name == "mentions":
        g = projection.mentions(types, _iso_date(start, "start"), _iso_date(end, "end"))
    else:
        g = getattr(projection, name)()
    g.graph["name"] = name
    g.graph["description"] = NETWORKS[name]
    if metrics:
        add_metrics(g, seed=seed)
    return g


def _iso_date(value: dt.date | str | None, what: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    try:
        return dt.date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError as exc:
        raise NetworkError(f"{what} date {value!r} is not an ISO date (YYYY-MM-DD)") from exc


class _Projection:
    def __init__(self, kg: KnowledgeGraph, *, include_inferred: bool) -> None:
        from mediakg.kg import INFERRED_GRAPH
        from mediakg.pipeline import RUNS_GRAPH

        self.store = kg.store
        inferred = str(INFERRED_GRAPH)
        # Every query leaves out load runs, which carry timestamps, and the inferred graph
        # (which only 'full' may read: the other networks are built from what documents state).
        self.leave_out = [str(RUNS_GRAPH)] + ([] if include_inferred else [inferred])
        self.doc = _Document([str(RUNS_GRAPH), inferred])
        self._labels: dict[str, str] | None = None
        self._types: dict[str, list[str]] | None = None

    def rows(self, sparql: str) -> list[dict[str, Any]]:
        result = self.store.select(sparql)
        columns = result.columns
        return [dict(zip(columns, row, strict=True)) for row in result.rows]

    def scan(self, select: str, pattern: str, condition: str = "", tail: str = "") -> str:
        """A query over one triple pattern in every graph but those left out."""
        graphs = ", ".join(f"<{g}>" for g in self.leave_out)
        where = f"?g NOT IN ({graphs})" + (f" && {condition}" if condition else "")
        return f"{_PREFIXES}{select}\nWHERE {{ GRAPH ?g {{ {pattern} }} FILTER({where}) }}\n{tail}"

    # -- what every node carries -------------------------------------------------------------

    def labels(self) -> dict[str, str]:
        if self._labels is None:
            query = self.scan(
                "SELECT ?s (MIN(?l) AS ?label)", f"?s {_LABEL} ?l", "isLiteral(?l)", "GROUP BY ?s"
            )
            self._labels = {str(r["s"]): str(r["label"]) for r in self.rows(query)}
        return self._labels

    def types(self) -> dict[str, list[str]]:
        if self._types is None:
            types: dict[str, list[str]] = defaultdict(list)
            for row in self.rows(self.scan("SELECT DISTINCT ?s ?t", "?s a ?t")):
                types[str(row["s"])].append(str(row["t"]))
            self._types = types
        return self._types

    def dates(self) -> dict[str, str]:
        query = self.scan(
            f"SELECT ?s (MIN({_day('?d')}) AS ?day)",
            "?s schema:datePublished ?d",
            "",
            "GROUP BY ?s",
        )
        return {str(r["s"]): day for r in self.rows(query) if (day := _value(r["day"]))}

    def outlets(self) -> dict[str, str]:
        """Work -> the name of its publisher."""
        query = self.scan(
            "SELECT ?s (MIN(STR(?p)) AS ?publisher)", "?s schema:publisher ?p", "", "GROUP BY ?s"
        )
        labels = self.labels()
        return {
            str(r["s"]): labels[str(r["publisher"])]
            for r in self.rows(query)
            if str(r["publisher"]) in labels
        }

    def add_nodes(self, g: nx.Graph, nodes: Mapping[str, Mapping[str, Any]]) -> None:
        """Add nodes in IRI order with iri, label, class, dates and the given extras."""
        labels, types = self.labels(), self.types()
        for iri in sorted(nodes):
            extra = dict(nodes[iri])
            attrs: dict[str, Any] = {
                "iri": iri,
                "label": labels.get(iri) or _fallback_label(iri),
                "class": class_of(types.get(iri, ())),
            }
            _add_dates(attrs, extra.pop("first", None), extra.pop("last", None))
            attrs.update((k, v) for k, v in extra.items() if v is not None)
            g.add_node(iri, **attrs)

    # -- the projections -------------------------------------------------------------------

    def endorsements(self) -> nx.DiGraph:
        import networkx as nx

        doc = self.doc
        dated = doc.date("?article", "?pday")
        endorsement = doc(
            "?e a schema:EndorseAction ; schema:agent ?source ; schema:object ?target . "
            "OPTIONAL { ?e schema:result/schema:ratingValue ?p } "
            "OPTIONAL { ?e schema:startTime ?st } "
            "OPTIONAL { ?e prov:wasDerivedFrom ?quotation . "
            "  OPTIONAL { ?quotation schema:text ?q } "
            f"  OPTIONAL {{ ?quotation schema:isPartOf ?article . {dated} }} }}"
        )
        # One row per endorsement (polarity, day, words); tallied per pair below, where the
        # quotes can be joined in a stable order.
        query = f"""{_PREFIXES}
SELECT ?e ?source ?target (MIN(?p) AS ?polarity) ({_first("?d")} AS ?day)
       ({_last("?q")} AS ?quote)
WHERE {{
  {endorsement}
  BIND(COALESCE({_day("?st")}, ?pday) AS ?d)
}}
GROUP BY ?e ?source ?target
"""
        pairs: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        days: dict[str, list[str]] = defaultdict(list)
        for row in self.rows(query):
            source, target = str(row["source"]), str(row["target"])
            pairs[(source, target)].append(row)
            for node in (source, target):
                days[node].extend(d for d in [_value(row["day"])] if d)
        outlets = self.outlets()
        self.add_nodes(
            g := nx.DiGraph(),
            {
                node: {**_span(days[node]), "outlet": outlets.get(node)}
                for pair in pairs
                for node in pair
            },
        )
        for (source, target), rows in sorted(pairs.items()):
            ratings = [float(r["polarity"]) for r in rows if _is_number(r["polarity"])]
            on_days = [day for r in rows if (day := _value(r["day"]))]
            quotes = sorted({quote for r in rows if (quote := _value(r["quote"]))})
            attrs: dict[str, Any] = {"label": "endorses", "weight": len(rows)}
            if ratings:
                attrs["polarity"] = round(math.fsum(ratings) / len(ratings), 6)
                attrs["polarity_min"] = min(ratings)
                attrs["polarity_max"] = max(ratings)
            if quotes:
                attrs["quotes"] = " | ".join(quotes)
            _add_dates(attrs, min(on_days, default=None), max(on_days, default=None))
            g.add_edge(source, target, **attrs)
        return g

    def quotations(self) -> nx.Graph:
        import networkx as nx

        doc = self.doc

        def quoted(q: str, speaker: str) -> str:
            return doc(
                f"?{q} a schema:Quotation ; schema:spokenByCharacter ?{speaker} ; "
                "schema:isPartOf ?a ."
            )

        dated = doc.date("?a", "?day")
        nodes = f"""{_PREFIXES}
SELECT ?node (COUNT(DISTINCT ?q) AS ?quotations) (COUNT(DISTINCT ?a) AS ?articles)
       ({_first("?day")} AS ?first) ({_last("?day")} AS ?last)
WHERE {{ {quoted("q", "node")} {dated} }}
GROUP BY ?node
"""
        edges = f"""{_PREFIXES}
SELECT ?source ?target (COUNT(?a) AS ?weight) ({_first("?day")} AS ?first)
       ({_last("?day")} AS ?last)
WHERE {{
  {{ SELECT DISTINCT ?a ?source WHERE {{ {quoted("q1", "source")} }} }}
  {{ SELECT DISTINCT ?a ?target WHERE {{ {quoted("q2", "target")} }} }}
  FILTER(STR(?source) < STR(?target))
  {dated}
}}
GROUP BY ?source ?target
"""
        g = nx.Graph()
        self.add_nodes(
            g, {str(r["node"]): _counted(r, "quotations", "articles") for r in self.rows(nodes)}
        )
        self.add_edges(g, self.rows(edges))
        return g

    def affiliations(self) -> nx.Graph:
        import networkx as nx

        doc = self.doc
        dated = doc.date("?article", "?day")
        membership = doc(
            "?m a org:Membership ; org:member ?source ; org:organization ?target . "
            "OPTIONAL { ?m org:role/skos:prefLabel ?role } "
            "OPTIONAL { ?m schema:startDate ?start } "
            "OPTIONAL { ?m schema:endDate ?end } "
            f"OPTIONAL {{ ?m prov:hadPrimarySource ?article . {dated} }}"
        )
        query = f"""{_PREFIXES}
SELECT ?source ?target (COUNT(DISTINCT ?m) AS ?weight)
       (GROUP_CONCAT(DISTINCT COALESCE(?role, ""); separator="{_SEP}") AS ?roles)
       ({_first("?s")} AS ?member_from) ({_last("?e")} AS ?member_until)
       ({_first("?day")} AS ?first) ({_last("?day")} AS ?last)
WHERE {{
  {membership}
  BIND({_day("?start")} AS ?s)
  BIND({_day("?end")} AS ?e)
}}
GROUP BY ?source ?target
"""
        rows = self.rows(query)
        days: dict[str, list[str]] = defaultdict(list)
        for row in rows:
            for node in (str(row["source"]), str(row["target"])):
                days[node].extend(d for d in (_value(row["first"]), _value(row["last"])) if d)
        people = {str(r["source"]) for r in rows}
        g = nx.Graph()
        # networkx's bipartite convention: 0 for one side (people), 1 for the other.
        self.add_nodes(
            g, {node: {**_span(days[node]), "bipartite": int(node not in people)} for node in days}
        )
        for row in rows:
            row["label"] = "; ".join(sorted(_split(row.pop("roles"))))
            row["role"] = row["label"]
        self.add_edges(g, rows, texts=("label", "role", "member_from", "member_until"))
        return g

    def citations(self) -> nx.DiGraph:
        import networkx as nx

        doc = self.doc
        citation = doc(
            "?source schema:citation ?target . OPTIONAL { ?source ?rel ?target . "
            'FILTER(STRSTARTS(STR(?rel), "http://purl.org/spar/cito/")) }'
        )
        query = f"""{_PREFIXES}
SELECT ?source ?target
       (GROUP_CONCAT(DISTINCT COALESCE(STR(?rel), ""); separator="{_SEP}") AS ?relations)
       ({_first("?day")} AS ?first) ({_last("?day")} AS ?last)
WHERE {{
  {citation}
  {doc.date("?source", "?day")}
}}
GROUP BY ?source ?target
"""
        rows = self.rows(query)
        dates, outlets = self.dates(), self.outlets()
        ends = {str(r[k]) for r in rows for k in ("source", "target")}
        self.add_nodes(
            g := nx.DiGraph(),
            {
                n: {**_span([dates[n]] if n in dates else []), "outlet": outlets.get(n)}
                for n in ends
            },
        )
        for row in rows:
            relations = sorted(curie(r) for r in _split(row.pop("relations")))
            row["label"] = row["relation"] = "; ".join(relations)
            row["weight"] = 1
        self.add_edges(g, rows, texts=("label", "relation"))
        return g

    def mentions(self, types: Sequence[str] | None, start: str | None, end: str | None) -> nx.Graph:
        import networkx as nx

        def named(node: str, pd: str, day: str) -> str:
            return _incidence(self.doc, node, pd, day, types, start, end)

        nodes = f"""{_PREFIXES}
SELECT ?node (COUNT(DISTINCT ?a) AS ?articles)
       ({_first("?day")} AS ?first) ({_last("?day")} AS ?last)
WHERE {{ {named("node", "pd", "day")} }}
GROUP BY ?node
"""
        edges = f"""{_PREFIXES}
SELECT ?source ?target (COUNT(?a) AS ?weight)
       ({_first("?day")} AS ?first) ({_last("?day")} AS ?last)
WHERE {{
  {{ SELECT DISTINCT ?a ?source ?day WHERE {{ {named("source", "p1", "day")} }} }}
  {{ SELECT DISTINCT ?a ?target WHERE {{ {named("target", "p2", "day2")} }} }}
  FILTER(STR(?source) < STR(?target))
}}
GROUP BY ?source ?target
"""
        g = nx.Graph()
        self.add_nodes(g, {str(r["node"]): _counted(r, "articles") for r in self.rows(nodes)})
        self.add_edges(g, self.rows(edges))
        return g

    def full(self) -> nx.MultiDiGraph:
        import networkx as nx

        query = self.scan(
            "SELECT DISTINCT ?s ?p ?o",
            "?s ?p ?o",
            "!isLiteral(?o) && ?p != <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
        )
        result = self.store.select(query)
        triples = sorted((str(s), str(p), str(o)) for s, p, o in result.rows)
        own = self.dates()
        # A resource's dates: its own publication date, else those of the dated resources
        # (articles) it links to or that link to it.
        days: dict[str, list[str]] = defaultdict(list)
        for s, _, o in triples:
            if o in own and s not in own:
                days[s].append(own[o])
            if s in own and o not in own:
                days[o].append(own[s])
        names = set(self.types()) | {s for s, _, _ in triples} | {o for _, _, o in triples}
        self.add_nodes(
            g := nx.MultiDiGraph(),
            {n: _span([own[n]] if n in own else days.get(n, [])) for n in names},
        )
        short = {p: curie(p) for p in {p for _, p, _ in triples}}
        g.add_edges_from((s, o, short[p], {"label": short[p], "weight": 1}) for s, p, o in triples)
        return g

    @staticmethod
    def add_edges(
        g: nx.Graph, rows: Iterable[Mapping[str, Any]], texts: Sequence[str] = ()
    ) -> None:
        """Add edges from rows with source, target, weight, first, last and text columns."""
        for row in sorted(rows, key=_pair):
            attrs: dict[str, Any] = {"weight": int(row["weight"])}
            for key in texts:
                if value := _value(row[key]):
                    attrs[key] = value
            _add_dates(attrs, row["first"], row["last"])
            g.add_edge(str(row["source"]), str(row["target"]), **attrs)


def _span(days: Sequence[str]) -> dict[str, str | None]:
    return {"first": min(days, default=None), "last": max(days, default=None)}


def _counted(row: Mapping[str, Any], *counts: str) -> dict[str, Any]:
    return {"first": row["first"], "last": row["last"], **{c: int(row[c] or 0) for c in counts}}


def _incidence(
    doc: _Document,
    node: str,
    pd: str,
    day: str,
    types: Sequence[str] | None,
    start: str | None,
    end: str | None,
) -> str:
    """The pattern 'article ?a names ?node', with the class and date filters."""
    lines = [doc(f"?a {_MENTION} ?{node} .")]
    if types is not None:
        values = " ".join(f"<{i}>" for i in _type_iris(types))
        lines.append(
            f"FILTER EXISTS {{ {doc(f'?{node} a ?class . VALUES ?class {{ {values} }}')} }}"
        )
    if start is not None or end is not None:
        lines.append(doc(f"?a schema:datePublished ?{pd} ."))
        lines.append(f"BIND({_day(f'?{pd}')} AS ?{day})")
        if start is not None:
            lines.append(f'FILTER(?{day} >= "{start}")')
        if end is not None:
            lines.append(f'FILTER(?{day} <= "{end}")')
    else:
        lines.append(doc.date("?a", f"?{day}"))
    return "\n  ".join(lines)


def _type_iris(types: Sequence[str]) -> list[str]:
    if isinstance(types, str):
        types = [types]
    iris: list[str] = []
    for t in types:
        key = _CLASS_ALIASES.get(t.strip().lower(), t.strip().lower())
        if key in _CLASS_IRIS:
            iris.extend(_CLASS_IRIS[key])
        elif ":" in t and not any(c in t for c in '<>" {}|\\^`'):
            iris.append(t.strip())
        else:
            raise UnknownNameError(
                f"unknown class {t!r}; classes: {', '.join(CLASS_NAMES)}, or a class IRI"
            )
    return sorted(set(iris))


def _split(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    return [v for v in str(value).split(_UNIT) if v]


def _value(value: Any) -> str | None:
    """A text value from a query, or None for unbound and the sentinels."""
    if value is None or value in _NONE:
        return None
    return str(value)


def _add_dates(attrs: dict[str, Any], first: Any, last: Any) -> None:
    first, last = _value(first), _value(last)
    if first:
        attrs["first_published"] = first
    if last:
        attrs["last_published"] = last


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _pair(row: Mapping[str, Any]) -> tuple[str, str]:
    return str(row["source"]), str(row["target"])


# -- metrics -------------------------------------------------------------------------------------


def add_metrics(g: nx.Graph, *, seed: int = 0, betweenness_sources: int | None = None) -> nx.Graph:
    """Add degree, weighted degree, PageRank, betweenness and Louvain community to every node.

    ``degree`` counts edges (``in_degree`` and ``out_degree`` too on directed graphs);
    ``weighted_degree`` sums their ``weight`` (1 when absent). ``pagerank`` follows edge
    direction and weight (damping 0.85). ``betweenness`` ignores weights (they measure strength,
    not distance), is normalised, and is exact on networks small enough for
    :data:`BETWEENNESS_WORK` and estimated from sampled sources above. ``community`` numbers
    networkx's Louvain communities of the undirected, weight-summed graph, 0 for the largest.

    Parameters
    ----------
    g : networkx.Graph
        Any graph; its node attributes are updated in place.
    seed : int
        Seed of the sampled betweenness and of Louvain.
    betweenness_sources : int, optional
        Estimate betweenness from this many sampled source nodes (0: exact); by default as
        :data:`BETWEENNESS_WORK` says.

    Returns
    -------
    networkx.Graph
        ``g`` itself, with graph attributes ``betweenness_sources`` (0 when exact) and
        ``communities``.

    Examples
    --------
    >>> import networkx as nx
    >>> g = add_metrics(nx.path_graph(3))
    >>> {n: (d["degree"], d["betweenness"]) for n, d in g.nodes(data=True)}
    {0: (1, 0.0), 1: (2, 1.0), 2: (1, 0.0)}
    >>> round(g.nodes[1]["pagerank"], 3), g.graph["communities"]
    (0.486, 1)
    """
    import networkx as nx

    directed = g.is_directed()
    n, m = g.number_of_nodes(), g.number_of_edges()
    for node, value in g.degree():
        g.nodes[node]["degree"] = int(value)
    if directed:
        for node, value in g.in_degree():
            g.nodes[node]["in_degree"] = int(value)
        for node, value in g.out_degree():
            g.nodes[node]["out_degree"] = int(value)
    for node, value in g.degree(weight="weight"):
        g.nodes[node]["weighted_degree"] = float(value)
    for node, value in pagerank(g).items():
        g.nodes[node]["pagerank"] = value

    # Betweenness follows each neighbour once, so parallel edges need no merging first.
    if betweenness_sources is None:
        exact = n * (n + m) <= BETWEENNESS_WORK
        k = 0 if exact else max(16, min(500, BETWEENNESS_WORK // (n + m)))
    else:
        k = betweenness_sources if 0 < betweenness_sources < n else 0
    if k:
        between = nx.betweenness_centrality(g, k=k, normalized=True, seed=seed)
    else:
        between = nx.betweenness_centrality(g, normalized=True)
    for node, value in between.items():
        g.nodes[node]["betweenness"] = float(value)
    g.graph["betweenness_sources"] = k

    communities = louvain(g, seed=seed)
    for number, members in enumerate(communities):
        for node in members:
            g.nodes[node]["community"] = number
    g.graph["communities"] = len(communities)
    return g


def pagerank(
    g: nx.Graph, *, alpha: float = 0.85, max_iter: int = 1000, tol: float = 1.0e-12
) -> dict[Any, float]:
    """Return PageRank of every node, by power iteration with NumPy (no SciPy needed).

    Same definition as :func:`networkx.pagerank`: edge weights (``weight``, default 1) split a
    node's rank among its out-edges, parallel edges add up, undirected edges count both ways,
    and dangling nodes spread their rank evenly.

    Examples
    --------
    >>> import networkx as nx
    >>> ranks = pagerank(nx.DiGraph([("a", "b"), ("c", "b")]))
    >>> {k: round(v, 3) for k, v in ranks.items()}
    {'a': 0.213, 'b': 0.574, 'c': 0.213}
    """
    import numpy as np

    nodes = list(g)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    src: list[int] = []
    dst: list[int] = []
    weight: list[float] = []
    for u, v, w in g.edges(data="weight", default=1):
        src.append(index[u])
        dst.append(index[v])
        weight.append(float(w))
        if not g.is_directed() and u != v:
            src.append(index[v])
            dst.append(index[u])
            weight.append(float(w))
    s = np.asarray(src, dtype=np.int64)
    d = np.asarray(dst, dtype=np.int64)
    w_arr = np.asarray(weight, dtype=np.float64)
    out = np.bincount(s, weights=w_arr, minlength=n)
    share = np.divide(w_arr, out[s], out=np.zeros_like(w_arr), where=out[s] > 0)
    dangling = out <= 0
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = alpha * (
            np.bincount(d, weights=last[s] * share, minlength=n) + last[dangling].sum() / n
        )
        x += (1.0 - alpha) / n
        if float(np.abs(x - last).sum()) < n * tol:
            break
    x /= x.sum()
    return {node: float(v) for node, v in zip(nodes, x.tolist(), strict=True)}


def louvain(g: nx.Graph, *, seed: int = 0) -> list[set[Any]]:
    """Return networkx's Louvain communities of ``g``, largest first, numbered stably.

    The graph is taken undirected, parallel and reciprocal edges merged with their weights
    summed (as Gephi's modularity does). Ties in size are ordered by the smallest member.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.barbell_graph(4, 0)
    >>> [sorted(c) for c in louvain(g)]
    [[0, 1, 2, 3], [4, 5, 6, 7]]
    """
    import networkx as nx

    if g.number_of_nodes() == 0:
        return []
    if g.is_directed() or g.is_multigraph():
        order = {node: i for i, node in enumerate(g)}
        summed: dict[tuple[Any, Any], float] = defaultdict(float)
        for u, v, w in g.edges(data="weight", default=1):
            summed[(u, v) if order[u] <= order[v] else (v, u)] += w
        simple = nx.Graph()
        simple.add_nodes_from(g)
        simple.add_weighted_edges_from((u, v, w) for (u, v), w in summed.items())
    else:
        simple = g
    found = nx.community.louvain_communities(simple, weight="weight", seed=seed)
    order = {node: i for i, node in enumerate(g)}
    return sorted(found, key=lambda c: (-len(c), min(order[x] for x in c)))
