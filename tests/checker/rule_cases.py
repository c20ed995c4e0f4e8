"""The rule cases in ``cases/<rule-id>.yaml`` (see cases/README.md), read and checked."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

CASES_DIR = Path(__file__).resolve().parent / "cases"
SEVERITIES = ("block", "warn", "advise", "info")
EXPECTATIONS = (*SEVERITIES, "raised", "not-raised", "below-warn")

# (rule, case name, expect, [(draft id, draft)]): one expectation of one case.
Block = tuple[str, str, str, list[tuple[str, dict[str, Any]]]]


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML that refuses a name given twice (plain YAML keeps the last one silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"{key!r} is given twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def case_blocks(path: Path, rules: set[str] | dict[str, Any]) -> list[Block]:
    """Each expectation of a case file; a file that does not hold to cases/README.md is
    refused with its name and the problem."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    rule = data.get("rule")
    if rule != path.stem or rule not in rules:
        raise ValueError(f"{path.name}: rule must be {path.stem!r}, a rule of the pack (it is {rule!r})")
    found = []
    for name, blocks in (data.get("cases") or {}).items():
        for block in blocks if isinstance(blocks, list) else [blocks]:
            if block.get("expect") not in EXPECTATIONS:
                raise ValueError(f"{path.name}: {name}: expect must be one of {', '.join(EXPECTATIONS)}")
            drafts = block.get("drafts")
            if isinstance(drafts, list):
                drafts = {str(i + 1): d for i, d in enumerate(drafts)}
            if not isinstance(drafts, dict) or not drafts:
                raise ValueError(f"{path.name}: {name}: drafts must be a non-empty list or mapping")
            items = [(str(key), {"text": d} if isinstance(d, str) else d) for key, d in drafts.items()]
            found.append((rule, name, block["expect"], items))
    return found


@cache
def _shipped(rule_id: str) -> list[Block]:
    path = CASES_DIR / f"{rule_id}.yaml"
    return case_blocks(path, {rule_id})


def case_draft(rule_id: str, case: str, draft_id: str) -> dict[str, Any]:
    """One named draft of a shipped case, for a test that looks closer at its finding."""
    for _, name, _, drafts in _shipped(rule_id):
        for key, draft in drafts:
            if name == case and key == draft_id:
                return draft
    raise KeyError(f"{rule_id}.yaml has no draft {draft_id!r} in {case!r}")
