"""mediakg: a media-coverage knowledge graph."""

__version__ = "0.1.0"
