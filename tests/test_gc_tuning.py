"""The console script's garbage-collector tuning (startup/collector.py): the first collection waits until
start-up is over, every later one comes at Python's own thresholds, and the exit still finalizes cyclic
garbage. Each runs in its own interpreter, so this test process keeps its own collector."""

from __future__ import annotations

import subprocess
import sys

from conftest import EXAMPLES, ROOT

from authadvisor.startup import collector


def _python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_first_collection_waits_then_python_s_own_thresholds_apply() -> None:
    out = _python(
        "import gc\n"
        "from authadvisor.startup import collector\n"
        "default = gc.get_threshold()\n"
        "collector.defer(); collector.defer()\n"  # once per process
        "print(gc.get_threshold()[0] == collector.START_THRESHOLD, gc.get_threshold()[1:] == default[1:])\n"
        "before = gc.get_stats()[0]['collections']\n"
        "kept = [[] for _ in range(collector.START_THRESHOLD // 2)]\n"
        "print(gc.get_stats()[0]['collections'] == before)\n"  # start-up sized work: no collection
        "kept += [[] for _ in range(collector.START_THRESHOLD)]\n"
        "print(gc.get_stats()[0]['collections'] > before, gc.get_threshold() == default, len(gc.callbacks))\n"
        "after = gc.get_stats()[0]['collections']\n"
        "kept += [[] for _ in range(10 * default[0])]\n"
        "print(gc.get_stats()[0]['collections'] - after >= 9)\n")  # at the default rate again
    assert out.split() == ["True", "True", "True", "True", "True", "0", "True"]


def test_cyclic_garbage_is_collected_in_a_long_run() -> None:
    out = _python(
        "import gc, weakref\n"
        "from authadvisor.startup import collector\n"
        "collector.defer()\n"
        "class Node: pass\n"
        "refs = []\n"
        "for _ in range(3 * collector.START_THRESHOLD):\n"
        "    n = Node(); n.me = n; refs.append(weakref.ref(n)); del n\n"
        "print(sum(r() is not None for r in refs) < collector.START_THRESHOLD)\n")
    assert out.split() == ["True"]


def test_the_exit_still_finalizes_cyclic_garbage() -> None:
    out = _python(
        "import sys\n"
        "from authadvisor.startup import collector\n"
        "class Flushed:\n"
        "    def __del__(self): sys.stdout.write('finalized'); sys.stdout.flush()\n"
        "cycle = Flushed(); cycle.me = cycle; del cycle\n"
        "collector.skip_exit_collection()\n")
    assert out == "finalized"


def test_the_console_script_tunes_it_and_its_output_is_unchanged(tmp_path) -> None:
    example = str(EXAMPLES / "pos-terminal.yaml")
    probe = (
        "import gc, sys\n"
        "import authadvisor.entry as entry\n"
        "sys.argv = ['authadvisor', 'recommend', sys.argv[1]]\n"
        "try:\n"
        "    entry.main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write(f'{gc.isenabled()} {len(gc.callbacks)}')\n")
    tuned = subprocess.run([sys.executable, "-c", probe, example], capture_output=True, text=True, cwd=tmp_path,
                           timeout=120)
    plain = subprocess.run([sys.executable, "-m", "authadvisor", "recommend", example], capture_output=True,
                           text=True, cwd=tmp_path, timeout=120)
    assert tuned.stderr == "False 1"  # collection off for the exit; the first collection never came
    assert tuned.stdout == plain.stdout and plain.returncode == 0


def test_a_library_user_s_collector_is_untouched() -> None:
    out = _python("import gc, authadvisor\n"
                  "from authadvisor import load_manifest, load_rules, recommend\n"
                  f"recommend(load_manifest({str(EXAMPLES / 'pos-terminal.yaml')!r}), load_rules())\n"
                  "print(gc.get_threshold() == (700, 10, 10), gc.isenabled(), len(gc.callbacks))\n")
    assert out.split() == ["True", "True", "0"]
    assert collector.START_THRESHOLD > 35_000
