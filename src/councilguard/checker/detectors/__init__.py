"""The closed set of detector types a rule may name.

A new rule is a YAML file; a new detector type is rare, and is added here with a
module of its own and a line under "Detector types" in docs/architecture.md.
"""

from __future__ import annotations

from types import ModuleType

from . import classifier, composite, context, lexicon, pattern, personal_data

DETECTORS: dict[str, ModuleType] = {
    "classifier": classifier,
    "lexicon": lexicon,
    "pattern": pattern,
    "composite": composite,
    "context": context,
    "personal_data": personal_data,
}
