from __future__ import annotations

import pytest
from rdflib import BNode, Literal
from rdflib.namespace import PROV, RDF, XSD

from mediakg.errors import RecordError
from mediakg.mapping import to_triples
from mediakg.namespace import MKG, OA, SCHEMA
from mediakg.records import Article, Endorsement, EvidenceSpan, Organization, Quotation

URL = "https://review.example/lessons"


def _records() -> list[object]:
    return [
        Article(title="Lessons", url=URL, outlet="Review"),
        Organization(name="Coastal Ledger", aliases=("CL",), outlet=True),
        Quotation(
            text="the Ledger got the tide tables right, every time",
            speaker="Zoë Adeyemi",
            article=URL,
            evidence=EvidenceSpan(
                start=10, end=58, exact="the Ledger got the tide tables right, every time"
            ),
        ),
        Endorsement(
            endorser="Zoë Adeyemi",
            target="CL",
            article=URL,
            quote="got the tide tables right",
            polarity=0.8,
        ),
    ]


def test_mapping_is_deterministic_and_blank_node_free() -> None:
    first, second = to_triples(_records()), to_triples(list(reversed(_records())))
    assert first == second
    assert not any(isinstance(term, BNode) for triple in first for term in triple)


def test_endorsement_points_to_the_quotation_it_was_read_from() -> None:
    triples = set(to_triples(_records()))
    (endorsement,) = {s for s, p, o in triples if o == MKG.Endorsement}
    (quotation,) = {s for s, p, o in triples if p == RDF.type and o == SCHEMA.Quotation}
    assert (endorsement, PROV.wasDerivedFrom, quotation) in triples
    (span,) = {o for s, p, o in triples if s == quotation and p == MKG.hasEvidence}
    selectors = {o for s, p, o in triples if s == span and p == OA.hasSelector}
    exact = {o for s, p, o in triples if s in selectors and p == OA.exact}
    assert exact == {Literal("the Ledger got the tide tables right, every time")}
    starts = {o.toPython() for s, p, o in triples if s in selectors and p == OA.start}
    assert starts == {10}


def test_endorsement_without_a_quotation_creates_one() -> None:
    triples = to_triples([Endorsement(endorser="A B", target=URL, article=URL, quote="superb")])
    texts = {o for s, p, o in triples if p == SCHEMA.text}
    assert texts == {Literal("superb")}


def test_dates_given_as_text_are_read_or_refused() -> None:
    triples = to_triples([Article(title="T", published="2024-05-01")])  # type: ignore[arg-type]
    assert Literal("2024-05-01", datatype=XSD.date) in {o for _, _, o in triples}
    with pytest.raises(RecordError, match="not an ISO 8601 date: 'May 1st'"):
        to_triples([Article(title="T", published="May 1st")])  # type: ignore[arg-type]


def test_mentions_must_name_declared_entities() -> None:
    with pytest.raises(RecordError, match="article mentions 'Nobody'"):
        to_triples([Article(title="T", mentions=("Nobody",))])
