"""Ending the process once the command is done, without tearing the interpreter down object by object.

A normal exit clears every module and makes a last garbage collection over what is left: ~10% of a
short command (recommend, lint on one file), spent only for the process to hand its memory back to the
system anyway. leave() ends the process the way mypy does (`os._exit` once the output is flushed), and
keeps what an exit owes: standard output and error flushed, atexit handlers run (weakref finalizers,
temporary directories, multiprocessing's cleanup, coverage), then the exit code. It takes the normal
exit instead when it cannot stand for one: an exit code that is not a number (SystemExit("message")),
a thread other than the main one that the interpreter would wait for, or output that cannot be flushed
(a closed pipe: the normal exit then reports it as before).

Every file the commands write is closed before they return (with-blocks and atomic replaces), so
nothing waits for a finalizer. Nothing here runs when authadvisor is used as a library.
"""

from __future__ import annotations

import atexit
import os
import sys
from typing import Any, NoReturn


def _waited_for() -> bool:
    """Is a thread running that a normal exit would wait for (not a daemon, not the main thread)?"""
    threading = sys.modules.get("threading")
    if threading is None:
        return False
    main = threading.main_thread()
    return any(t is not main and not t.daemon and t.is_alive() for t in threading.enumerate())


def _flushed() -> bool:
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except Exception:  # noqa: BLE001 - e.g. a closed pipe: the normal exit reports it
            return False
    return True


def leave(code: Any) -> NoReturn:
    """End the process with `code` (SystemExit's): quickly when it can, else by raising SystemExit."""
    status = 0 if code is None else code
    if type(status) is not int or not -(2**31) <= status < 2**31 or _waited_for() or not _flushed():
        raise SystemExit(code)
    atexit._run_exitfuncs()  # type: ignore[attr-defined] # what the normal exit runs first
    if not _flushed():  # a handler wrote and the stream refuses it now: as the normal exit would report
        raise SystemExit(code)
    os._exit(status)
