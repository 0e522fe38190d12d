"""The sandboxed Jinja2 environment every template renders in, with one fast path.

Templates read plain data (dicts of strings, lists and numbers), as `page.title` or `row.label`. The
sandbox answers `obj.attr` by trying the attribute first, and on a dict that raises AttributeError
before it looks the key up: an exception for nearly every value a page writes. A plain dict has no
attributes but its class's, so for a name that is not one of them the answer is the key's value (or
undefined), exactly what the sandbox would give, without the exception. Everything else (a dict
method such as `items`, any other type, every call) goes through the sandbox unchanged.
"""

from __future__ import annotations

from typing import Any

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
