"""HTML article pages: main text and metadata extracted with trafilatura.

Boilerplate (navigation, footers, related links) is dropped; bold/strong spans and links in the
main text are kept as markup spans for reference detection.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mediakg.errors import ParseError
from mediakg.loaders._article import article_document, markdown_to_text, parse_date, split_names
from mediakg.loaders.base import Document
from mediakg.records import ArticleText, MarkupSpan

__all__ = ["HTMLLoader", "read_html_article"]


def read_html_article(page: str, *, source: str = "html", url: str | None = None) -> ArticleText:
    """Extract the article of an HTML page.

    Raises
    ------
    ParseError
        If no article text can be found in the page.
    """
    import logging

    import trafilatura

    # trafilatura logs extraction doubts as warnings; they are not the caller's concern.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    result = trafilatura.bare_extraction(
        page,
        url=url,
        with_metadata=True,
        include_formatting=True,
        include_links=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    if result is None or isinstance(result, dict) or not result.text:
        raise ParseError(f"{source}: no article text found in the HTML page")
    paragraphs = [
        p.strip() for p in re.split(r"\n\s*\n|\n(?=[^\n])", str(result.text)) if p.strip()
    ]
    title = (result.title or "").strip()
    # trafilatura repeats the headline as a first heading line in formatted output.
    if paragraphs and paragraphs[0].lstrip("# ").strip() == title:
        paragraphs = paragraphs[1:]
    body_parts: list[str] = []
    spans: list[MarkupSpan] = []
    length = 0
    for para in paragraphs:
        para = para.lstrip("#").strip()
        if body_parts:
            body_parts.append("\n\n")
            length += 2
        plain, para_spans = markdown_to_text(para, offset=length)
        body_parts.append(plain)
        spans.extend(para_spans)
        length += len(plain)
    if not title:
        raise ParseError(f"{source}: the HTML page has no title")
    return ArticleText(
        title=title,
        body="".join(body_parts),
        url=result.url or url,
        authors=split_names(result.author.replace(";", ",")) if result.author else (),
        published=parse_date(result.date),
        outlet=(result.sitename or None),
        language=result.language or None,
        description=result.description or None,
        markup=tuple(spans),
    )


class HTMLLoader:
    """Read an HTML article page (``.html``, ``.htm``) as one article document."""

    def __init__(self, path: str | os.PathLike[str], *, format: str, **options: Any) -> None:
        self.path = Path(path)
        self.format = format

    def iter_documents(self) -> Iterator[Document]:
        """Yield the article.

        Raises
        ------
        ParseError
            If the file cannot be read or holds no article.
        """
        try:
            page = self.path.read_bytes().decode("utf-8", errors="replace")
        except OSError as exc:
            raise ParseError(f"{self.path}: cannot read: {exc.strerror}") from exc
        article = read_html_article(page, source=str(self.path))
        yield article_document(article, source=str(self.path), format=self.format)
