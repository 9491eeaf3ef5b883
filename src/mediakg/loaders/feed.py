"""RSS and Atom feeds, read with feedparser: each entry is an article document."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mediakg.errors import ParseError
from mediakg.loaders._article import article_document, html_to_text, split_names
from mediakg.loaders.base import Document
from mediakg.records import ArticleText

__all__ = ["FeedLoader", "read_feed"]


def read_feed(data: bytes, *, source: str = "feed") -> list[ArticleText]:
    """Return the articles of an RSS or Atom feed, full content when the entry has it.

    Raises
    ------
    ParseError
        If the feed is not well-formed XML and yields no entry (naming the line), or an entry
        has neither title nor text.
    """
    import feedparser

    feed = feedparser.parse(data)
    if feed.bozo and not feed.entries:
        exc = feed.bozo_exception
        line = getattr(exc, "getLineNumber", lambda: None)()
        where = f"{source}:{line}" if line else source
        raise ParseError(f"{where}: malformed feed: {getattr(exc, 'getMessage', lambda: exc)()}")
    site = (feed.feed.get("title") or "").strip() or None
    articles = []
    for number, entry in enumerate(feed.entries, start=1):
        contents = entry.get("content") or []
        html = contents[0].get("value") if contents else entry.get("summary", "")
        body, spans = html_to_text(html or "")
        title = (entry.get("title") or "").strip()
        if not title or not body:
            raise ParseError(f"{source}: entry {number} has no title or no text")
        authors = [a.get("name") for a in entry.get("authors", []) if a.get("name")]
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        articles.append(
            ArticleText(
                title=title,
                body=body,
                url=entry.get("link") or None,
                authors=split_names(authors or entry.get("author")),
                published=dt.date(*parsed[:3]) if parsed else None,
                outlet=site,
                topics=tuple(t.get("term") for t in entry.get("tags", []) if t.get("term")),
                markup=tuple(spans),
            )
        )
    return articles


class FeedLoader:
    """Read an RSS or Atom feed (``.rss``, ``.atom``, ``.xml``): one document per entry."""

    def __init__(self, path: str | os.PathLike[str], *, format: str, **options: Any) -> None:
        self.path = Path(path)
        self.format = format

    def iter_documents(self) -> Iterator[Document]:
        """Yield one article document per feed entry.

        Raises
        ------
        ParseError
            If the file cannot be read or is not a feed.
        """
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            raise ParseError(f"{self.path}: cannot read: {exc.strerror}") from exc
        for number, article in enumerate(read_feed(data, source=str(self.path)), start=1):
            yield article_document(
                article, source=f"{self.path}#entry-{number}", format=self.format
            )
