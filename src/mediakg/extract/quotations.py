"""Quotations and their speakers: direct quotes in quotation marks, and reported speech.

Direct quotes may use straight or curly marks and run over several sentences or paragraphs
(each continued paragraph opens with a quotation mark; only the last one closes). The speaker
is the person named next to a speech verb in the quote's sentence, before or after it; a pronoun
("he added") or surname ("Orlov said") is resolved to the person named before; a quote with no
attribution of its own belongs to the speaker of its paragraph. Reported speech is a speech verb
whose subject is a person and whose object is a clause ("X said that ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mediakg.extract._lexicon import SPEECH_VERBS
from mediakg.extract._text import Mentioned, TextIndex
from mediakg.extract.entities import Entities
from mediakg.records import ArticleText

__all__ = ["FoundQuotation", "find_quotations"]

_OPEN = '"“«„'
_CLOSE = '"”»“'
_PRONOUNS = re.compile(r"\b(?:he|she|they)\b", re.IGNORECASE)
_AFTER = re.compile(
    rf"^[\s,]*(?:(?P<verb1>{SPEECH_VERBS})\s+(?P<who1>[^\s,.;]+(?:\s+[^\s,.;]+){{0,3}})"
    rf"|(?P<who2>[^\s,.;]+(?:\s+[^\s,.;]+){{0,3}}?)\s+(?P<verb2>{SPEECH_VERBS}))\b"
)
# Verbs whose bare object is what was said ("said the reports were fair"); other speech verbs
# take a noun object first ("added a perspective", "told reporters").
_CLAUSE_VERBS = frozenset(
    [
        "said",
        "says",
        "say",
        "argued",
        "argues",
        "insisted",
        "insists",
        "claimed",
        "claims",
        "noted",
        "notes",
        "warned",
        "warns",
        "stressed",
        "stresses",
        "explained",
        "explains",
        "believes",
        "believed",
        "concluded",
    ]
)
_VERB = re.compile(rf"\b(?:{SPEECH_VERBS})\b")
_REPORTED = re.compile(
    rf"\b(?P<verb>{SPEECH_VERBS})(?P<that>\s+(?:that|how|whether))?[\s,]+(?P<clause>[^\"“”]+?)[.!?]?$"
)


@dataclass(frozen=True)
class FoundQuotation:
    """A quotation found in an article: the words, where they are, and who said them."""

    start: int
    end: int
    text: str
    speaker: str
    direct: bool
    context_start: int  # where the words about the target may start: after the speech verb
    sentence_start: int


def _quote_spans(text: str, bold: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return (start, end) of the words inside quotation marks, merged across paragraphs."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _OPEN and (i == 0 or not text[i - 1].isalnum()):
            j = i + 1
            while j < n and text[j] not in _CLOSE and text[j : j + 2] != "\n\n":
                j += 1
            if j < n and text[j : j + 2] == "\n\n":
                # An unclosed quote continues when the next paragraph opens with a mark.
                k = j
                while k < n and text[k] in "\n ":
                    k += 1
                if k < n and text[k] in _OPEN:
                    close = _find_close(text, k + 1)
                    if close is not None:
                        spans.append((i + 1, close))
                        i = close + 1
                        continue
                i = j
                continue
            if j < n:
                if not any(b0 <= i and j <= b1 for b0, b1 in bold):
                    spans.append((i + 1, j))
                i = j + 1
                continue
        i += 1
    return [(s, e) for s, e in spans if len(text[s:e].split()) >= 3]


def _find_close(text: str, start: int) -> int | None:
    j = start
    while j < len(text):
        closes = text[j] in _CLOSE and (j + 1 == len(text) or not text[j + 1].isalnum())
        if closes and text[j : j + 2] != "\n\n":
            return j
        if text[j : j + 2] == "\n\n":
            k = j
            while k < len(text) and text[k] in "\n ":
                k += 1
            if k >= len(text) or text[k] not in _OPEN:
                return None
            j = k + 1
            continue
        j += 1
    return None


def find_quotations(
    article: ArticleText, entities: Entities, index: TextIndex
) -> list[FoundQuotation]:
    """Return the direct and reported quotations of an article that have a named speaker."""
    text = article.body
    bold = [(s.start, s.end) for s in article.markup if s.kind == "bold"]
    people = [m for m in entities.mentions if m.kind == "person"]
    found: list[FoundQuotation] = []
    speakers_by_paragraph: dict[int, str] = {}
    last_speaker: str | None = None
    direct = _quote_spans(text, bold)
    covered = [(s - 1, e + 1) for s, e in direct]

    events: list[tuple[int, str, tuple[int, int]]] = [(s, "direct", (s, e)) for s, e in direct]
    for sent_start, sent_end in _sentences(index):
        if any(s < sent_end and sent_start < e for s, e in covered):
            continue
        events.append((sent_start, "reported", (sent_start, sent_end)))
    events.sort()

    for _, kind, (start, end) in events:
        if kind == "direct":
            speaker, context = _attribute(
                text, start, end, people, index, last_speaker, speakers_by_paragraph
            )
            if speaker is None:
                continue
            quote = text[start:end].strip(" ,")
            q_start = text.index(quote, start)
            found.append(
                FoundQuotation(
                    q_start,
                    q_start + len(quote),
                    quote,
                    speaker,
                    True,
                    context,
                    index.sentence(start - 1)[0],
                )
            )
        else:
            reported = _reported(text, start, end, people, last_speaker)
            if reported is None:
                continue
            speaker, q_start, q_end = reported
            found.append(
                FoundQuotation(q_start, q_end, text[q_start:q_end], speaker, False, q_start, start)
            )
        last_speaker = found[-1].speaker
        speakers_by_paragraph[index.paragraph_number(found[-1].start)] = last_speaker
    return found


def _sentences(index: TextIndex) -> list[tuple[int, int]]:
    starts = index.sentence_starts + [len(index.text)]
    return [(a, b) for a, b in zip(starts, starts[1:], strict=False) if index.text[a:b].strip()]


def _person_before(people: list[Mentioned], start: int, end: int) -> Mentioned | None:
    inside = [p for p in people if start <= p.start and p.end <= end]
    return inside[-1] if inside else None


def _resolve_who(
    who: str, offset: int, people: list[Mentioned], last_speaker: str | None
) -> str | None:
    for p in people:
        if p.start >= offset and p.start <= offset + len(who) + 2:
            return p.name
    if _PRONOUNS.fullmatch(who.split()[0]) and last_speaker is not None:
        return last_speaker
    return None


def _attribute(
    text: str,
    start: int,
    end: int,
    people: list[Mentioned],
    index: TextIndex,
    last_speaker: str | None,
    by_paragraph: dict[int, str],
) -> tuple[str | None, int]:
    sent_start, _ = index.sentence(start - 1)
    _, sent_end = index.sentence(min(end + 1, len(text) - 1))
    # 1. After the quote: '"...," she said' / '"...," said Petrova' / '"...," Petrova added'.
    tail = text[end + 1 : min(sent_end, end + 120)]
    match = _AFTER.match(tail)
    if match:
        who = match.group("who1") or match.group("who2")
        offset = end + 1 + match.start("who1" if match.group("who1") else "who2")
        speaker = _resolve_who(who, offset, people, _last_person(people, start, last_speaker))
        if speaker is not None:
            return speaker, sent_start
    # 2. Before the quote, in its sentence: 'Tian said the reporting was "..."'.
    head = text[sent_start : start - 1]
    verbs = list(_VERB.finditer(head))
    if verbs:
        verb_at = sent_start + verbs[-1].start()
        after_verb = sent_start + verbs[-1].end()
        person = _person_before(people, sent_start, verb_at)
        if person is not None:
            return person.name, after_verb
        if _PRONOUNS.search(text[sent_start:verb_at]):
            speaker = _last_person(people, sent_start, last_speaker)
            if speaker is not None:
                return speaker, after_verb
    # 3. A quote standing alone belongs to whoever speaks in its paragraph.
    paragraph = index.paragraph_number(start)
    para_start, _ = index.paragraph(start)
    if paragraph in by_paragraph:
        return by_paragraph[paragraph], start
    head = text[para_start : start - 1]
    verbs = list(_VERB.finditer(head))
    if verbs:
        person = _person_before(people, para_start, para_start + verbs[-1].start())
        if person is not None:
            return person.name, start
    return None, sent_start


def _last_person(people: list[Mentioned], before: int, last_speaker: str | None) -> str | None:
    if last_speaker is not None:
        return last_speaker
    earlier = [p for p in people if p.end <= before]
    return earlier[-1].name if earlier else None


def _reported(
    text: str, start: int, end: int, people: list[Mentioned], last_speaker: str | None
) -> tuple[str, int, int] | None:
    sentence = text[start:end].rstrip()
    candidates: list[tuple[bool, str, int, int]] = []
    for verb in _VERB.finditer(sentence):
        verb_at = start + verb.start()
        subject = _person_before(people, start, verb_at)
        speaker = subject.name if subject is not None else None
        if speaker is None:
            # "he said", or the parenthetical ", he said," of "As a result, he said, few ..."
            if last_speaker is None or not re.search(
                r"(?:^|,)\s*(?:he|she)\s*$", text[start:verb_at], re.IGNORECASE
            ):
                continue
            speaker = last_speaker
        match = _REPORTED.match(sentence, verb.start())
        if match is None:
            continue
        clause = match.group("clause").strip(" ,")
        if len(clause.split()) < 4:
            continue
        has_that = bool(match.group("that"))
        # "added a human rights perspective": an object, not reported words.
        if (
            not has_that
            and verb.group() not in _CLAUSE_VERBS
            and re.match(r"(?:a|an|the|his|her|their|its)\s", clause, re.IGNORECASE)
        ):
            continue
        q_start = start + match.start("clause")
        candidates.append((has_that, speaker, q_start, start + match.end("clause")))
    if not candidates:
        return None
    # "X added a view, arguing that ...": the verb that introduces a clause wins.
    best = next((c for c in candidates if c[0]), candidates[0])
    return best[1], best[2], best[3]
