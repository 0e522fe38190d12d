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


_NO_PATH: dict = {}  #: never written: its .get(node, index) is a no-op that takes descend_resolver's arguments


class FastLoader(_Base):  # type: ignore[misc, valid-type]
    """The safe loader with `resolve` fast-pathed and no path resolvers. Only plain implicit resolution
    is shortcut, and only while there is no wildcard implicit resolver (PyYAML's default); otherwise
    every call goes to PyYAML's own resolver."""

    _memo: dict = {}
    #: its own, always empty: a path resolver added to PyYAML's classes (an experimental feature) does not
    #: reach manifests, which read the same in any process
    yaml_path_resolvers: dict = {}
    # libyaml's composer calls these two around every node, for path resolvers only (there are none):
    # C callables that take the same arguments and do nothing, {}.get(node, index) and int(), spare two
    # Python calls a node (~8% of composing a manifest)
    descend_resolver = _NO_PATH.get
    ascend_resolver = int

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if None in self.yaml_implicit_resolvers:  # (no path resolvers: the table above is its own, empty)
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
