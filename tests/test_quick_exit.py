"""The console script ends the process without tearing the interpreter down (startup/quickexit.py), and
loses nothing an exit owes: all the output, through pipes too, the exit code, atexit handlers; and it
takes the normal exit when a thread would be waited for, the code is a message, or the output cannot be
flushed. Each case runs in its own interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import EXAMPLES, ROOT

#: an object that says when the interpreter tears its module down: the normal exit does, the quick one not
TORN_DOWN = ("import sys\n"
             "class Witness:\n"
             "    def __del__(self): sys.stderr.write('torn down')\n"
             "witness = Witness()\n"
             "from authadvisor.startup import quickexit\n")


#: output buffered, as it is by default (a test runner may set PYTHONUNBUFFERED)
BUFFERED = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", TORN_DOWN + code], capture_output=True, cwd=ROOT, timeout=120,
                          env=BUFFERED)


def test_leaving_quickly_keeps_the_output_the_atexit_handlers_and_the_code() -> None:
    done = _python("import atexit\n"
                   "atexit.register(lambda: print('handler ran'))\n"
                   "sys.stdout.write('x' * 1_000_000)\n"  # still buffered, no newline
                   "sys.stderr.write('to stderr ')\n"
                   "quickexit.leave(3)\n")
    assert done.returncode == 3
    assert done.stdout == b"x" * 1_000_000 + b"handler ran\n"
    assert done.stderr == b"to stderr "  # no teardown: the quick way was taken


@pytest.mark.parametrize("code, status", [(None, 0), (0, 0), (1, 1), (2, 2), (130, 130), (256, 0), (-1, 255)])
def test_the_exit_status_is_the_normal_exit_s(code, status) -> None:
    quick = _python(f"quickexit.leave({code!r})\n")
    plain = subprocess.run([sys.executable, "-c", f"import sys; sys.exit({code!r})"], timeout=60)
    assert quick.returncode == plain.returncode == status
    assert quick.stderr == b""


def test_a_message_a_huge_code_or_a_waited_for_thread_take_the_normal_exit() -> None:
    message = _python("quickexit.leave('no manifest given')\n")
    assert (message.returncode, message.stderr) == (1, b"no manifest given\ntorn down")
    huge = _python("quickexit.leave(2 ** 40)\n")
    assert huge.stderr.endswith(b"torn down")
    plain = subprocess.run([sys.executable, "-c", "import sys; sys.exit(2 ** 40)"], capture_output=True, timeout=60)
    assert huge.returncode == plain.returncode
    thread = _python("import threading, time\n"
                     "def late(): time.sleep(0.3); print('thread finished')\n"
                     "threading.Thread(target=late).start()\n"
                     "quickexit.leave(4)\n")
    assert (thread.returncode, thread.stdout, thread.stderr) == (4, b"thread finished\n", b"torn down")
    daemon = _python("import threading, time\n"
                     "threading.Thread(target=time.sleep, args=(30,), daemon=True).start()\n"
                     "quickexit.leave(5)\n")
    assert (daemon.returncode, daemon.stderr) == (5, b"")  # a daemon is not waited for, by either exit


def test_output_that_cannot_be_flushed_takes_the_normal_exit() -> None:
    done = _python("import os\n"
                   "sys.stdout.write('pending')\n"
                   "os.close(1)\n"  # the reader went away
                   "quickexit.leave(0)\n")
    assert done.stderr.endswith(b"torn down")
    assert done.returncode == 120  # what CPython's exit gives when it cannot flush stdout


def _console(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "authadvisor", *args], capture_output=True, cwd=ROOT, timeout=120,
                          env=BUFFERED)


def test_the_console_script_exits_quickly_with_every_exit_code(tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("integration:\n  name: x\n  cliennt_type: pos\n")
    assert _console("recommend", str(EXAMPLES / "pos-terminal.yaml")).returncode == 0
    assert _console("lint", str(bad)).returncode == 1
    usage = _console("lint", "--format", "nonsense", str(bad))
    assert usage.returncode == 2 and b"Traceback" not in usage.stderr


def test_all_the_output_reaches_a_pipe_and_a_file(tmp_path) -> None:
    out = tmp_path / "report.json"
    to_file = _console("lint", "--format", "json", "-o", str(out), str(EXAMPLES))
    piped = _console("lint", "--format", "json", str(EXAMPLES))
    assert to_file.returncode == piped.returncode
    assert piped.stdout == out.read_bytes() and json.loads(piped.stdout)


def test_a_reader_that_goes_away_gets_no_traceback() -> None:
    """`authadvisor snippets x.yaml | head -c 1`: the ~140 KB of snippets overflow the pipe, so the write
    meets the closed end: exit 1 with nothing on stderr, as before the quick exit."""
    reader = subprocess.Popen([sys.executable, "-m", "authadvisor", "snippets", str(EXAMPLES / "pos-terminal.yaml")],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=BUFFERED)
    assert reader.stdout is not None and reader.stderr is not None
    assert reader.stdout.read(1) == b"="
    reader.stdout.close()
    err = reader.stderr.read()
    assert (reader.wait(timeout=120), err) == (1, b"")
