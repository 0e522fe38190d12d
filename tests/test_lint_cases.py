"""Golden cases as data: tests/cases/lint/<check-id>.yaml, each manifest with the exact findings
lint must give as (check, line, column). Every check has failing and passing cases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from authadvisor.lint import lint_text

CASES_DIR = Path(__file__).parent / "cases" / "lint"
TODAY = dt.date(2027, 1, 1)


def _load() -> list[tuple[str, dict]]:
    out = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["check"] == path.stem, f"{path.name} must hold the cases of check {path.stem}"
        for case in data["cases"]:
            out.append((data["check"], case))
    return out


CASES = _load()


def check_case(case: dict) -> list[tuple]:
    raw = case["manifest"].encode(case.get("encoding", "utf-8"))
    today = case.get("today", TODAY)
    if isinstance(today, str):
        today = dt.date.fromisoformat(today)
    report = lint_text(raw, "case.yaml", today=today)
    return [(f.check, f.line, f.column) for f in report.findings]


@pytest.mark.parametrize("check,case", CASES, ids=[f"{c}: {case['name']}" for c, case in CASES])
def test_golden_case(check: str, case: dict) -> None:
    expected = [tuple(e) for e in case["expect"]]
    assert check_case(case) == sorted(expected, key=lambda e: (e[1], e[2], e[0]))


def test_every_check_has_failing_and_passing_cases() -> None:
    from authadvisor.api import load_rules

    ids = [c.id for c in load_rules().table.checks]
    for check in ids:
        mine = [case for c, case in CASES if c == check]
        assert mine, f"no golden cases for check {check}: add tests/cases/lint/{check}.yaml"
        firing = [case for case in mine if any(e[0] == check for e in case["expect"])]
        passing = [case for case in mine if not any(e[0] == check for e in case["expect"])]
        assert firing, f"{check}: no case where it fires"
        assert passing, f"{check}: no case where it stays quiet"


def test_every_finding_position_is_inside_the_file() -> None:
    for _, case in CASES:
        raw = case["manifest"].encode(case.get("encoding", "utf-8"))
        lines = raw.count(b"\n") + 1
        for f in lint_text(raw, "case.yaml", today=TODAY).findings:
            assert 1 <= f.line <= lines and f.column >= 1, f.format()
            assert (f.span.end_line, f.span.end_column) >= (f.line, f.column), f.format()
