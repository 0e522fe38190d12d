"""The shareable link's codec (templates/ask/ui.js), run under node: a link is attacker-controlled input,
so decoding any fragment never throws and gives plain strings or null; encoding then decoding any answers
gives them back exactly."""

from __future__ import annotations

import json
import subprocess

from conftest import ROOT, need_tool
from hypothesis import example, given, settings
from hypothesis import strategies as st

UI = ROOT / "templates" / "ask" / "ui.js"
DRIVER = r"""
globalThis.localStorage = undefined;
require(process.argv[1]);
const UI = globalThis.AuthAdvisorUI;
let input = "";
process.stdin.on("data", (c) => { input += c; });
process.stdin.on("end", () => {
  const { fragments, pairs } = JSON.parse(input);
  const decoded = fragments.map((f) => UI.decodeAnswers(f));
  const roundTrip = UI.decodeAnswers("#" + UI.encodeAnswers(pairs));
  process.stdout.write(JSON.stringify({ decoded, roundTrip }));
});
"""

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


def node(payload: dict) -> dict:
    proc = subprocess.run([need_tool("node"), "-e", DRIVER, str(UI)], input=json.dumps(payload).encode(),
                          capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout)


@settings(max_examples=12, deadline=None)
@example(fragments=["#__proto__=x&constructor=y", "#a=%E0%A4%A", "#=x&&=&caller"],
         pairs=[("__proto__", "polluted"), ("caller", "pos_terminal")])
@given(fragments=st.lists(st.one_of(texts, st.builds(lambda a, b: f"#{a}={b}%{b}&{a}", texts, texts)), max_size=20),
       pairs=st.lists(st.tuples(texts.filter(bool), texts), max_size=8))
def test_any_fragment_decodes_safely_and_answers_round_trip(fragments, pairs):
    out = node({"fragments": fragments, "pairs": pairs})
    for decoded in out["decoded"]:
        assert decoded is None or all(isinstance(v, str) for v in decoded.values())
    assert out["roundTrip"] == (dict(pairs) if pairs else None)
