"""Golden results of the named queries on the example graph, as sets of rows, on both stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import rows
from mediakg import KnowledgeGraph, list_queries, load_query, run_query
from mediakg.errors import QueryError, UnknownNameError
from mediakg.stores.base import query_form

ID = "https://w3id.org/mediakg/id/"
MAIN = f"{ID}article/iwpr-net-global-voices-making-sense-kazak-shootings"
IWPR = f"{ID}organization/institute-for-war-and-peace-reporting"
SERIES = f"{ID}series/iwpr-reporting-on-the-2011-violence-in-western-kazakhstan"
CONTRACT = {
    "articles": ["article", "title", "url", "published", "outlet"],
    "people": ["person", "name", "articles"],
    "organisations": ["organisation", "name", "articles"],
    "places": ["place", "name", "latitude", "longitude", "within"],
    "quotations": ["quotation", "speaker", "speakerName", "text", "article"],
    "endorsements": [
        "endorsement",
        "endorser",
        "endorserName",
        "target",
        "targetName",
        "quote",
        "article",
    ],
    "affiliations": ["person", "personName", "organisation", "organisationName", "role"],
    "citations": ["article", "title", "cited", "citedTitle"],
    "endorsers_of": ["endorser", "endorserName", "target", "targetName", "quote"],
    "coverage_by_place": ["place", "name", "articles"],
}


def test_every_contracted_query_exists_with_its_columns_first(example_kg: KnowledgeGraph) -> None:
    assert {q.name for q in list_queries()} == set(CONTRACT)
    for name, columns in CONTRACT.items():
        params = {"target": "IWPR"} if name == "endorsers_of" else None
        frame = example_kg.query(name, params=params)
        assert list(frame.columns)[: len(columns)] == columns, name


def test_every_query_file_documents_itself_with_a_full_prefix_block() -> None:
    for q in list_queries():
        assert q.summary, q.name
        assert q.text.startswith("# ")
        for prefix in ("schema:", "mkg:", "prov:", "org:", "skos:", "wgs84:"):
            assert f"PREFIX {prefix}" in q.text, (q.name, prefix)


def test_endorsements(example_kg: KnowledgeGraph) -> None:
    assert rows(example_kg.query("endorsements"), "endorserName", "target", "quote", "article") == {
        (
            "Vitaly Ponomarev",
            SERIES,
            "enable the reader to form a relatively objective picture",
            MAIN,
        ),
        ("Dmitry Orlov", IWPR, "IWPR's reports are the most professionally done", MAIN),
        (
            "Dmitry Tian",
            SERIES,
            "an objective reflection of what's really going on in western Kazakhstan",
            MAIN,
        ),
    }


@pytest.mark.parametrize(
    "target", ["IWPR", "Institute for War and Peace Reporting", IWPR, f"<{IWPR}>"]
)
def test_endorsers_of_the_outlet_include_praise_of_its_works(
    example_kg: KnowledgeGraph, target: str
) -> None:
    frame = example_kg.query("endorsers_of", params={"target": target})
    assert rows(frame, "endorserName", "target") == {
        ("Vitaly Ponomarev", SERIES),
        ("Dmitry Orlov", IWPR),
        ("Dmitry Tian", SERIES),
    }
    assert "targetRef" not in frame.columns


def test_endorsers_of_a_series_by_iri(example_kg: KnowledgeGraph) -> None:
    frame = example_kg.query("endorsers_of", params={"target": SERIES})
    assert rows(frame, "endorserName") == {("Vitaly Ponomarev",), ("Dmitry Tian",)}


def test_people_organisations_and_places(example_kg: KnowledgeGraph) -> None:
    assert rows(example_kg.query("people"), "name") == {
        ("Almaz Rysaliev",),
        ("Maisy Weicherding",),
        ("Vitaly Ponomarev",),
        ("Dmitry Orlov",),
        ("Dmitry Tian",),
    }
    assert rows(example_kg.query("organisations"), "name", "outlet") == {
        ("Institute for War and Peace Reporting", True),
        ("Memorial", False),
        ("Amnesty International", False),
        ("East-West Strategy", False),
    }
    places = example_kg.query("places")
    assert rows(places, "name", "latitude", "longitude", "within") == {
        ("Kazakhstan", 48.0, 68.0, None),
        ("Atyrau", 47.11667, 51.88333, f"{ID}place/kazakhstan"),
        ("Russia", 60.0, 100.0, None),
        ("Moscow", 55.75222, 37.61556, f"{ID}place/russia"),
    }


def test_affiliations_quotations_citations(example_kg: KnowledgeGraph) -> None:
    assert rows(example_kg.query("affiliations"), "personName", "organisationName", "role") == {
        ("Almaz Rysaliev", "Institute for War and Peace Reporting", "editor in Kazakhstan"),
        ("Maisy Weicherding", "Amnesty International", "researcher"),
        ("Vitaly Ponomarev", "Memorial", "head of the Central Asia programme"),
        ("Dmitry Orlov", "East-West Strategy", "analyst"),
    }
    quotations = example_kg.query("quotations")
    assert len(quotations) == 5
    assert rows(quotations, "speakerName") == {
        ("Vitaly Ponomarev",),
        ("Dmitry Orlov",),
        ("Dmitry Tian",),
    }
    assert rows(example_kg.query("citations"), "title", "citedTitle") == {
        ("Making Sense of Kazak Shootings", 'Kazak Police Eliminate "Islamic" Cop-Killers'),
        ("Making Sense of Kazak Shootings", "West Kazakhstan Under Growing Islamic Influence"),
        ("Making Sense of Kazak Shootings", "Kazakhstan's Islamists: Radicals or Scapegoats?"),
    }


def test_articles_and_coverage_by_place_counts_contained_places(example_kg: KnowledgeGraph) -> None:
    articles = example_kg.query("articles")
    assert rows(articles, "title", "outlet") == {
        ("Making Sense of Kazak Shootings", IWPR),
        ('Kazak Police Eliminate "Islamic" Cop-Killers', IWPR),
        ("West Kazakhstan Under Growing Islamic Influence", IWPR),
        ("Kazakhstan's Islamists: Radicals or Scapegoats?", IWPR),
    }
    # Atyrau's article counts for Kazakhstan too, through containment.
    assert rows(example_kg.query("coverage_by_place"), "name", "articles") == {
        ("Kazakhstan", 4),
        ("Atyrau", 1),
        ("Russia", 0),
        ("Moscow", 0),
    }


def test_criticism_keeps_its_negative_polarity(data_dir: Path) -> None:
    kg = KnowledgeGraph.memory()
    kg.ingest(data_dir / "formats" / "coverage.yaml")
    assert rows(kg.query("endorsements"), "endorserName", "polarity") == {
        ("Zoë Adeyemi", 0.8),
        ("Tomasz Wrónski", -0.5),
    }
    # The endorsement quoted part of a longer quotation: it points to that quotation.
    assert (
        "tide tables"
        in kg.query("endorsements").set_index("endorserName").loc["Zoë Adeyemi", "quote"]
    )


def test_parameters_are_checked(example_kg: KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match="query 'endorsers_of' needs parameter 'target'"):
        example_kg.query("endorsers_of")
    with pytest.raises(
        QueryError, match="query 'people' has no parameter 'colour'; its parameters: none"
    ):
        example_kg.query("people", params={"colour": "red"})


def test_updates_are_refused_unless_allowed(example_kg: KnowledgeGraph) -> None:
    before = example_kg.count()
    with pytest.raises(QueryError, match="is a SPARQL Update, which would change the store"):
        example_kg.query("DELETE WHERE { ?s ?p ?o }")
    assert example_kg.count() == before
    # rdflib's in-memory engine ignores GRAPH inside DELETE WHERE, so spell the template out.
    pattern = "GRAPH ?g { ?s <http://schema.org/headline> ?o }"
    example_kg.query(f"DELETE {{ {pattern} }} WHERE {{ {pattern} }}", allow_update=True)
    assert example_kg.query("articles").empty


def test_unknown_names_and_syntax_errors(example_kg: KnowledgeGraph) -> None:
    with pytest.raises(
        UnknownNameError, match="unknown query 'peple'; named queries: affiliations, articles"
    ):
        example_kg.query("peple")
    with pytest.raises(QueryError, match="SPARQL"):
        example_kg.query("SELECT ?s WHERE { ?s ?p }")
    with pytest.raises(QueryError, match="not a SPARQL query or update"):
        example_kg.query("SHOW TABLES")


def test_query_files_and_ad_hoc_text(example_kg: KnowledgeGraph, tmp_path: Path) -> None:
    path = tmp_path / "titles.rq"
    path.write_text("SELECT ?t WHERE { ?a <http://schema.org/headline> ?t }\n")
    assert len(example_kg.query(path)) == 4
    assert load_query(path).name == "titles"
    ask = example_kg.query("ASK { ?s a <http://schema.org/Person> }")
    assert ask.to_dict("records") == [{"ask": True}]


def test_query_form_reads_past_prefixes_and_comments() -> None:
    assert (
        query_form("# c\nPREFIX a: <http://x#>\nBASE <http://y/>\nconstruct { } where { }")
        == "construct"
    )
    assert query_form("PREFIX a: <http://x/> WITH <g> DELETE { } WHERE { }") == "update"


def test_run_query_opens_a_store_path_read_only(tmp_path: Path) -> None:
    from conftest import EXAMPLE

    with KnowledgeGraph.open(tmp_path / "s") as kg:
        kg.ingest(EXAMPLE)
    frame = run_query("people", graph=tmp_path / "s")
    assert len(frame) == 5
