"""Markdown article exports: a title line, ``Author: [Name](#)``, the body, metadata lines.

The layout, as news-impact exports write it::

    Title of the piece

    Author: [Full Name](#)

    Body paragraphs, with **Titles of Other Articles** in bold.

    Location: [Place](#)

    Topic: [Topic](#)

    Source URL: <https://outlet.example/section/slug>

Metadata lines may be missing or come in any order; ``Date:`` and ``Outlet:`` lines are read
too. Bold spans and links are kept as markup spans for reference detection.
"""

from __future__ import annotations

import re

from mediakg.errors import ParseError
from mediakg.loaders._article import ArticleFileLoader, join_paragraphs, parse_date
from mediakg.records import ArticleText

__all__ = ["MarkdownLoader", "read_markdown_article"]

_META = re.compile(
    r"^\s*(?P<key>author|authors|by|location|locations|topic|topics|source url|url|date|"
    r"published|outlet|publisher)\s*:\s*(?P<value>.*?)\s*$",
    re.IGNORECASE,
)
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_ANGLE_URL = re.compile(r"<\s*(https?://[^>\s]+)\s*>|(https?://\S+)")


def _values(text: str) -> list[str]:
    linked = _LINK.findall(text)
    if linked:
        return [v.strip() for v in linked if v.strip()]
    return [v.strip() for v in re.split(r",|;", text) if v.strip()]


def read_markdown_article(text: str, *, source: str = "markdown") -> ArticleText:
    """Parse one article in the markdown export format.

    Raises
    ------
    ParseError
        If the text holds no title or no body.

    Examples
    --------
    >>> art = read_markdown_article(
    ...     "Dry Wells\\n\\nAuthor: [Ada Example](#)\\n\\nSee **Rain Returns**.\\n\\n"
    ...     "Location: [Almaty](#)\\n\\nSource URL: <https://news.example/dry-wells>")
    >>> art.title, art.authors, art.locations, art.url, art.body
    ('Dry Wells', ('Ada Example',), ('Almaty',), 'https://news.example/dry-wells', 'See Rain Returns.')
    """
    meta: dict[str, list[str]] = {}
    paragraphs: list[str] = []
    title: str | None = None
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        rest: list[str] = []
        for line in lines:
            match = _META.match(line)
            if match:
                key = match.group("key").lower()
                meta.setdefault(key, []).append(match.group("value"))
            else:
                rest.append(line.strip())
        if not rest:
            continue
        if title is None:
            title = " ".join(rest).strip("# ").strip()
        else:
            paragraphs.append(" ".join(rest))
    if not title:
        raise ParseError(f"{source}: no title line found")
    if not paragraphs:
        raise ParseError(f"{source}: article {title!r} has no body")
    body, spans = join_paragraphs(paragraphs)

    def first(*keys: str) -> str | None:
        for key in keys:
            for value in meta.get(key, []):
                if value.strip():
                    return value.strip()
        return None

    url = None
    if (raw_url := first("source url", "url")) is not None:
        found = _ANGLE_URL.search(raw_url)
        url = (found.group(1) or found.group(2)) if found else None
    outlet = first("outlet", "publisher")
    return ArticleText(
        title=title,
        body=body,
        url=url,
        authors=tuple(
            n for key in ("author", "authors", "by") for v in meta.get(key, []) for n in _values(v)
        ),
        published=parse_date(first("date", "published")),
        outlet=_values(outlet)[0] if outlet else None,
        locations=tuple(
            n for key in ("location", "locations") for v in meta.get(key, []) for n in _values(v)
        ),
        topics=tuple(
            n for key in ("topic", "topics") for v in meta.get(key, []) for n in _values(v)
        ),
        markup=tuple(spans),
    )


class MarkdownLoader(ArticleFileLoader):
    """Read a markdown article export (``.md``) as one article document."""

    def parse(self, text: str, *, source: str) -> ArticleText:
        """Return the article in ``text``."""
        return read_markdown_article(text, source=source)
