"""HTML article pages: main text and metadata extracted with trafilatura.

Boilerplate (navigation, footers, related links) is dropped; bold/strong spans and links in the
main text are kept as markup spans for reference detection.
"""

from __future__ import annotations

import re

from mediakg.errors import ParseError
from mediakg.loaders._article import ArticleFileLoader, join_paragraphs, parse_date, split_names
from mediakg.records import ArticleText

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
    body, spans = join_paragraphs([p.lstrip("#").strip() for p in paragraphs])
    if not title:
        raise ParseError(f"{source}: the HTML page has no title")
    return ArticleText(
        title=title,
        body=body,
        url=result.url or url,
        authors=split_names(result.author.replace(";", ",")) if result.author else (),
        published=parse_date(result.date),
        outlet=(result.sitename or None),
        language=result.language or None,
        description=result.description or None,
        markup=tuple(spans),
    )


class HTMLLoader(ArticleFileLoader):
    """Read an HTML article page (``.html``, ``.htm``) as one article document."""

    errors = "replace"

    def parse(self, text: str, *, source: str) -> ArticleText:
        """Return the article in ``text``."""
        return read_html_article(text, source=source)
