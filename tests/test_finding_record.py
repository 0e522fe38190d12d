"""Finding is a plain slotted class (no dataclass to create at start-up): it behaves as the frozen
dataclass it replaced, field for field. The reference dataclass below is that old definition."""

from __future__ import annotations

import copy
import pickle
from dataclasses import FrozenInstanceError, dataclass, field
from dataclasses import replace as dc_replace
from typing import Optional

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from authadvisor.findings import UNKNOWN_SPAN, Finding, Span
from authadvisor.inert import inert
from authadvisor.manifest.credentials import redact


@dataclass(frozen=True)
class Reference:
    check: str
    severity: str
    message: str
    file: str = "<input>"
    span: Span = UNKNOWN_SPAN
    rule: Optional[str] = None
    path: tuple = field(default=(), compare=False)
    omitted: int = field(default=0, compare=False)
    fingerprint: Optional[str] = field(default=None, compare=False)

    def __post_init__(self) -> None:
        safe = inert(redact(self.message))
        if safe != self.message:
            object.__setattr__(self, "message", safe)


TEXT = st.text(max_size=60) | st.sampled_from(["password: hunter2hunter2", "\x1b[31mred\x1b[0m",
                                              "Bearer abc123def456ghi"])
SPANS = st.builds(Span, st.integers(1, 9), st.integers(1, 9), st.integers(1, 9), st.integers(1, 9))
ARGS = st.tuples(st.sampled_from(["a", "b"]), st.sampled_from(["error", "info"]), TEXT,
                 st.sampled_from(["x.yaml", "<input>"]), SPANS, st.none() | st.just("r"),
                 st.sampled_from([(), ("a", 1)]), st.integers(0, 3),
                 st.none() | st.just("f" * 20))


def fields(obj) -> tuple:
    return tuple(getattr(obj, n) for n in ("check", "severity", "message", "file", "span", "rule", "path",
                                           "omitted", "fingerprint"))


@settings(max_examples=300, deadline=None)
@given(ARGS, ARGS)
def test_a_finding_is_the_dataclass_it_was(a, b) -> None:
    fa, fb, ra, rb = Finding(*a), Finding(*b), Reference(*a), Reference(*b)
    assert fields(fa) == fields(ra)
    assert (fa == fb) == (ra == rb)
    assert (hash(fa) == hash(fb)) if ra == rb else True
    assert repr(fa) == repr(ra).replace("Reference(", "Finding(", 1)
    assert fields(fa.replace(check="z", omitted=7)) == fields(dc_replace(ra, check="z", omitted=7))
    assert fields(pickle.loads(pickle.dumps(fa))) == fields(fa)
    assert fields(copy.deepcopy(fa)) == fields(fa)
    assert pickle.loads(pickle.dumps(fa)) == fa


def test_a_finding_is_immutable_and_unequal_to_other_types() -> None:
    f = Finding("a", "error", "m")
    with pytest.raises(AttributeError):
        f.message = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del f.check
    with pytest.raises(FrozenInstanceError):
        Reference("a", "error", "m").message = "x"  # type: ignore[misc]
    assert f != ("a", "error", "m") and f != Reference("a", "error", "m")
    assert not hasattr(f, "__dict__")
    assert Finding("a", "error", "m", path=("x",), omitted=2, fingerprint="f") == f  # not compared, as before
