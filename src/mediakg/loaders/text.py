"""Plain-text articles, optionally with YAML front matter.

Front matter (between ``---`` lines) may give ``title``, ``author``/``authors``, ``date``,
``url``, ``outlet``, ``location``/``locations``, ``topic``/``topics`` and ``language``. Without
it, the first line is the title and the rest the body.
"""

from __future__ import annotations

import re
from typing import Any

from mediakg.errors import ParseError
from mediakg.loaders._article import ArticleFileLoader, join_paragraphs, parse_date, split_names
from mediakg.records import ArticleText

__all__ = ["TextLoader", "read_text_article"]

_FRONT = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n---[ \t]*\n", re.DOTALL)


def read_text_article(text: str, *, source: str = "text") -> ArticleText:
    """Parse a plain-text article with optional YAML front matter.

    Raises
    ------
    ParseError
        If the front matter is malformed YAML (naming its line) or there is no body.

    Examples
    --------
    >>> art = read_text_article("---\\ntitle: Dry Wells\\nauthor: Ada Example\\n---\\nIt rained.\\n")
    >>> art.title, art.authors, art.body
    ('Dry Wells', ('Ada Example',), 'It rained.')
    """
    import yaml

    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    meta: dict[str, Any] = {}
    match = _FRONT.match(text)
    if match:
        try:
            loaded = yaml.safe_load(match.group("yaml"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f":{mark.line + 2}" if mark is not None else ""
            raise ParseError(
                f"{source}{line}: malformed YAML front matter: {getattr(exc, 'problem', exc)}"
            ) from exc
        if not isinstance(loaded, dict):
            raise ParseError(f"{source}: front matter must be a mapping of fields")
        meta = {str(k).lower(): v for k, v in loaded.items()}
        text = text[match.end() :]
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    title = str(meta.get("title") or "").strip()
    if not title and paragraphs:
        # No front matter title: the first line is the title, the rest the body.
        first, _, rest = text.strip().partition("\n")
        title = first.strip()
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", rest) if p.strip()]
    if not title:
        raise ParseError(f"{source}: no title (give one in front matter or on the first line)")
    if not paragraphs:
        raise ParseError(f"{source}: article {title!r} has no body")

    def listed(*keys: str) -> tuple[str, ...]:
        return tuple(n for k in keys for n in split_names(meta.get(k)))

    authors = listed("author", "authors", "by")
    byline = re.match(r"^By\s+(?P<names>[A-Z][^.\n]{2,80})$", paragraphs[0])
    if byline and len(paragraphs) > 1:
        # A "By Name" line opening the body is the byline, not text.
        authors = authors or split_names(byline.group("names"))
        paragraphs = paragraphs[1:]
    body, spans = join_paragraphs(paragraphs)

    return ArticleText(
        title=title,
        body=body,
        url=str(meta["url"]).strip() if meta.get("url") else None,
        authors=authors,
        published=parse_date(meta.get("date") or meta.get("published")),
        outlet=str(meta["outlet"]).strip() if meta.get("outlet") else None,
        locations=listed("location", "locations"),
        topics=listed("topic", "topics"),
        language=str(meta["language"]) if meta.get("language") else None,
        description=str(meta["description"]) if meta.get("description") else None,
        markup=tuple(spans),
    )


class TextLoader(ArticleFileLoader):
    """Read a ``.txt`` article (front matter optional) as one article document."""

    def parse(self, text: str, *, source: str) -> ArticleText:
        """Return the article in ``text``."""
        return read_text_article(text, source=source)
