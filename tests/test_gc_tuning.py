"""The console script's garbage-collector tuning (startup/collector.py): the first collection waits until
start-up is over and every later one comes at Python's own thresholds; a long run collects its cyclic
garbage. Each runs in its own interpreter, so this test process keeps its own collector (the exit:
test_quick_exit.py)."""

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


def test_the_console_script_tunes_it() -> None:
    out = _python("import atexit, gc, sys\n"
                  "import authadvisor.entry as entry\n"
                  "atexit.register(lambda: print(gc.get_threshold()[0], len(gc.callbacks)))\n"
                  f"sys.argv = ['authadvisor', 'recommend', {str(EXAMPLES / 'pos-terminal.yaml')!r}]\n"
                  "entry.main()\n")
    assert out.split()[-2:] == [str(collector.START_THRESHOLD), "1"]  # the first collection never came


def test_a_library_user_s_collector_is_untouched() -> None:
    out = _python("import gc, authadvisor\n"
                  "from authadvisor import load_manifest, load_rules, recommend\n"
                  f"recommend(load_manifest({str(EXAMPLES / 'pos-terminal.yaml')!r}), load_rules())\n"
                  "print(gc.get_threshold() == (700, 10, 10), gc.isenabled(), len(gc.callbacks))\n")
    assert out.split() == ["True", "True", "0"]
    assert collector.START_THRESHOLD > 35_000
