"""What the article loaders share: inline markup to plain text, metadata values, documents."""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal

from rdflib import URIRef

from mediakg.errors import ParseError
from mediakg.loaders.base import Document
from mediakg.namespace import GRAPH
from mediakg.records import ArticleText, MarkupSpan
from mediakg.resolve import article_iri

__all__ = [
    "ArticleFileLoader",
    "article_document",
    "join_paragraphs",
    "article_graph_iri",
    "html_to_text",
    "markdown_to_text",
    "parse_date",
    "split_names",
]

_INLINE = re.compile(
    r"\*\*(?P<bold>.+?)\*\*"  # **bold**
    r"|__(?P<bold2>.+?)__"  # __bold__
    r"|\[(?P<text>[^\]]+)\]\((?P<href>[^)\s]*)\)"  # [text](href)
)


def article_graph_iri(article: ArticleText) -> URIRef:
    """Return the named graph of an article: stable, whatever file it was read from.

    Examples
    --------
    >>> article_graph_iri(ArticleText(title="T", body="", url="https://news.example/a"))
    rdflib.term.URIRef('https://w3id.org/mediakg/graph/article/news-example-a')
    """
    slug = str(article_iri(url=article.url, title=article.title)).rsplit("/", 1)[-1]
    return GRAPH[f"article/{slug}"]


def article_document(article: ArticleText, *, source: str, format: str) -> Document:
    """Wrap an article as a document for the pipeline, which extracts its records."""
    return Document(source=source, graph=article_graph_iri(article), format=format, article=article)


def markdown_to_text(text: str, *, offset: int = 0) -> tuple[str, list[MarkupSpan]]:
    """Strip inline markdown (bold, links) and return the text with the marked-up spans.

    Examples
    --------
    >>> plain, spans = markdown_to_text("See **Rain Returns** and [the map](https://m.example).")
    >>> plain
    'See Rain Returns and the map.'
    >>> [(plain[s.start:s.end], s.kind, s.href) for s in spans]
    [('Rain Returns', 'bold', None), ('the map', 'link', 'https://m.example')]
    """
    out: list[str] = []
    spans: list[MarkupSpan] = []
    pos = 0
    length = offset
    for match in _INLINE.finditer(text):
        before = text[pos : match.start()]
        out.append(before)
        length += len(before)
        bold = match.group("bold") or match.group("bold2")
        if bold is not None:
            inner, inner_spans = markdown_to_text(bold, offset=length)
            spans.append(MarkupSpan(start=length, end=length + len(inner), kind="bold"))
            spans.extend(inner_spans)
        else:
            inner = match.group("text")
            href = match.group("href") or None
            if href and href != "#":
                spans.append(
                    MarkupSpan(start=length, end=length + len(inner), kind="link", href=href)
                )
        out.append(inner)
        length += len(inner)
        pos = match.end()
    out.append(text[pos:])
    return "".join(out), spans


class _TextExtractor(HTMLParser):
    """Plain text and bold/link spans from an HTML fragment (feed entry content)."""

    _BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr"}
    _SKIP = {"script", "style", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[MarkupSpan] = []
        self.open: list[tuple[Literal["bold", "link"], int, str | None]] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCKS:
            self._paragraph()
        elif tag in ("strong", "b"):
            self.open.append(("bold", self.length, None))
        elif tag == "a":
            self.open.append(("link", self.length, dict(attrs).get("href")))

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BLOCKS:
            self._paragraph()
        elif tag in ("strong", "b", "a"):
            kind: Literal["bold", "link"] = "bold" if tag != "a" else "link"
            for i in range(len(self.open) - 1, -1, -1):
                if self.open[i][0] == kind:
                    _, start, href = self.open.pop(i)
                    if self.length > start and (kind == "bold" or (href and href != "#")):
                        self.spans.append(
                            MarkupSpan(start=start, end=self.length, kind=kind, href=href)
                        )
                    break

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        text = re.sub(r"\s+", " ", data)
        if not self.parts or self.parts[-1].endswith(("\n", " ")):
            text = text.lstrip()
        if text:
            self.parts.append(text)
            self.length += len(text)

    def _paragraph(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n\n"):
            # Trailing spaces before a paragraph break carry no meaning.
            last = self.parts[-1].rstrip(" ")
            self.length -= len(self.parts[-1]) - len(last)
            self.parts[-1] = last
            self.parts.append("\n\n")
            self.length += 2


def html_to_text(fragment: str) -> tuple[str, list[MarkupSpan]]:
    """Return the plain text of an HTML fragment, paragraphs separated by blank lines.

    Examples
    --------
    >>> text, spans = html_to_text("<p>Read <strong>Dry Wells</strong>.</p><p>Next &amp; last</p>")
    >>> text
    'Read Dry Wells.\\n\\nNext & last'
    >>> [text[s.start:s.end] for s in spans]
    ['Dry Wells']
    """
    parser = _TextExtractor()
    parser.feed(fragment)
    parser.close()
    text = "".join(parser.parts)
    stripped = text.rstrip()
    spans = [s for s in parser.spans if s.end <= len(stripped)]
    lead = len(stripped) - len(stripped.lstrip())
    if lead:
        stripped = stripped[lead:]
        spans = [
            MarkupSpan(start=s.start - lead, end=s.end - lead, kind=s.kind, href=s.href)
            for s in spans
        ]
    return stripped, sorted(spans, key=lambda s: (s.start, s.end))


def parse_date(value: Any) -> dt.date | None:
    """Return the date in an ISO 8601 string or date object, ``None`` when absent or unreadable.

    Examples
    --------
    >>> parse_date("2024-05-02T08:00:00Z"), parse_date("sometime")
    (datetime.date(2024, 5, 2), None)
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", str(value))
    if match is None:
        return None
    try:
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None


def split_names(value: Any) -> tuple[str, ...]:
    """Return names from a list, or from text joined by commas, ``and`` or ``&``.

    Examples
    --------
    >>> split_names("Ada Example and Bo Example")
    ('Ada Example', 'Bo Example')
    """
    if value is None:
        return ()
    items = value if isinstance(value, list | tuple) else re.split(r",|\band\b|&|;", str(value))
    names = (html.unescape(str(v)).strip() for v in items)
    return tuple(n for n in names if n)


def join_paragraphs(paragraphs: list[str]) -> tuple[str, list[MarkupSpan]]:
    """Join paragraphs with inline markdown into one body, with the markup spans' offsets.

    Examples
    --------
    >>> body, spans = join_paragraphs(["One **Two**.", "Three."])
    >>> body.split(chr(10)), [body[s.start : s.end] for s in spans]
    (['One Two.', '', 'Three.'], ['Two'])
    """
    parts: list[str] = []
    spans: list[MarkupSpan] = []
    length = 0
    for para in paragraphs:
        if parts:
            parts.append("\n\n")
            length += 2
        plain, para_spans = markdown_to_text(para, offset=length)
        parts.append(plain)
        spans.extend(para_spans)
        length += len(plain)
    return "".join(parts), spans


class ArticleFileLoader:
    """Base of the loaders that read one article per file: read, parse, yield one document.

    Subclasses set :meth:`parse`; ``errors`` is how undecodable bytes are treated.
    """

    errors = "strict"

    def __init__(self, path: str | os.PathLike[str], *, format: str, **options: Any) -> None:
        self.path = Path(path)
        self.format = format

    def parse(self, text: str, *, source: str) -> ArticleText:
        """Return the article in ``text``."""
        raise NotImplementedError

    def iter_documents(self) -> Iterator[Document]:
        """Yield the article.

        Raises
        ------
        ParseError
            If the file cannot be read as UTF-8 text, or holds no article.
        """
        try:
            text = self.path.read_bytes().decode("utf-8-sig", errors=self.errors)
        except (OSError, UnicodeDecodeError) as exc:
            raise ParseError(f"{self.path}: cannot read as UTF-8 text: {exc}") from exc
        article = self.parse(text, source=str(self.path))
        yield article_document(article, source=str(self.path), format=self.format)
