from __future__ import annotations

import datetime as dt

import pytest

from mediakg.errors import RecordError
from mediakg.records import (
    Article,
    Endorsement,
    EvidenceSpan,
    Place,
    canonical_type,
    record_from_mapping,
)


def test_lists_dates_and_booleans_are_converted() -> None:
    rec = record_from_mapping(
        {
            "type": "article",
            "title": "T",
            "authors": "A | B",
            "published": "2020-01-31",
        }
    )
    assert isinstance(rec, Article)
    assert rec.authors == ("A", "B")
    assert rec.published == dt.date(2020, 1, 31)
    org = record_from_mapping({"type": "outlet", "name": "O", "outlet": "yes"})
    assert org.outlet is True  # type: ignore[union-attr]


def test_blank_values_count_as_absent() -> None:
    rec = record_from_mapping({"type": "person", "name": "P", "description": "  "})
    assert rec.description is None  # type: ignore[union-attr]


def test_evidence_mapping_becomes_a_span() -> None:
    rec = record_from_mapping(
        {
            "type": "quotation",
            "text": "x",
            "speaker": "S",
            "article": "https://a.example/1",
            "evidence": {"start": "3", "end": 4, "exact": "x", "__line__": 7},
        }
    )
    assert rec.evidence == EvidenceSpan(start=3, end=4, exact="x")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "x"}, r"f:1: record has no 'type' field"),
        ({"type": "chair"}, r"f:1: unknown record type 'chair'; known types: affiliation, article"),
        ({"type": "person"}, r"f:1: person record: required field 'name' is missing"),
        (
            {"type": "person", "name": "x", "age": 3},
            r"f:1: person record: unknown field 'age'; known fields: name, aliases, description",
        ),
        (
            {"type": "place", "name": "x", "latitude": "north"},
            r"f:1: place record: field 'latitude': could not convert .* \(got 'north'\)",
        ),
        (
            {"type": "place", "name": "x", "latitude": 123},
            r"f:1: place 'x': latitude 123.0 is not in \[-90, 90\]",
        ),
        (
            {"type": "article", "title": "t", "published": "31/01/2020"},
            r"f:1: article record: field 'published': .*\(got '31/01/2020'\)",
        ),
        (
            {"type": "article", "title": "t", "kind": "Blog"},
            r"f:1: article record: field 'kind': expected one of NewsArticle, Report",
        ),
        (
            {"type": "organization", "name": "x", "outlet": "maybe"},
            r"f:1: organization record: field 'outlet': expected true or false",
        ),
        (
            {
                "type": "quotation",
                "text": "x",
                "speaker": "s",
                "article": "a",
                "evidence": {"start": 1},
            },
            r"f:1: quotation record: field 'evidence': evidence needs end, exact",
        ),
    ],
)
def test_bad_records_name_place_field_and_value(data: dict[str, object], message: str) -> None:
    with pytest.raises(RecordError, match=message):
        record_from_mapping(data, where="f:1")


def test_polarity_and_span_bounds() -> None:
    with pytest.raises(RecordError, match=r"polarity 2.0 is not in \[-1, 1\]"):
        Endorsement(endorser="a", target="b", article="c", quote="d", polarity=2.0)
    with pytest.raises(RecordError, match="start 5 and end 2"):
        EvidenceSpan(start=5, end=2, exact="")
    with pytest.raises(RecordError, match="longitude"):
        Place(name="p", longitude=200.0)


def test_type_names_accept_plurals_and_british_spelling() -> None:
    assert canonical_type("people") == "person"
    assert canonical_type("Organisations") == "organization"
    assert canonical_type("citations") == "citation"
    assert canonical_type("widgets") is None
