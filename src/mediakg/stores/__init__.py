"""Stores: embedded Oxigraph on disk (the default), rdflib in memory, a remote SPARQL endpoint.

Each kind is registered by a short key and imported on first use, so that ``import mediakg``
does not import pyoxigraph or SPARQLWrapper.

Examples
--------
>>> store = open_store("memory")
>>> store.kind
'memory'
>>> open_store("cassandra")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
mediakg.errors.UnknownNameError: unknown store kind 'cassandra'; known kinds: memory, ..., remote
"""

from __future__ import annotations

import importlib
from typing import Any

from mediakg.errors import UnknownNameError
from mediakg.stores.base import SelectResult, Store

__all__ = ["STORES", "SelectResult", "Store", "open_store"]

STORES: dict[str, str] = {
    "oxigraph": "mediakg.stores.embedded:OxigraphStore",
    "memory": "mediakg.stores.memory:MemoryStore",
    "remote": "mediakg.stores.remote:RemoteStore",
}
"""Store kinds and the ``module:attr`` of their class, imported on first use."""


def open_store(kind: str, *args: Any, **kwargs: Any) -> Store:
    """Open a store of the given kind; arguments go to its class.

    Raises
    ------
    UnknownNameError
        If ``kind`` is not registered; the message lists the known kinds.
    """
    if kind not in STORES:
        known = ", ".join(sorted(STORES))
        raise UnknownNameError(f"unknown store kind {kind!r}; known kinds: {known}")
    module_name, _, attr = STORES[kind].partition(":")
    store: Store = getattr(importlib.import_module(module_name), attr)(*args, **kwargs)
    return store
