"""Network projections and metrics, as a researcher meets them in Python."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python
from rdflib import URIRef

from conftest import DATA
from mediakg import KnowledgeGraph
from mediakg.errors import MediaKGError, UnknownNameError
from mediakg.kg import INFERRED_GRAPH
from mediakg.namespace import ID, MKG, RDF, SCHEMA
from mediakg.network import (
    METRICS,
    NETWORKS,
    NetworkError,
    add_metrics,
    louvain,
    pagerank,
    to_networkx,
)

NETWORK_DATA = DATA / "network"
COURIER = ID["organization/valley-courier"]
PLAN = ID["article/valley-courier-example-2023-09-rationing-plan"]
LEVELS = ID["article/valley-courier-example-2023-06-reservoir-levels"]
REVIEW = ID["article/harbour-review-example-2024-01-drought-coverage"]
RAO, BYRNE, DUNN = (ID[f"person/{n}"] for n in ("sunita-rao", "colm-byrne", "rafael-dunn"))


@pytest.fixture(params=["oxigraph", "memory"])
def drought(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[KnowledgeGraph]:
    """The dated drought-coverage fixture (two documents), once on each store kind."""
    graph = (
        KnowledgeGraph.open(tmp_path / "store")
        if request.param == "oxigraph"
        else KnowledgeGraph.memory()
    )
    report = graph.ingest(NETWORK_DATA)
    assert report.ok, report.failures
    yield graph
    graph.close()


def _edge(g: nx.Graph, u: str, v: str) -> dict[str, Any]:
    data: dict[str, Any] = g.edges[str(u), str(v)]
    return data


# -- the projections -----------------------------------------------------------------------------


def test_example_endorsers_point_at_iwpr_or_its_works(example_kg: KnowledgeGraph) -> None:
    g = example_kg.to_networkx("endorsements")
    assert isinstance(g, nx.DiGraph)
    pairs = {(g.nodes[u]["label"], g.nodes[v]["label"]) for u, v in g.edges()}
    series = "IWPR reporting on the 2011 violence in western Kazakhstan"
    assert pairs == {
        ("Vitaly Ponomarev", series),
        ("Dmitry Orlov", "Institute for War and Peace Reporting"),
        ("Dmitry Tian", series),
    }
    iwpr = ID["organization/institute-for-war-and-peace-reporting"]
    assert g.nodes[str(iwpr)]["class"] == "outlet"
    works = [d for _, d in g.nodes(data=True) if d["class"] == "series"]
    assert [d["outlet"] for d in works] == ["Institute for War and Peace Reporting"]
    assert {d["polarity"] for *_, d in g.edges(data=True)} == {0.7, 0.9, 0.8}
    assert all(d["weight"] == 1 for *_, d in g.edges(data=True))
    # The example's articles carry no dates: nothing is dated, and nothing fails.
    assert not any("first_published" in d for _, d in g.nodes(data=True))


def test_endorsements_count_average_and_date(drought: KnowledgeGraph) -> None:
    g = to_networkx(drought, "endorsements")
    assert g.number_of_nodes() == 4 and g.number_of_edges() == 4
    twice = _edge(g, RAO, COURIER)
    assert twice["weight"] == 2
    assert twice["polarity"] == pytest.approx(0.6)
    assert (twice["polarity_min"], twice["polarity_max"]) == (0.4, 0.8)
    # One of the two is dated (2024-01-20); the other was reported in an undated letters page.
    assert (twice["first_published"], twice["last_published"]) == ("2024-01-20", "2024-01-20")
    assert twice["quotes"].split(" | ") == [
        "still the paper to read on water",
        "the Courier explained the inflow data better than anyone",
    ]
    # No endorsement date: the date of the article that reported it.
    assert _edge(g, BYRNE, PLAN)["first_published"] == "2024-01-20"
    assert _edge(g, BYRNE, PLAN)["polarity"] == -0.4
    assert "first_published" not in _edge(g, BYRNE, COURIER)
    assert g.nodes[str(PLAN)]["outlet"] == "Valley Courier"
    assert g.nodes[str(RAO)]["out_degree"] == 2
    assert g.nodes[str(COURIER)]["weighted_degree"] == 3.0


def test_quotations_link_people_quoted_in_the_same_article(drought: KnowledgeGraph) -> None:
    g = to_networkx(drought, "quotations")
    assert isinstance(g, nx.Graph) and not g.is_directed()
    assert {g.nodes[n]["label"] for n in g} == {"Rafael Dunn", "Sunita Rao", "Colm Byrne"}
    assert _edge(g, DUNN, RAO) == {
        "weight": 2,
        "first_published": "2023-06-14",
        "last_published": "2023-09-02",
    }
    # Byrne and Rao: the rationing piece, the review and the (undated) letters page.
    assert _edge(g, BYRNE, RAO)["weight"] == 3
    assert _edge(g, BYRNE, RAO)["last_published"] == "2024-01-20"
    rao = g.nodes[str(RAO)]
    assert (rao["first_published"], rao["last_published"]) == ("2023-06-14", "2024-01-20")
    assert (rao["articles"], rao["quotations"]) == (4, 5)


def test_affiliations_are_bipartite_with_roles(drought: KnowledgeGraph) -> None:
    g = to_networkx(drought, "affiliations")
    people = {n for n, d in g.nodes(data=True) if d["bipartite"] == 0}
    assert {g.nodes[n]["class"] for n in people} == {"person"}
    assert nx.is_bipartite(g)
    board = ID["organization/hollis-water-board"]
    chair = _edge(g, DUNN, board)
    assert chair["role"] == chair["label"] == "chair"
    assert chair["member_from"] == "2019-03-01"
    assert chair["first_published"] == "2023-06-14"
    assert _edge(g, RAO, board)["role"] == "adviser"
    marlow = ID["person/ines-marlow"]
    assert "first_published" not in g.nodes[str(marlow)]  # read from no article


def test_citations_keep_the_cito_relation(drought: KnowledgeGraph) -> None:
    g = to_networkx(drought, "citations")
    assert set(g.edges()) == {
        (str(REVIEW), str(LEVELS)),
        (str(REVIEW), str(PLAN)),
        (str(PLAN), str(LEVELS)),
    }
    assert _edge(g, REVIEW, LEVELS)["relation"] == "cito:citesAsEvidence"
    assert "relation" not in _edge(g, REVIEW, PLAN)
    assert _edge(g, PLAN, LEVELS)["first_published"] == "2023-09-02"
    # An article's own date.
    assert g.nodes[str(LEVELS)]["first_published"] == "2023-06-14"
    assert g.nodes[str(LEVELS)]["in_degree"] == 2


def test_mentions_filter_by_class_and_date(drought: KnowledgeGraph) -> None:
    everything = to_networkx(drought, "mentions")
    classes = {d["class"] for _, d in everything.nodes(data=True)}
    assert {"person", "organisation", "outlet", "place", "topic", "article"} <= classes
    places = to_networkx(
        drought, "mentions", types=["place"], start="2023-09-01", end=dt.date(2023, 12, 31)
    )
    assert {d["label"] for _, d in places.nodes(data=True)} == {"Dunmere", "Kessock"}
    ((_, _, edge),) = places.edges(data=True)
    assert edge == {"weight": 1, "first_published": "2023-09-02", "last_published": "2023-09-02"}
    # 'organisation' includes outlets, which are organisations too.
    orgs = to_networkx(drought, "mentions", types=["Organization"], metrics=False)
    assert {d["class"] for _, d in orgs.nodes(data=True)} == {"organisation", "outlet"}
    # A class IRI works as well as a name.
    topics = to_networkx(
        drought, "mentions", types=["http://www.w3.org/2004/02/skos/core#Concept"], metrics=False
    )
    assert {d["label"] for _, d in topics.nodes(data=True)} == {
        "Water",
        "Local government",
        "Media",
    }


def test_full_is_a_multidigraph_keyed_by_predicate(drought: KnowledgeGraph) -> None:
    g = to_networkx(drought, "full", metrics=False)
    assert isinstance(g, nx.MultiDiGraph)
    assert set(g[str(REVIEW)][str(LEVELS)]) == {"schema:citation", "cito:citesAsEvidence"}
    assert not any(k == "rdf:type" for *_, k in g.edges(keys=True))
    assert {d["label"] for *_, d in g.edges(data=True)} >= {"schema:author", "schema:publisher"}
    # Load runs (with their timestamps) are not documents: no run in the network.
    assert "run" not in {d["class"] for _, d in g.nodes(data=True)}
    assert g.nodes[str(LEVELS)]["first_published"] == "2023-06-14"
    # The outlet: from its first article to the last dated one that names it (the review).
    courier = g.nodes[str(COURIER)]
    assert (courier["first_published"], courier["last_published"]) == ("2023-06-14", "2024-01-20")


def test_inferred_triples_only_when_asked(drought: KnowledgeGraph) -> None:
    drought.store.add_triples(INFERRED_GRAPH, [(URIRef(COURIER), MKG.endorsedBy, URIRef(RAO))])
    assert not to_networkx(drought, "full", metrics=False).has_edge(str(COURIER), str(RAO))
    g = to_networkx(drought, "full", include_inferred=True, metrics=False)
    assert g.has_edge(str(COURIER), str(RAO), key="mkg:endorsedBy")


def test_other_networks_read_what_documents_state(drought: KnowledgeGraph) -> None:
    inferred = URIRef("urn:example:inferred-endorsement")
    drought.store.add_triples(
        INFERRED_GRAPH,
        [
            (inferred, RDF.type, SCHEMA.EndorseAction),
            (inferred, SCHEMA.agent, URIRef(DUNN)),
            (inferred, SCHEMA.object, URIRef(COURIER)),
        ],
    )
    assert not to_networkx(drought, "endorsements").has_edge(str(DUNN), str(COURIER))
    with pytest.raises(NetworkError, match="only the full network reads inferred triples"):
        to_networkx(drought, "endorsements", include_inferred=True)


@pytest.mark.parametrize("name", list(NETWORKS))
def test_attributes_are_plain_with_one_type_each(drought: KnowledgeGraph, name: str) -> None:
    g = to_networkx(drought, name)
    for items in (g.nodes(data=True), ((None, d) for *_, d in g.edges(data=True))):
        types: dict[str, set[type]] = {}
        for _, data in items:
            for key, value in data.items():
                types.setdefault(key, set()).add(type(value))
        for key, kinds in types.items():
            assert len(kinds) == 1 and kinds <= {str, int, float, bool}, (key, kinds)
    for node, data in g.nodes(data=True):
        assert data["iri"] == node and data["label"] and data["class"]
        assert set(METRICS) - {"in_degree", "out_degree"} <= set(data)


@pytest.mark.parametrize("name", list(NETWORKS))
def test_same_network_from_either_store(tmp_path: Path, name: str) -> None:
    with KnowledgeGraph.open(tmp_path / "s") as disk:
        disk.ingest(NETWORK_DATA)
        a = to_networkx(disk, name)
    memory = KnowledgeGraph.memory()
    memory.ingest(NETWORK_DATA)
    b = to_networkx(memory, name)
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(data=True)) == list(b.edges(data=True))


def test_empty_store_gives_empty_networks(kg: KnowledgeGraph) -> None:
    for name in NETWORKS:
        g = to_networkx(kg, name)
        assert g.number_of_nodes() == 0 and g.graph["name"] == name


# -- errors --------------------------------------------------------------------------------------


def test_unknown_network(drought: KnowledgeGraph) -> None:
    with pytest.raises(UnknownNameError, match=r"unknown network 'coverage'; networks: endorse"):
        to_networkx(drought, "coverage")


def test_filters_belong_to_mentions(drought: KnowledgeGraph) -> None:
    with pytest.raises(NetworkError, match="only the mentions network filters .* citations"):
        to_networkx(drought, "citations", types=["person"])


def test_unknown_class(drought: KnowledgeGraph) -> None:
    with pytest.raises(UnknownNameError, match=r"unknown class 'pople'; classes: .*person"):
        to_networkx(drought, "mentions", types=["pople"])


def test_bad_date(drought: KnowledgeGraph) -> None:
    with pytest.raises(NetworkError, match=r"end date '2024-13-01' is not an ISO date"):
        to_networkx(drought, "mentions", end="2024-13-01")
    with pytest.raises(MediaKGError):  # ValueError too, for callers who catch that
        to_networkx(drought, "mentions", start="yesterday")


# -- metrics -------------------------------------------------------------------------------------


def _graphs() -> list[nx.Graph]:
    directed = nx.gnp_random_graph(40, 0.08, seed=3, directed=True)
    for i, (u, v) in enumerate(directed.edges()):
        directed[u][v]["weight"] = 1 + i % 4
    directed.add_node("lonely")
    multi = nx.MultiDiGraph(directed)
    multi.add_edge(0, 1, weight=2)
    return [directed, nx.les_miserables_graph(), multi, nx.path_graph(3)]


@pytest.mark.parametrize("g", _graphs(), ids=["directed", "weighted", "multi", "path"])
def test_pagerank_matches_networkx(g: nx.Graph) -> None:
    expected = _pagerank_python(g, weight="weight", tol=1e-12, max_iter=500)
    got = pagerank(g)
    assert list(got) == list(g)
    assert got == pytest.approx(expected, abs=1e-9)


def test_metrics_on_a_small_graph() -> None:
    g = add_metrics(nx.barbell_graph(5, 1))
    assert g.graph["betweenness_sources"] == 0  # exact
    assert g.nodes[5]["betweenness"] == max(d["betweenness"] for _, d in g.nodes(data=True))
    assert g.nodes[5]["degree"] == 2
    assert g.graph["communities"] == 2
    assert {g.nodes[n]["community"] for n in range(5)} != {
        g.nodes[n]["community"] for n in range(6, 11)
    }


def test_betweenness_is_sampled_reproducibly() -> None:
    g = nx.connected_watts_strogatz_graph(300, 4, 0.1, seed=1)
    a = add_metrics(g.copy(), seed=7, betweenness_sources=40)
    b = add_metrics(g.copy(), seed=7, betweenness_sources=40)
    exact = nx.betweenness_centrality(g)
    assert a.graph["betweenness_sources"] == 40
    assert [d["betweenness"] for _, d in a.nodes(data=True)] == [
        d["betweenness"] for _, d in b.nodes(data=True)
    ]
    top = max(exact, key=exact.__getitem__)
    ranked = sorted(a, key=lambda n: -a.nodes[n]["betweenness"])
    assert top in ranked[:30]


def test_louvain_numbers_communities_largest_first() -> None:
    g = nx.Graph()
    nx.add_path(g, ["a", "b", "c"])
    g.add_edges_from(nx.complete_graph(["p", "q", "r", "s", "t"]).edges())
    g.add_edge("c", "p")
    communities = louvain(g, seed=1)
    assert [sorted(c) for c in communities] == [["p", "q", "r", "s", "t"], ["a", "b", "c"]]
    assert louvain(g, seed=1) == communities
