"""`NamedTuple`, for `class Note(NamedTuple): ...`, at a fraction of typing's cost to create the class.

typing's NamedTuple checks and converts every field's annotation as the class is created (compiling each
one written as a string), then has collections.namedtuple compile a `__new__` from source and make five
closures for the class: 0.1 to 0.3 ms a class, and ~27 of them lie on the command line's path. This one
builds the class collections.namedtuple builds, from the same class body and with typing's rules for it
(defaults last, methods and docstring kept, the namedtuple's own attributes protected), but:

- keeps the annotations as written instead of evaluating them;
- takes one `__new__` code per number of fields (written out in this module up to 16 fields, so nothing
  is compiled at start-up: a compile() costs ~250,000 instructions; compiled once per process beyond), and
  gives each class a copy named for its fields (the same code with the field names as its arguments:
  keywords and defaults work as collections' do);
- shares one `_make`, `_replace`, `__repr__`, `_asdict` and `__getnewargs__` between all the classes (they
  read the class's `_fields`), where collections makes five closures a class.

The instances behave exactly as collections' (tests/test_namedtuples.py holds them to typing's classes).
Type checkers see typing's NamedTuple: the classes type-check exactly as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    import sys
    from collections import _tuplegetter
    from types import FunctionType

    #: attributes the namedtuple defines itself: a class body may not set them (as typing's)
    _PROHIBITED = frozenset({"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults",
                             "_make", "_replace", "_asdict", "_source"})
    _SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})
    #: number of fields -> the code of `lambda _cls, _0, ...: tuple.__new__(_cls, (_0, ...))`: written out
    #: up to 16 fields (compiled with this module: no compile() at start-up), compiled for more
    _tuple_new = tuple.__new__
    _NEW_CODE: dict[int, Any] = {len(f.__code__.co_varnames) - 1: f.__code__ for f in (
        lambda _cls: _tuple_new(_cls, ()),
        lambda _cls, _0: _tuple_new(_cls, (_0,)),
        lambda _cls, _0, _1: _tuple_new(_cls, (_0, _1)),
        lambda _cls, _0, _1, _2: _tuple_new(_cls, (_0, _1, _2)),
        lambda _cls, _0, _1, _2, _3: _tuple_new(_cls, (_0, _1, _2, _3)),
        lambda _cls, _0, _1, _2, _3, _4: _tuple_new(_cls, (_0, _1, _2, _3, _4)),
        lambda _cls, _0, _1, _2, _3, _4, _5: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5)),
        lambda _cls, _0, _1, _2, _3, _4, _5, _6: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6)),
        lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7)),
        lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8)),
        lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9)),
        lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10: _tuple_new(
            _cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10)),
        lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11: _tuple_new(
            _cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11)),
        lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12: _tuple_new(
            _cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12)),
        lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13: _tuple_new(
            _cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13)),
        lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14: _tuple_new(
            _cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14)),
        lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15: _tuple_new(
            _cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15)),
    )}
    _GLOBALS = {"_tuple_new": _tuple_new, "__builtins__": {}}

    def _arg_list(fields: tuple[str, ...]) -> str:
        return ", ".join(fields) + ("," if len(fields) == 1 else "")  # as collections writes it

    def _new(typename: str, fields: tuple[str, ...], defaults: tuple) -> Any:
        code = _NEW_CODE.get(len(fields))
        if code is None:
            args = "".join(f"_{i}, " for i in range(len(fields)))
            source = f"lambda _cls, {args}: _tuple_new(_cls, ({args}))"
            code = _NEW_CODE[len(fields)] = compile(source, "<namedtuple>", "eval").co_consts[0]
        new = FunctionType(code.replace(co_varnames=("_cls", *fields), co_name="__new__"), _GLOBALS, "__new__",
                           defaults or None)
        new.__qualname__ = f"{typename}.__new__"
        new.__doc__ = f"Create new instance of {typename}({_arg_list(fields)})"
        return new

    @classmethod  # type: ignore[misc]
    def _make(cls: Any, iterable: Any) -> Any:
        """Make a new object of the class from a sequence or iterable."""
        result = tuple.__new__(cls, iterable)
        if len(result) != len(cls._fields):
            raise TypeError(f"Expected {len(cls._fields)} arguments, got {len(result)}")
        return result

    def _replace(self: Any, /, **kwds: Any) -> Any:
        """Return a new object of the class replacing specified fields with new values."""
        result = self._make(map(kwds.pop, self._fields, self))
        if kwds:
            raise ValueError(f"Got unexpected field names: {list(kwds)!r}")
        return result

    def __repr__(self: Any) -> str:
        """Return a nicely formatted representation string"""
        return self.__class__.__name__ + "(" + ", ".join(
            f"{name}={value!r}" for name, value in zip(self._fields, self)) + ")"

    def _asdict(self: Any) -> dict:
        """Return a new dict which maps field names to their values."""
        return dict(zip(self._fields, self))

    def __getnewargs__(self: Any) -> tuple:
        """Return self as a plain tuple.  Used by copy and pickle."""
        return tuple(self)

    def _namedtuple(typename: str, fields: tuple[str, ...], defaults: tuple, module: str) -> Any:
        for name in fields:
            if name.startswith("_"):
                raise ValueError(f"Field names cannot start with an underscore: {name!r}")
        namespace = {"__doc__": f"{typename}({_arg_list(fields)})", "__slots__": (), "_fields": fields,
                     "_field_defaults": dict(zip(fields[len(fields) - len(defaults):], defaults)),
                     "__new__": _new(typename, fields, defaults), "_make": _make, "_replace": _replace,
                     "__repr__": __repr__, "_asdict": _asdict, "__getnewargs__": __getnewargs__,
                     "__match_args__": fields}
        for index, name in enumerate(fields):
            namespace[name] = _tuplegetter(index, sys.intern(f"Alias for field number {index}"))
        cls = type(typename, (tuple,), namespace)
        cls.__module__ = module
        return cls

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
            cls = _namedtuple(typename, tuple(annotations), tuple(ns[n] for n in defaults), ns["__module__"])
            cls.__annotations__ = cls.__new__.__annotations__ = dict(annotations)
            for key, value in ns.items():
                if key in _PROHIBITED:
                    raise AttributeError("Cannot overwrite NamedTuple attribute " + key)
                if key not in _SPECIAL and key not in cls._fields:
                    setattr(cls, key, value)
            return cls

    class NamedTuple(metaclass=_NamedTupleMeta):
        _authadvisor_root = True
