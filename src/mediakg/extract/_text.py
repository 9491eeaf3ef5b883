"""Text helpers the extraction rules share: mentions, sentences, paragraphs, evidence spans."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from mediakg.records import EvidenceSpan

__all__ = ["Mentioned", "TextIndex", "evidence"]

_CONTEXT = 32


@dataclass(frozen=True)
class Mentioned:
    """An entity mention: where it is, the surface text, and the entity it resolves to."""

    start: int
    end: int
    surface: str
    kind: str  # "person" | "organization" | "place"
    name: str  # canonical name of the entity


def evidence(text: str, start: int, end: int) -> EvidenceSpan:
    """Return the evidence span for ``text[start:end]`` with a little context either side.

    Examples
    --------
    >>> evidence("He said it was fine.", 8, 19).exact
    'it was fine'
    """
    return EvidenceSpan(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - _CONTEXT) : start],
        suffix=text[end : end + _CONTEXT],
    )


class TextIndex:
    """Sentence and paragraph boundaries of a body, for "same sentence" tests by offset."""

    def __init__(self, text: str, sentence_starts: list[int] | None = None) -> None:
        self.text = text
        self.paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n\s*\n", text)]
        if sentence_starts is None:
            sentence_starts = [0] + [
                m.end() for m in re.finditer(r"(?<=[.!?][\"”’']?)\s+(?=[\"“‘'A-Z])|\n\s*\n", text)
            ]
        # A paragraph break always starts a sentence.
        self.sentence_starts = sorted(set(sentence_starts) | set(self.paragraph_starts))

    def sentence(self, offset: int) -> tuple[int, int]:
        """Return the (start, end) of the sentence holding ``offset``."""
        return self._around(self.sentence_starts, offset)

    def paragraph(self, offset: int) -> tuple[int, int]:
        """Return the (start, end) of the paragraph holding ``offset``."""
        return self._around(self.paragraph_starts, offset)

    def paragraph_number(self, offset: int) -> int:
        """Return the index of the paragraph holding ``offset``."""
        return bisect_right(self.paragraph_starts, offset) - 1

    def _around(self, starts: list[int], offset: int) -> tuple[int, int]:
        i = bisect_right(starts, offset) - 1
        start = starts[max(i, 0)]
        end = starts[i + 1] if i + 1 < len(starts) else len(self.text)
        return start, end
