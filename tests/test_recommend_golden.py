"""Golden recommend cases, kept as data beside the rules (rules/tests/builtin.yaml)."""

from __future__ import annotations

import pytest
import yaml
from conftest import ROOT

from authadvisor import ManifestError, load_manifest, recommend

CASES = yaml.safe_load((ROOT / "rules" / "tests" / "builtin.yaml").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_golden(case: dict) -> None:
    """Through the library API (the same cases run through `authadvisor rules test` too)."""
    expect = case["expect"]
    if "error" in expect:
        with pytest.raises(ManifestError) as info:
            load_manifest(case["manifest"])
        assert {f.check for f in info.value.findings} == {expect["error"]}
        return
    rec = recommend(load_manifest(case["manifest"]))
    assert (rec.method, rec.scenario, rec.rule) == (expect["method"], expect["scenario"], expect["rule"])
    notes = {n.id for n in rec.requirements} | {n.id for n in rec.warnings}
    assert set(expect.get("requirements", [])) <= {n.id for n in rec.requirements}
    assert set(expect.get("warnings", [])) <= {n.id for n in rec.warnings}
    assert not set(expect.get("absent", [])) & notes


def test_every_caller_has_a_golden_case() -> None:
    from authadvisor.manifest.vocab import CALLERS

    covered = set()
    for case in CASES:
        if "error" not in case["expect"]:
            covered.add(load_manifest(case["manifest"]).integration.caller)
    assert covered == set(CALLERS)


def test_every_example_recommends_its_declared_method() -> None:
    examples = sorted((ROOT / "examples").glob("*.*"))
    assert len(examples) >= 7
    scenarios = set()
    for path in examples:
        manifest = load_manifest(path)
        rec = recommend(manifest)
        assert manifest.auth is not None and manifest.auth.method == rec.method, path.name
        scenarios.add(rec.scenario)
    assert len(scenarios) == 8  # one example per scenario at least
