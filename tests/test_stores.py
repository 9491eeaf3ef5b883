from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from mediakg import KnowledgeGraph
from mediakg.errors import QueryError, StoreError
from mediakg.stores.embedded import OxigraphStore

G = URIRef("urn:example:doc")
NAME = URIRef("http://schema.org/name")


def _t(i: int) -> tuple[URIRef, URIRef, Literal]:
    return URIRef(f"urn:example:s{i}"), NAME, Literal(f"name {i}")


def test_replacing_a_graph_drops_what_it_held(kg: KnowledgeGraph) -> None:
    store = kg.store
    store.replace_graph(G, [_t(1), _t(2)])
    store.replace_graph(URIRef("urn:example:other"), [_t(9)])
    store.replace_graph(G, [_t(3)])
    names = {r[0] for r in store.select("SELECT ?n WHERE { ?s <http://schema.org/name> ?n }").rows}
    assert names == {"name 3", "name 9"}
    assert kg.graphs() == ["urn:example:doc", "urn:example:other"]
    kg.drop_graph(G)
    assert kg.graphs() == ["urn:example:other"]


def test_embedded_store_persists(tmp_path: Path) -> None:
    with KnowledgeGraph.open(tmp_path / "s") as kg:
        kg.store.replace_graph(G, [_t(1)])
        kg.close()  # closing twice is harmless
    with KnowledgeGraph.open(tmp_path / "s", read_only=True) as kg:
        assert kg.count() == 1


def test_a_locked_store_is_a_clear_error(tmp_path: Path) -> None:
    first = OxigraphStore(tmp_path / "s")
    try:
        with pytest.raises(
            StoreError, match=r"cannot open the store at .*s: it is locked by another process"
        ):
            OxigraphStore(tmp_path / "s")
    finally:
        first.close()


def test_read_only_open_of_a_missing_store_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store at .*missing: run 'mediakg ingest'"):
        KnowledgeGraph.open(tmp_path / "missing", read_only=True)


def test_bad_sparql_is_a_query_error(kg: KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match="SPARQL"):
        kg.store.select("SELECT ?x WHERE { ?x ")
    with pytest.raises(QueryError, match="SPARQL"):
        kg.update("INSERT DATA { <a> }")


def test_rdflib_view_sees_the_same_data(tmp_path: Path) -> None:
    with KnowledgeGraph.open(tmp_path / "s") as kg:
        kg.store.replace_graph(G, [_t(1), _t(2)])
        dataset = kg.store.dataset
        assert len(list(dataset.graph(G).triples((None, NAME, None)))) == 2
