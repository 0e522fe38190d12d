"""Invariants under random input: lint never crashes, every finding has a line and column inside the
file, no planted secret is ever printed, and output does not depend on the run or on parallelism."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from authadvisor.formats import FORMATS, formatter
from authadvisor.lint import lint_text
from tests.conftest import EXAMPLES, run_process
from tests.lintcorpus import SECRETS, make_corpus

TODAY = dt.date(2027, 1, 1)
SOURCES = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.*"))]
FRAGMENTS = ["\t", ":", ": ", "- ", "---\n", "&a ", "*a", "!!python/object ", "{", "}", "[", "]", '"', "'",
             "#", "\n", "  ", "<<: *a\n", "authadvisor", "caller", "social", "shared", "http://x", "? ",
             "|\n", "\x00", "\ufeff", "é", "waivers:\n  - check: x\n", "# authadvisor: ignore[schema] r",
             "1e9", "null", "~"]


def check_positions(text: str, report) -> None:
    lines = text.count("\n") + 1
    for f in report.findings:
        assert 1 <= f.line <= lines + 1, f.format()
        assert f.column >= 1 and f.span.end_line >= f.line, f.format()


@st.composite
def mutated(draw):
    text = draw(st.sampled_from(SOURCES))
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "replace", "duplicate-line"]))
        if kind == "insert":
            text = text[:i] + draw(st.sampled_from(FRAGMENTS) | st.text(max_size=5)) + text[i:]
        elif kind == "delete":
            text = text[:i] + text[i + draw(st.integers(1, 12)):]
        elif kind == "replace":
            text = text[:i] + draw(st.sampled_from(FRAGMENTS)) + text[i + draw(st.integers(1, 6)):]
        else:
            lines = text.split("\n")
            j = draw(st.integers(0, len(lines) - 1))
            text = "\n".join(lines[: j + 1] + [lines[j]] + lines[j + 1:])
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_text_mutations_never_crash(text: str) -> None:
    report = lint_text(text, "m.yaml", today=TODAY)
    check_positions(text, report)
    for fmt in FORMATS:
        out = formatter(fmt)(report)  # every format renders whatever was found
        assert isinstance(out, str) and (out or fmt == "github" and not report.findings)


#: credentials recognisable by their shape, wherever they are put
SHAPED = [SECRETS["jwt"], f"Basic {SECRETS['basic']}", SECRETS["md5"], f"http://u:{SECRETS['url-password']}@h.example",
          f"-----BEGIN PRIVATE KEY-----\n{SECRETS['pem']}\n-----END PRIVATE KEY-----\n"]
VALUES = st.sampled_from([None, True, 0, -1, 3.5, "", "x", "pos_terminal", "social", "shared", [], {},
                          ["social"], {"a": 1}, "http://insecure.example", "2027-13-45", *SHAPED])
PATHS = st.sampled_from([("authadvisor",), ("name",), ("integration",), ("integration", "caller"),
                         ("integration", "credentials"), ("integration", "customer_login"),
                         ("integration", "client_type"), ("auth",), ("auth", "method"), ("auth", "pkce"),
                         ("capillary", "base_url"), ("waivers",), ("waivers", 0), ("extra",), ("password",),
                         ("integration", "api_key")])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SOURCES), st.lists(st.tuples(PATHS, VALUES), min_size=1, max_size=4),
       st.sampled_from([("password",), ("integration", "api_key"), ("auth", "client_secret"),
                        ("x", "token")]))
def test_data_mutations_never_crash_or_leak(source: str, edits: list, secret_key: tuple) -> None:
    """Shaped credentials anywhere, and a plain password under a credential-named key: never printed."""
    data = yaml.safe_load(source)
    edits = [*edits, (secret_key, SECRETS["password"])]
    for path, value in edits:
        value = copy.deepcopy(value)  # the strategy's lists and dicts are shared between examples
        node = data
        for step in path[:-1]:
            if isinstance(node, dict):
                if not isinstance(node.get(step), (dict, list)):
                    node[step] = {}
                node = node[step]
            if not isinstance(node, (dict, list)):
                break
        else:
            last = path[-1]
            if isinstance(node, dict):
                node[last] = value
            elif isinstance(node, list):
                node.append(value)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    report = lint_text(text, "m.yaml", today=TODAY)
    check_positions(text, report)
    for fmt in FORMATS:
        out = formatter(fmt)(report)
        for secret in (SECRETS["jwt"], SECRETS["basic"], SECRETS["md5"], SECRETS["url-password"],
                       SECRETS["pem"], SECRETS["password"]):
            assert secret not in out


def test_recommend_agrees_with_lint_on_valid_examples() -> None:
    """A manifest lint finds clean is one `recommend` accepts, and the other way round."""
    from authadvisor.api import load_manifest

    for source in SOURCES:
        assert lint_text(source, today=TODAY).findings == ()
        load_manifest(source)


@pytest.mark.slow
def test_process_output_is_identical_across_runs_and_parallelism(tmp_path: Path) -> None:
    make_corpus(tmp_path)
    for i in range(40):  # enough files for several chunks
        (tmp_path / "many" / f"m{i:02d}.yaml").parent.mkdir(exist_ok=True)
        (tmp_path / "many" / f"m{i:02d}.yaml").write_text(
            f"authadvisor: 1\nname: m{i}\nintegration: {{caller: pos_central_server}}\n"
            "auth: {method: basic}\n")
    env = {"AUTHADVISOR_TODAY": "2027-01-01"}
    for fmt in FORMATS:
        serial = run_process(["lint", "--format", fmt], cwd=tmp_path, env={**env, "AUTHADVISOR_JOBS": "1"})
        again = run_process(["lint", "--format", fmt], cwd=tmp_path, env={**env, "AUTHADVISOR_JOBS": "1"})
        parallel = run_process(["lint", "--format", fmt], cwd=tmp_path, env={**env, "AUTHADVISOR_JOBS": "2"})
        assert serial.returncode == parallel.returncode == 1, serial.stderr
        assert serial.stdout == again.stdout == parallel.stdout, fmt
    summary = json.loads(run_process(["lint", "--format", "json"], cwd=tmp_path, env=env).stdout)["summary"]
    assert summary["files"] == 46
