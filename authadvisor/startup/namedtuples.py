"""`NamedTuple`, for `class Note(NamedTuple): ...`, at a fraction of typing's cost to create the class.

typing's NamedTuple checks and converts every field's annotation as the class is created (compiling each
one written as a string), then builds the class with collections.namedtuple: 0.1 to 0.3 ms a class, and
~20 of them lie on the command line's path (~3% of a start). This one builds the same collections.namedtuple
class from the same class body, with typing's rules for it (defaults last, methods and docstring kept, the
namedtuple's own attributes protected), and keeps the annotations as written instead of evaluating them.
Type checkers see typing's NamedTuple: the classes type-check exactly as before.
"""

from __future__ import annotations

import collections
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    #: attributes the namedtuple defines itself: a class body may not set them (as typing's)
    _PROHIBITED = frozenset({"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults",
                             "_make", "_replace", "_asdict", "_source"})
    _SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})

    class _NamedTupleMeta(type):
        def __new__(mcls, typename: str, bases: tuple, ns: dict[str, Any]) -> Any:
            if ns.get("_authadvisor_root"):
                return super().__new__(mcls, typename, bases, ns)
            if bases != (NamedTuple,):
                raise TypeError("can only inherit from NamedTuple")
            annotations = ns.get("__annotations__", {})
            defaults: list[str] = []
            for name in annotations:
                if name in ns:
                    defaults.append(name)
                elif defaults:
                    raise TypeError(f"Non-default namedtuple field {name} cannot follow default field"
                                    f"{'s' if len(defaults) > 1 else ''} {', '.join(defaults)}")
            cls = collections.namedtuple(typename, list(annotations), defaults=[ns[n] for n in defaults],
                                         module=ns["__module__"])
            cls.__annotations__ = cls.__new__.__annotations__ = dict(annotations)
            for key, value in ns.items():
                if key in _PROHIBITED:
                    raise AttributeError("Cannot overwrite NamedTuple attribute " + key)
                if key not in _SPECIAL and key not in cls._fields:
                    setattr(cls, key, value)
            return cls

    class NamedTuple(metaclass=_NamedTupleMeta):
        _authadvisor_root = True
