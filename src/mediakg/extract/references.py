"""References to other articles: bold titles and links in the body.

A bold span is taken as a title when it reads like one (several words, mostly capitalised, or
with a colon or question mark); a link counts when it points to a web page. Each is matched to
an article already known (by URL, or by normalised title with a fuzzy match), else it names a
stub article with that title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mediakg.extract.entities import KnownEntities
from mediakg.records import ArticleText
from mediakg.resolve import name_key, normalise_url

__all__ = ["FoundReference", "find_references"]

_SMALL = {
    "a",
    "an",
    "the",
    "of",
    "in",
    "on",
    "for",
    "and",
    "or",
    "to",
    "at",
    "by",
    "with",
    "as",
    "is",
    "are",
    "from",
    "under",
    "after",
    "over",
    "into",
}


@dataclass(frozen=True)
class FoundReference:
    """A referenced article: how records refer to it, its title, and the span in the body."""

    ref: str
    title: str | None
    url: str | None
    start: int
    end: int


def _looks_like_title(text: str) -> bool:
    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    if len(words) < 2:
        return False
    if re.search(r"[:?]", text):
        return True
    capitalised = sum(1 for w in words if w[0].isupper() or w.lower() in _SMALL)
    return capitalised / len(words) >= 0.7


def find_references(
    article: ArticleText, known: KnownEntities, *, cutoff: float = 90.0
) -> list[FoundReference]:
    """Return the articles the body refers to, in text order, each once."""
    from rapidfuzz import fuzz, process

    text = article.body
    titles = {k: v for k, v in known.articles.items() if not k.startswith("url:")}
    found: dict[str, FoundReference] = {}
    for span in sorted(article.markup, key=lambda s: s.start):
        surface = text[span.start : span.end].strip(" .,;\"“”‘’'")
        if span.kind == "link" and span.href and re.match(r"https?://", span.href):
            url = span.href
            ref = known.articles.get(f"url:{normalise_url(url)}", url)
            title = surface if _looks_like_title(surface) else None
        elif span.kind == "bold" and _looks_like_title(surface):
            key = name_key(surface)
            url = None
            if key in titles:
                ref = titles[key]
            else:
                match = process.extractOne(
                    key, list(titles), scorer=fuzz.ratio, score_cutoff=cutoff
                )
                ref = titles[match[0]] if match else surface
            title = surface
        else:
            continue
        if ref == (article.url or article.title):
            continue
        start = (
            text.index(surface, span.start)
            if surface in text[span.start : span.end]
            else span.start
        )
        found.setdefault(ref, FoundReference(ref, title, url, start, start + len(surface)))
    return list(found.values())
