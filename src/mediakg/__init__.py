"""mediakg: a media-coverage knowledge graph.

Articles, people, organisations, places and endorsements as RDF, with the evidence for every
fact; queried with SPARQL into pandas DataFrames.

Examples
--------
>>> import mediakg
>>> kg = mediakg.KnowledgeGraph.memory()
>>> _ = kg.add_records([mediakg.records.Person(name="Ada Example")], graph="urn:example:doc")
>>> mediakg.run_query("people", graph=kg)["name"].tolist()
['Ada Example']
"""

__version__ = "0.1.0"

from mediakg import records
from mediakg.errors import MediaKGError
from mediakg.kg import KnowledgeGraph
from mediakg.namespace import MKG
from mediakg.queries import NamedQuery, list_queries, load_query, run_query

open_graph = KnowledgeGraph.open

__all__ = [
    "MKG",
    "KnowledgeGraph",
    "MediaKGError",
    "NamedQuery",
    "__version__",
    "list_queries",
    "load_query",
    "open_graph",
    "records",
    "run_query",
]
