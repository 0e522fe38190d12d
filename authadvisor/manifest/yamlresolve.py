"""The tag resolution of PyYAML's safe loader, answered without its per-node Python work.

libyaml's parser (CSafeLoader) asks the Python resolver for the tag of every node: a plain scalar's tag
depends on its text (`on` is a bool, `2027-01-01` a timestamp), found by trying the implicit resolvers'
regexes for its first character. Most scalars of a manifest start with a letter no resolver claims, and
the rest repeat from file to file (`true`, `1`, `null`), so `resolve` here answers those from the first
character or from a bounded memo of earlier answers. The answers are the resolver's own: a property test
holds `resolve` to `yaml.resolver.Resolver.resolve` for any text (tests/test_lint_fastpaths.py).
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = _Base.DEFAULT_SCALAR_TAG
_SEQ = _Base.DEFAULT_SEQUENCE_TAG
_MAP = _Base.DEFAULT_MAPPING_TAG
MEMO_MAX = 4096  #: answers remembered (per process; a hostile file of 100,000 numbers cannot grow it)
MEMO_LEN = 64  #: longer scalars are resolved every time (they are rare, and few repeat)


class FastLoader(_Base):  # type: ignore[misc, valid-type]
    """The safe loader with `resolve` fast-pathed. Only plain implicit resolution is shortcut, and only
    while the loader has no path resolvers and no wildcard implicit resolver (PyYAML's defaults);
    otherwise every call goes to PyYAML's own resolver."""

    _memo: dict = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if self.yaml_path_resolvers or None in self.yaml_implicit_resolvers:
            return super().resolve(kind, value, implicit)
        if kind is ScalarNode:
            if not implicit[0] or (value and value[0] not in self.yaml_implicit_resolvers):
                return _STR  # quoted, or no implicit resolver for its first character: a string
            if len(value) > MEMO_LEN:
                return super().resolve(kind, value, implicit)
            memo = self._memo  # a plain scalar's tag depends on its text only
            tag = memo.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(memo) < MEMO_MAX:
                    memo[value] = tag
            return tag
        if kind is MappingNode:
            return _MAP
        if kind is SequenceNode:
            return _SEQ
        return super().resolve(kind, value, implicit)
