from __future__ import annotations

import pytest

from mediakg.errors import RecordError
from mediakg.records import Article, Organization, Person, Place, Series
from mediakg.resolve import (
    DocumentIndex,
    article_iri,
    name_key,
    normalise_url,
    person_iri,
    slugify,
)


def test_slugs_are_stable_readable_and_never_empty() -> None:
    assert slugify("Tomasz Wrónski") == "tomasz-wronski"
    assert slugify("  East--West  Strategy ") == "east-west-strategy"
    assert slugify("!!!") == slugify("!!!") != slugify("???")
    assert slugify("!!!").startswith("h")


def test_same_page_by_http_or_https_gets_one_iri() -> None:
    a = article_iri(url="http://www.news.example/a/b/")
    b = article_iri(url="https://news.example/a/b#comments")
    assert a == b
    assert normalise_url("https://news.example/a?id=3") == "news.example/a?id=3"


def test_article_needs_some_identity() -> None:
    with pytest.raises(RecordError, match="needs a url, an identifier or a title"):
        article_iri()


def test_names_fold_case_accents_and_curly_quotes() -> None:
    assert name_key("Zoë ADEYEMI") == name_key("zoe adeyemi")
    assert name_key("Kazakhstan\u2019s") == name_key("Kazakhstan's")


def test_index_resolves_aliases_acronyms_and_titles() -> None:
    index = DocumentIndex.from_records(
        [
            Person(name="Tomasz Wrónski", aliases=("Wrónski",)),
            Organization(name="Coastal Ledger", aliases=("CL",), outlet=True),
            Place(name="Port Elsby", aliases=("Elsby",)),
            Series(name="Flood files"),
            Article(title="Floodwater Reaches the Old Harbour", url="https://c.example/flood"),
        ]
    )
    assert index.agent("wronski") == person_iri("Tomasz Wrónski")
    assert index.agent("CL") == index.organization("Coastal Ledger")
    assert index.place("Elsby") == index.place("Port Elsby")
    assert index.article("floodwater reaches the old harbour") == article_iri(
        url="https://c.example/flood"
    )
    assert index.article("http://c.example/flood/") == article_iri(url="https://c.example/flood")
    assert index.target("Flood files") == index.series("Flood files")
    assert index.target("https://other.example/x") == article_iri(url="https://other.example/x")
    with pytest.raises(RecordError, match="endorsement target 'Somebody' is not an organisation"):
        index.target("Somebody")
