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
_PRONOUN_WORK = re.compile(rf"\b(?:its|their)\s+(?:[\w-]+\s+){{0,2}}(?:{WORK_NOUNS})\b", re.IGNORECASE)


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


def find_endorsements(article: ArticleText, entities: Entities, quotations: list[FoundQuotation],
                      references: list[FoundReference]) -> list[FoundEndorsement]:
    """Return the endorsements among an article's quotations, one per speaker and target."""
    text = article.body
    authors = set(article.authors)
    outlets = [m for m in entities.mentions if m.kind == "organization" and m.name in entities.outlets]
    best: dict[tuple[str, str], FoundEndorsement] = {}
    last_target: tuple[str, str] | None = None
    for quote in quotations:
        if quote.speaker in authors:
            continue
        # What the speaker evaluates is named between the attribution and the end of the quote.
        window_start = quote.context_start
        speaker_mentions = [m for m in entities.mentions
                            if m.kind == "person" and m.name == quote.speaker
                            and window_start <= m.start < quote.start]
        if speaker_mentions:
            window_start = speaker_mentions[-1].end
        window_end = quote.end
        target = _target(text, window_start, window_end, outlets, references)
        if target is None and _PRONOUN_WORK.search(text[quote.start:quote.end]) and last_target:
            target = (*last_target, quote.start)
        if target is None:
            continue
        name, kind, target_at = target
        last_target = (name, kind)
        score = polarity(text[target_at:window_end])
        if score == 0.0:
            continue
        found = FoundEndorsement(quote.speaker, name, kind, score, quote, min(target_at, quote.start), window_end)
        key = (quote.speaker, name)
        if key not in best or abs(score) > abs(best[key].polarity):
            best[key] = found
    return sorted(best.values(), key=lambda e: e.start)


def _target(text: str, start: int, end: int, outlets: list, references: list[FoundReference]
            ) -> tuple[str, str, int] | None:
    for ref in references:
        if start <= ref.start < end:
            return ref.ref, "article", ref.start
    for m in outlets:
        if start <= m.start < end:
            return m.name, "organization", m.start
    return None
