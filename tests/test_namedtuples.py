"""authadvisor.namedtuples.NamedTuple builds, from the same class body, the class typing.NamedTuple
builds: the same fields, defaults, docstring, methods, names, pickling and errors; only the annotations
stay as written. And every NamedTuple in the package is one of ours."""

from __future__ import annotations

import copy
import importlib
import inspect
import pickle
import pkgutil
import typing

import pytest

import authadvisor
from authadvisor.startup.namedtuples import NamedTuple

BODY = '''
class Point(Base):
    """A point."""
    x: int
    y: typing.Optional[int] = None
    tags: tuple = ()

    def norm(self):
        return abs(self.x) + abs(self.y or 0)

    @property
    def label(self):
        return f"{self.x},{self.y}"

    def __eq__(self, other):
        return type(other) is type(self) and tuple.__eq__(self, other)

    __hash__ = tuple.__hash__
'''


def _build(base, body=BODY, name="Point"):
    space = {"Base": base, "typing": typing, "__name__": __name__}
    exec(body, space)  # noqa: S102 - the test's own class body
    return space[name]


def test_the_same_class_as_typing_s() -> None:
    ours, theirs = _build(NamedTuple), _build(typing.NamedTuple)
    assert ours.__mro__[1:] == theirs.__mro__[1:] == (tuple, object)
    for attr in ("_fields", "_field_defaults", "__doc__", "__module__", "__qualname__", "__name__"):
        assert getattr(ours, attr) == getattr(theirs, attr), attr
    assert list(ours.__annotations__) == list(theirs.__annotations__) == ["x", "y", "tags"]
    assert ours.__annotations__["y"] == "typing.Optional[int]"  # as written: not evaluated
    for args, kwargs in [((1,), {}), ((1, 2), {}), ((), {"x": 3, "tags": ("a",)}), ((1, 2, ("t",)), {})]:
        a, b = ours(*args, **kwargs), theirs(*args, **kwargs)
        assert tuple(a) == tuple(b) and repr(a) == repr(b) and a.norm() == b.norm() and a.label == b.label
        assert a._asdict() == b._asdict() and tuple(a._replace(x=9)) == tuple(b._replace(x=9))
        assert a == ours(*args, **kwargs) and (a == b) is False and hash(a) == hash(tuple(a))
        assert tuple(ours._make(list(a))) == tuple(a)
    assert ours.__match_args__ == theirs.__match_args__
    assert [(p.name, p.kind, p.default) for p in inspect.signature(ours).parameters.values()] == [
        (p.name, p.kind, p.default) for p in inspect.signature(theirs).parameters.values()]  # not annotations
    assert ours.__new__.__doc__ == theirs.__new__.__doc__
    assert ours.__new__.__defaults__ == theirs.__new__.__defaults__
    assert ours.__new__.__qualname__ == theirs.__new__.__qualname__ == "Point.__new__"
    for bad in [lambda c: c(), lambda c: c(1, 2, 3, 4), lambda c: c(1, x=2), lambda c: c(1, z=2),
                lambda c: c._make([1]), lambda c: c(1)._replace(z=3)]:
        with pytest.raises(Exception) as mine:
            bad(ours)
        with pytest.raises(Exception) as typings:
            bad(theirs)
        assert (type(mine.value), str(mine.value)) == (type(typings.value), str(typings.value))
    point = ours(1, 2, ("a",))
    assert copy.copy(point) == point and copy.deepcopy(point) == point and point.__getnewargs__() == (1, 2, ("a",))


FIELDS = [(), ("a",), ("a", "b"), tuple("abcdefghijklmn"), tuple("abcdefghijklmnop"), tuple("abcdefghijklmnopq"),
          tuple("abcdefghijklmnopqrstuvwxy")]


@pytest.mark.parametrize("fields", FIELDS, ids=lambda f: f"{len(f)}-fields")
def test_every_number_of_fields(fields) -> None:
    body = "class Plain(Base):\n" + ("".join(f"    {f}: int\n" for f in fields) or "    pass\n")
    ours, theirs = _build(NamedTuple, body, "Plain"), _build(typing.NamedTuple, body, "Plain")
    values = tuple(range(len(fields)))
    assert ours.__doc__ == theirs.__doc__ and ours._fields == theirs._fields == fields
    assert ours.__new__.__doc__ == theirs.__new__.__doc__
    assert repr(ours(*values)) == repr(theirs(*values)) and ours(*values) == values
    assert ours(**dict(zip(fields, values))) == theirs(**dict(zip(fields, values)))
    assert [getattr(ours(*values), f) for f in fields] == list(values)
    assert ours.a.__doc__ == theirs.a.__doc__ if fields else True


@pytest.mark.parametrize("fields", FIELDS, ids=lambda f: f"{len(f)}-fields")
def test_nothing_is_compiled_up_to_16_fields(fields, monkeypatch: pytest.MonkeyPatch) -> None:
    """The `__new__` code of up to 16 fields is written out in the module: no compile() at start-up (the
    first in a process costs ~300,000 instructions). More fields are compiled, once per number of fields."""
    from authadvisor.startup import namedtuples

    compiled: list = []
    real = compile
    monkeypatch.setattr(namedtuples, "compile", lambda *a: compiled.append(a) or real(*a), raising=False)
    monkeypatch.setattr(namedtuples, "_NEW_CODE", {n: c for n, c in namedtuples._NEW_CODE.items() if n <= 16})
    body = "class Plain(Base):\n" + ("".join(f"    {f}: int\n" for f in fields) or "    pass\n")
    for _ in range(2):
        assert _build(NamedTuple, body, "Plain")(*range(len(fields))) == tuple(range(len(fields)))
    assert len(compiled) == (1 if len(fields) > 16 else 0)


def test_the_same_errors_as_typing_s() -> None:
    bodies = ["class Bad(Base):\n    a: int = 1\n    b: int\n",
              "class Bad(Base):\n    a: int\n    def _asdict(self): pass\n",
              "class Bad(Base):\n    _a: int\n"]
    for body in bodies:
        with pytest.raises(Exception) as ours:
            _build(NamedTuple, body, "Bad")
        with pytest.raises(Exception) as theirs:
            _build(typing.NamedTuple, body, "Bad")
        assert (type(ours.value), str(ours.value)) == (type(theirs.value), str(theirs.value))
    with pytest.raises(TypeError):
        _build(NamedTuple, "class Bad(Base, dict):\n    a: int\n", "Bad")


Picklable = _build(NamedTuple)


def test_instances_pickle_by_name() -> None:
    Picklable.__qualname__ = "Picklable"
    point = Picklable(1, 2)
    assert pickle.loads(pickle.dumps(point)) == point


def test_every_named_tuple_in_the_package_is_ours() -> None:
    found = 0
    for info in pkgutil.walk_packages(authadvisor.__path__, "authadvisor."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == module.__name__ and hasattr(value, "_fields"):
                found += 1
                assert typing.get_origin(value) is None and value.__annotations__
                assert "typing" not in type(value.__new__.__annotations__).__module__
                with open(module.__file__, encoding="utf-8") as source:
                    assert "from typing import NamedTuple" not in source.read()
    assert found >= 20
