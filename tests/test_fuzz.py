"""No traceback, ever (issue 11): a seeded, bounded fuzz budget through every entry point, in CI.
benchmarks/fuzz_run.py runs the same fuzzer longer. See tests/fuzzkit.py for the inputs and what fails."""

from __future__ import annotations

import fuzzkit


def test_hostile_inputs_never_give_a_traceback_a_bad_exit_code_or_a_slow_run(tmp_path) -> None:
    stats = fuzzkit.fuzz(tmp_path, seed=2026, manifests=60, answers=20, configs=9, tables=3)
    assert stats.runs > 850  # 60 manifests x 14 entry points, 20 answers, 9 configs x 2, 3 tables x 3
    assert set(stats.by_exit) <= {0, 1, 2}
    assert stats.by_exit.get(1, 0) > stats.by_exit.get(0, 0)  # the inputs really are hostile
    problems = [f"{f.entry} {f.args}: {f.problem}" for f in stats.failures]
    assert not problems, "\n".join(problems[:5])


def test_the_fuzzer_is_deterministic() -> None:
    assert list(fuzzkit.manifest_inputs(3, 20)) == list(fuzzkit.manifest_inputs(3, 20))
    assert list(fuzzkit.config_inputs(3, 6)) == list(fuzzkit.config_inputs(3, 6))


def test_the_fuzzer_finds_a_traceback(tmp_path, monkeypatch) -> None:
    """It can fail: with the loader's tag check undone (what main did before issue 11), it reports the
    traceback that `!!bool maybe` gave."""
    from authadvisor.manifest import safeyaml

    monkeypatch.setattr(safeyaml, "_bad_tagged_value", lambda node: (_ for _ in ()).throw(KeyError(node.value)))
    stats = fuzzkit.Stats()
    runner = fuzzkit.Runner(tmp_path, stats)
    raw = b"authadvisor: 1\nname: acme\nintegration: {caller: partner_app}\nauth:\n  pkce: !!bool maybe\n"
    fuzzkit.run_manifest(runner, raw, 0)
    assert stats.failures and all("KeyError" in f.problem or "SARIF" in f.problem for f in stats.failures)


def test_text_output_has_no_raw_control_character(tmp_path) -> None:
    stats = fuzzkit.Stats()
    runner = fuzzkit.Runner(tmp_path, stats)
    raw = b'authadvisor: 1\nname: acme\nintegration: {caller: pos_terminal}\n"x\\e]0;t\\a": 1\n'
    path = tmp_path / "m.yaml"
    path.write_bytes(raw)
    for args in (["lint", str(path)], ["lint", str(path), "--format", "github"], ["recommend", str(path)]):
        runner.run(" ".join(args[:1]), args, raw, inert=True)
    assert not stats.failures, stats.failures
