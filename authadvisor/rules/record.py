"""Read-only records: validated plain data with attribute access (rule.id, method.requirements)."""

from __future__ import annotations

from typing import Any, NoReturn


class Record(dict):
    """A dict that reads like an object and cannot be changed."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def _readonly(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("rules-table records are read-only")

    __setitem__ = __delitem__ = __setattr__ = _readonly  # type: ignore[assignment]
    clear = pop = popitem = setdefault = update = _readonly  # type: ignore[assignment]


def freeze(value: Any) -> Any:
    """Nested dicts -> Records, lists -> tuples."""
    if isinstance(value, dict):
        return Record((k, freeze(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(freeze(v) for v in value)
    return value


def thaw(value: Any) -> Any:
    """Records -> dicts, tuples -> lists (for dumping)."""
    if isinstance(value, dict):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [thaw(v) for v in value]
    return value
