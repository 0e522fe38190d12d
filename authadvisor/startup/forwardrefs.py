"""The code typing compiles for the forward references in the libraries' annotations, kept across runs, so a
command does not compile the same few dozen strings at every start.

click and Jinja2 annotate their functions with strings (`t.Optional["Context"]`), evaluated as each `def`
runs, and typing.ForwardRef compiles every such string the moment it is made: 26 compiles while click
is imported and 48 more for Jinja2, ~250,000 instructions each (~6 million of `recommend`, ~18 million
of `snippets`). What a compile gives is a plain code object, the same bytes for the same string under
the same interpreter; this module keeps those.

- install() (the console script, before click or Jinja2 is imported) gives typing's module the `compile`
  that ForwardRef calls: for typing's own call (an expression, `<string>`, no flags) it returns the code
  kept for that string, else compiles it as the builtin would (with the flags of typing's own __future__
  imports, which a call from typing's code inherits) and notes it. Any other call goes to the builtin,
  with those same inherited flags.
- save() (when the command ends) keeps the code of the strings noted, compiled afresh and compared with
  the noted code, beside those kept already.

Only strings noted while a module is being imported are kept: annotations written in code, never text from
a manifest, a configuration file or the command line (a secret cannot land here). The file is named for
the interpreter (its version and build, bytecode tag and optimisation level), read only when it is the
current user's and its BLAKE2b-256 matches, written atomically; any problem (missing, foreign, corrupt,
unwritable, a typing that compiles otherwise) means compiling as usual. AUTHADVISOR_NO_CACHE=1 turns it
off. Nothing here runs when authadvisor is used as a library.
"""

from __future__ import annotations

import builtins
import os
import sys
from types import CodeType
from typing import Any, Optional

from ..resources import cache_dir, digest, read_sealed, write_sealed
from .regexcache import importing

FORMAT = 1
MAX_ENTRIES = 1000  #: kept per interpreter (the newest noted win)
_FILENAME, _MODE = "<string>", "eval"  #: what typing.ForwardRef compiles a reference as

_state: dict[str, Any] = {}  #: the installed hook: the process, the file, the kept and noted code


def cache_file() -> Optional[str]:
    """This interpreter's file of kept code, or None when caching is off."""
    folder = cache_dir()
    if folder is None:
        return None
    head = (f"authadvisor forwardrefs {FORMAT} python {sys.version} {sys.implementation.cache_tag} "
            f"optimize {sys.flags.optimize}")
    return os.path.join(folder, f"forwardrefs-{digest(head.encode()).hexdigest()[:32]}.marshal")


def read(path: str) -> dict[str, Any]:
    """The code kept in `path` by source string, or none when it is missing, someone else's, corrupt or of
    another shape."""
    entries = read_sealed(path)
    if type(entries) is not dict or not all(type(k) is str and type(v) is CodeType for k, v in entries.items()):
        return {}
    return entries


def inherited(module: Any) -> int:
    """The compiler flags a compile() called from `module`'s code inherits: those of its __future__ imports."""
    import __future__

    return sum(getattr(__future__, name).compiler_flag for name in __future__.all_feature_names
               if vars(module).get(name) is getattr(__future__, name))


def _compile(source: str, flags: int) -> Any:
    """What typing's `compile(source, "<string>", "eval")` gives (`flags`: typing's own, see inherited)."""
    return builtins.compile(source, _FILENAME, _MODE, flags, True)


def install() -> None:
    """Give typing's module the caching `compile`. Once per process; nothing when caching is off or this
    typing's ForwardRef does not compile its string with the builtin."""
    if _state:
        return
    import typing

    init = getattr(getattr(typing, "ForwardRef", None), "__init__", None)
    if "compile" not in getattr(getattr(init, "__code__", None), "co_names", ()) or "compile" in vars(typing):
        return
    path = cache_file()
    if path is None:
        return
    kept = read(path)
    noted: dict[str, Any] = {}
    flags_of_typing = inherited(typing)  # what the builtin, called from typing's code, would inherit

    def compile(source: Any, filename: Any, mode: Any, flags: Any = 0, dont_inherit: Any = False,
                optimize: Any = -1, **more: Any) -> Any:
        if (type(source) is not str or filename != _FILENAME or mode != _MODE or flags != 0
                or dont_inherit is not False or optimize != -1 or more):
            own = flags if dont_inherit else flags | flags_of_typing
            return builtins.compile(source, filename, mode, own, True, optimize, **more)
        code = kept.get(source)
        if code is None:
            code = _compile(source, flags_of_typing)  # a SyntaxError reaches typing, which words its own
            if importing(sys._getframe(1)):
                noted[source] = code
        return code

    typing.compile = compile  # type: ignore[attr-defined]
    _state.update(pid=os.getpid(), path=path, kept=kept, noted=noted, flags=flags_of_typing)


def save() -> None:
    """Keep the code of the strings noted since install(), beside what is kept already (the newest first,
    at most MAX_ENTRIES). Only in the process that installed it (never a forked worker), only when
    something is new; never raises."""
    try:
        if not _state or _state["pid"] != os.getpid() or not _state["noted"]:
            return
        fresh = {source: code for source, code in _state["noted"].items()
                 if _compile(source, _state.get("flags", 0)) == code}
        _state["noted"].clear()
        if not fresh:
            return
        entries = {**fresh, **{k: v for k, v in read(_state["path"]).items() if k not in fresh}}
        write_sealed(_state["path"], dict(list(entries.items())[:MAX_ENTRIES]))
    except Exception:  # noqa: BLE001 - caching is only an optimisation
        return
