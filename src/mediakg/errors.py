"""The exceptions mediakg raises.

Every error inherits :class:`MediaKGError`, so a caller (and the command line) can catch all of
them in one place, and also the builtin that describes its nature (``ValueError`` for bad input,
``OSError`` for a store or file that cannot be reached, ``KeyError``-like lookups as
``LookupError``), so code that already handles those keeps working.
"""

from __future__ import annotations

__all__ = [
    "FormatError",
    "MediaKGError",
    "ParseError",
    "QueryError",
    "RecordError",
    "SourceNotFoundError",
    "StoreError",
    "UnknownNameError",
]


class MediaKGError(Exception):
    """Base class of every error mediakg raises on purpose."""


class ParseError(MediaKGError, ValueError):
    """A file could not be parsed: malformed RDF, JSON, CSV or YAML.

    The message starts with ``path:line:`` when the line is known.
    """


class RecordError(MediaKGError, ValueError):
    """A record is missing a required field or holds a value of the wrong kind."""


class FormatError(MediaKGError, ValueError):
    """A file's format is unknown or not supported; the message lists the known ones."""


class UnknownNameError(MediaKGError, LookupError):
    """A name (query, loader, store kind) is not registered; the message lists the known ones."""


class QueryError(MediaKGError, ValueError):
    """A SPARQL query is malformed, is an update where none is allowed, or lacks a parameter."""


class StoreError(MediaKGError, OSError):
    """A store cannot be opened, read or written."""


class SourceNotFoundError(MediaKGError, FileNotFoundError):
    """A file or directory given as input does not exist."""
