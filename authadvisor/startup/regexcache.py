"""Compiled regular expressions kept across runs, so a command does not recompile the same patterns at every
start.

Every start compiles the same few dozen module-level patterns: PyYAML's reader (one character class over
all of Unicode: ~10 ms on its own), its resolver and constructor, `platform` (imported by click), click,
and ours. `re` compiles in pure Python, and that was ~20 ms of `recommend`'s ~160. What it produces, a
program of integers handed to `_sre.compile`, is plain data; this module keeps it (as the bytes of its
32-bit code units: one bytes object a pattern, loaded without a Python object per unit).

- install() (the console script, before click or PyYAML is imported) seeds `re`'s own cache with the
  programs kept for this interpreter, so `re.compile` finds each pattern as though this process had
  compiled it already, and starts noting the patterns it still has to compile.
- save() (when the command ends) stores the programs of the patterns noted, after checking each is the
  program `re` itself builds (compiled afresh and compared: the code, flags and groups).

Only patterns compiled while a module is being imported are kept: text written in code, never one built
from a manifest, a configuration file or the command line at run time (a secret cannot land here). Entries
live in resources.cache_dir(), in a file named for the interpreter (its version and build, the regex
engine's magic number and code size); the file is read only when it is the current user's and its
BLAKE2b-256 matches, written atomically, and any problem (missing, foreign, corrupt, unwritable, an
interpreter whose `re` works otherwise) means the patterns are compiled as usual. AUTHADVISOR_NO_CACHE=1
turns it off. Nothing here runs when authadvisor is used as a library.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any, Optional

from ..resources import cache_dir, digest, read_sealed, write_sealed

FORMAT = 2
MAX_ENTRIES = 400  #: kept per interpreter (re's own cache holds 512): the most recently noted win
#: flags whose program is not plain data of the pattern (the locale's, debug output, a deprecated flag)
_UNKEPT = re.LOCALE | re.DEBUG | getattr(re, "TEMPLATE", 0)
_UNIT = 4  #: bytes per code unit: _sre's code size, one native C unsigned int (memoryview format I)

Entry = tuple  #: (pattern, flags, final flags, code as native uint32 bytes, groups, groupindex, indexgroup)

_state: dict[str, Any] = {}  #: the installed recorder: the process, the file, noted patterns


def _engine() -> Optional[tuple[Any, Any, Any]]:
    """(_sre, re._parser, re._compiler) where `re` compiles the way this module knows (Python >= 3.11),
    else None."""
    try:
        import _sre

        parser, compiler = re._parser, re._compiler  # type: ignore[attr-defined]
        cache = re._cache  # type: ignore[attr-defined]
    except (ImportError, AttributeError):
        return None
    if not (isinstance(cache, dict) and callable(getattr(compiler, "_code", None))
            and callable(getattr(_sre, "compile", None)) and getattr(_sre, "CODESIZE", None) == _UNIT
            and memoryview(bytes(_UNIT)).cast("I").itemsize == _UNIT):
        return None
    return _sre, parser, compiler


def cache_file() -> Optional[str]:
    """This interpreter's file of kept programs, or None when caching is off."""
    folder = cache_dir()
    engine = _engine()
    if folder is None or engine is None:
        return None
    sre = engine[0]
    head = (f"authadvisor regex {FORMAT} python {sys.version} {sys.implementation.cache_tag} "
            f"{sys.maxunicode} {sys.byteorder} sre {getattr(sre, 'MAGIC', '')} {getattr(sre, 'CODESIZE', '')}")
    return os.path.join(folder, f"regex-{digest(head.encode()).hexdigest()[:32]}.marshal")


def _key(entry: Entry) -> tuple:
    return (type(entry[0]), entry[0], entry[1])


def _build(entry: Entry) -> Any:
    """The compiled pattern of an entry (what re._compiler.compile returns for its pattern and flags)."""
    import _sre

    pattern, _flags, final, code, groups, groupindex, indexgroup = entry
    return _sre.compile(pattern, final, memoryview(code).cast("I").tolist(), groups, groupindex, indexgroup)


def _valid(entry: Any) -> bool:
    if not (type(entry) is tuple and len(entry) == 7):
        return False
    pattern, flags, final, code, groups, groupindex, indexgroup = entry
    return (type(pattern) in (str, bytes) and type(flags) is int and type(final) is int
            and type(code) is bytes and len(code) % _UNIT == 0 and type(groups) is int
            and type(groupindex) is dict and type(indexgroup) is tuple and not flags & _UNKEPT)


def read(path: str) -> list[Entry]:
    """The entries kept in `path`, or none when it is missing, someone else's, corrupt or of another
    shape."""
    entries = read_sealed(path)
    if type(entries) is not list or not all(_valid(e) for e in entries):
        return []
    return entries


def program(pattern: Any, flags: int) -> Optional[Entry]:
    """The entry for a pattern: its program as `re` builds it, checked against a fresh compile (None when
    they differ in anything, or the pattern is not one to keep)."""
    engine = _engine()
    if engine is None or type(pattern) not in (str, bytes) or type(flags) is not int or flags & _UNKEPT:
        return None
    _sre, parser, compiler = engine
    try:
        parsed = parser.parse(pattern, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[Optional[str]] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        code = b"".join(int(c).to_bytes(_UNIT, sys.byteorder) for c in compiler._code(parsed, flags))
        entry = (pattern, flags, int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex,
                 tuple(indexgroup))
        built, fresh = _build(entry), compiler.compile(pattern, flags)
    except Exception:  # noqa: BLE001 - a pattern re refuses, or an engine unlike this one: not kept
        return None
    same = (built == fresh and built.flags == fresh.flags and built.groups == fresh.groups
            and built.groupindex == fresh.groupindex)
    return entry if same else None


def importing(frame: Any) -> bool:
    """Is a module being imported below this frame (its body runs under importlib's frames)?"""
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib._bootstrap"):
            return True
        frame = frame.f_back
    return False


def install() -> None:
    """Seed re's cache with the kept programs, and note the patterns compiled during imports from now on.
    Once per process; nothing when caching is off or this interpreter's `re` is not one it knows."""
    if _state:
        return
    path = cache_file()
    if path is None:
        return
    cache = re._cache  # type: ignore[attr-defined]
    try:
        built = [(_key(e), _build(e)) for e in read(path)]
    except Exception:  # noqa: BLE001 - a program the engine refuses: compile everything as usual
        built = []
    for key, compiled in built:
        cache.setdefault(key, compiled)
    original = re._compile  # type: ignore[attr-defined]
    noted: list[tuple[Any, Any]] = []

    def compile_noting(pattern: Any, flags: Any = 0) -> Any:
        try:
            new = (type(pattern), pattern, flags) not in cache
        except TypeError:  # not a pattern at all: re says why
            new = False
        if new and importing(sys._getframe(1)):
            noted.append((pattern, flags))
        return original(pattern, flags)

    re._compile = compile_noting  # type: ignore[attr-defined]
    _state.update(pid=os.getpid(), path=path, noted=noted)


def save() -> None:
    """Store the programs of the patterns noted since install(), beside those already kept (the newest
    first, at most MAX_ENTRIES). Only in the process that installed it (never a forked worker), only when
    something is new; never raises."""
    try:
        if not _state or _state["pid"] != os.getpid() or not _state["noted"]:
            return
        fresh: dict[tuple, Entry] = {}
        for pattern, given in _state["noted"]:
            flags = int(given) if isinstance(given, int) else given  # a RegexFlag is keyed by its value
            key = (type(pattern), pattern, flags)
            if key not in fresh:  # (a noted pattern was not in re's cache: never one seeded)
                entry = program(pattern, flags)
                if entry is not None:
                    fresh[key] = entry
        _state["noted"].clear()
        if not fresh:
            return
        path = _state["path"]
        entries = list(fresh.values()) + [e for e in read(path) if _key(e) not in fresh]
        write_sealed(path, entries[:MAX_ENTRIES])
    except Exception:  # noqa: BLE001 - caching is only an optimisation
        return
