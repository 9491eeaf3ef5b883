"""Endorsements: a named speaker's evaluation of an outlet, its reporting or one of its works.

An endorsement needs three things in a quotation and the words that introduce it: a target (an
outlet, "<outlet>'s reporting/articles/reports", "its/their reporting" pointing back to an outlet,
or the title of an article), evaluative words, and a speaker who is not the article's author.
Polarity runs from -1 to 1 from a small lexicon, with negation ("not objective") and
intensifiers ("the most professionally done"); statements about anything else (a government,
a policy) stay quotations. One endorsement per speaker and target in an article: the strongest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mediakg.extract._lexicon import INTENSIFIERS, NEGATIVE, NEGATORS, POSITIVE, WORK_NOUNS
from mediakg.extract._text import Mentioned
from mediakg.extract.entities import Entities
from mediakg.extract.quotations import FoundQuotation
from mediakg.extract.references import FoundReference
from mediakg.records import ArticleText

__all__ = ["FoundEndorsement", "find_endorsements", "polarity"]

_LEXICON = {**POSITIVE, **NEGATIVE}
_PHRASES = sorted(_LEXICON, key=len, reverse=True)
_EVAL = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in _PHRASES) + r")\b", re.IGNORECASE)
_NEGATOR = re.compile(r"\b(?:" + "|".join(NEGATORS) + r")\b[\w\s-]{0,20}$", re.IGNORECASE)
_INTENSIFIER = re.compile(r"\b(?:" + "|".join(INTENSIFIERS) + r")\s+$", re.IGNORECASE)
_OWN_WORK = re.compile(
    r"\bthe\s+(?:series|report|reports|investigation|coverage|reporting|piece|project|story|"
    r"stories|articles|findings)\b",
    re.IGNORECASE,
)
_PRONOUN_WORK = re.compile(
    rf"\b(?:its|their)\s+(?:[\w-]+\s+){{0,2}}(?:{WORK_NOUNS})\b", re.IGNORECASE
)


@dataclass(frozen=True)
class FoundEndorsement:
    """An endorsement: who, of what (an outlet's or an article's name), how strongly, where."""

    endorser: str
    target: str
    target_kind: str  # "organization" | "article"
    polarity: float
    quotation: FoundQuotation
    start: int
    end: int


def polarity(text: str) -> float:
    """Return the evaluation in ``text`` from -1 to 1 (0 when it holds no evaluative words).

    Examples
    --------
    >>> polarity("the reports are the most professionally done")
    0.96
    >>> polarity("the coverage was not objective")
    -0.7
    >>> polarity("the ministry announced a plan")
    0.0
    """
    scores = []
    for m in _EVAL.finditer(text):
        score = _LEXICON[m.group().lower()]
        before = text[max(0, m.start() - 30) : m.start()]
        if _NEGATOR.search(before):
            score = -score
        if _INTENSIFIER.search(before):
            score *= 1.2
        scores.append(max(-1.0, min(1.0, score)))
    if not scores:
        return 0.0
    return round(max(-1.0, min(1.0, sum(scores) / len(scores))), 2)


def find_endorsements(
    article: ArticleText,
    entities: Entities,
    quotations: list[FoundQuotation],
    references: list[FoundReference],
) -> list[FoundEndorsement]:
    """Return the endorsements among an article's quotations, one per speaker and target."""
    text = article.body
    authors = set(article.authors)
    outlets = [
        m for m in entities.mentions if m.kind == "organization" and m.name in entities.outlets
    ]
    best: dict[tuple[str, str], FoundEndorsement] = {}
    last_target: tuple[str, str] | None = None
    for quote in quotations:
        if quote.speaker in authors:
            continue
        # What the speaker evaluates is named between the speech verb and the end of the quote,
        # or, in "X, which Y described as ...", just before the speaker.
        window_start, window_end = quote.context_start, quote.end
        target = _target(text, window_start, window_end, outlets, references)
        if target is None:
            target = _relative_target(text, quote, entities, outlets, references)
        if target is None:
            # "rejected the report **Title**, ..., calling it ...": an article named earlier in
            # the sentence, after the speaker, is what "it" stands for.
            earlier = [r for r in references if quote.sentence_start <= r.start < quote.start]
            if earlier:
                target = (earlier[-1].ref, "article", earlier[-1].start)
        if target is None and _PRONOUN_WORK.search(text[quote.start : quote.end]) and last_target:
            target = (*last_target, quote.start)
        if target is None and entities.outlet is not None:
            # "called the series ...": the article's own outlet's work.
            own = _OWN_WORK.search(text, window_start, window_end)
            if own is not None:
                target = (entities.outlet, "organization", own.start())
        if target is None:
            continue
        name, kind, target_at = target
        last_target = (name, kind)
        score = polarity(text[target_at:window_end])
        if score == 0.0:
            continue
        found = FoundEndorsement(
            quote.speaker, name, kind, score, quote, min(target_at, quote.start), window_end
        )
        key = (quote.speaker, name)
        if key not in best or abs(score) > abs(best[key].polarity):
            best[key] = found
    return sorted(best.values(), key=lambda e: e.start)


def _relative_target(
    text: str,
    quote: FoundQuotation,
    entities: Entities,
    outlets: list[Mentioned],
    references: list[FoundReference],
) -> tuple[str, str, int] | None:
    speakers = [
        m
        for m in entities.mentions
        if m.kind == "person"
        and m.name == quote.speaker
        and quote.sentence_start <= m.start < quote.start
    ]
    if not speakers or not re.search(
        r"\b(?:which|that|whom)\s+$", text[quote.sentence_start : speakers[-1].start]
    ):
        return None
    found = _target(text, quote.sentence_start, speakers[-1].start, outlets, references, last=True)
    return None if found is None else (found[0], found[1], quote.start)


def _target(
    text: str,
    start: int,
    end: int,
    outlets: list[Mentioned],
    references: list[FoundReference],
    *,
    last: bool = False,
) -> tuple[str, str, int] | None:
    hits = [(ref.start, ref.ref, "article") for ref in references if start <= ref.start < end]
    if not hits or last:
        hits += [(m.start, m.name, "organization") for m in outlets if start <= m.start < end]
    if not hits:
        return None
    # An article named is more specific than an outlet; the nearest one wins in a look-back.
    at, name, kind = max(hits) if last else min(hits, key=lambda h: (h[2] != "article", h[0]))
    return name, kind, at
