"""The sandboxed Jinja2 environment every template renders in, with two fast paths.

Templates read plain data (dicts of strings, lists and numbers), as `page.title` or `row.label`. The
sandbox answers `obj.attr` by trying the attribute first, and on a dict that raises AttributeError
before it looks the key up: an exception for nearly every value a page writes. A plain dict has no
attributes but its class's, so for a name that is not one of them the answer is the key's value (or
undefined), exactly what the sandbox would give, without the exception. Everything else (a dict
method such as `items`, any other type, every call) goes through the sandbox unchanged.

A template's globals are one plain dict, not Jinja2's ChainMap over the environment's: every render
iterates them twice (new_context, Context), and a ChainMap iterates by building a dict of every layer
(~3% of a docs run). Globals are never changed once templates load (Jinja2 asks the same of everyone), so
the copy reads exactly what the ChainMap would.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any, Optional

from jinja2.sandbox import SandboxedEnvironment

_DICT_ATTRIBUTES = frozenset(dir(dict))


class Sandbox(SandboxedEnvironment):
    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except (TypeError, LookupError):
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def make_globals(self, d: Optional[MutableMapping[str, Any]]) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}
