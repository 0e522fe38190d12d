"""A cache of validated rules tables, so a command does not re-parse and re-validate the YAML every start.

The key is a BLAKE2b-256 of everything that decides a loaded table: the package version, the code and schema
that validate it, and the name and content of every *.yaml file in the rules directory (and the built-in
one, which a custom table may extend); each file's content comes in as its own digest (startup/digests.py,
which reads a file again only when its stat has changed). Change any of them and the key changes, so an entry is never
stale; entries hold plain JSON (never pickle) and are only used when the file is the current user's.

The cache lives in resources.cache_dir(): $AUTHADVISOR_CACHE_DIR, else $XDG_CACHE_HOME/authadvisor, else
~/.cache/authadvisor (%LOCALAPPDATA%\\authadvisor on Windows); AUTHADVISOR_NO_CACHE=1 turns it off.
Any problem with it (a read-only or missing directory, a corrupt or foreign file) silently falls back to
loading the YAML.
"""

from __future__ import annotations

import json
import os
from typing import Any, Optional, Union

from ..resources import cache_dir, data_path, digest, read_entry, write_entry
from ..version import version
from .record import Record, thaw

FORMAT = 1
EXTENDS = " (extends the built-in rules)"  #: how a table that extends the built-in one is named
_PACKAGE = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
#: the code and schema whose behaviour decides whether (and how) a table loads
_CODE = tuple(os.path.join(_PACKAGE, *part.split("/")) for part in (
    "rules/load.py", "rules/conditions.py", "rules/record.py", "ask/check.py", "manifest/vocab.py",
    "manifest/facts.py", "manifest/fastschema.py", "manifest/schemas/rules-v1.schema.json",
    "manifest/schemas/manifest-v1.schema.json"))


def builtin_dir() -> str:
    """The built-in table's directory."""
    return data_path("rules")


def _yaml_files(directory: str) -> list[str]:
    paths = (os.path.join(directory, name) for name in os.listdir(directory) if name.endswith((".yaml", ".yml")))
    return sorted(p for p in paths if os.path.isfile(p))


def table_key(directory: Union[str, os.PathLike], custom: bool) -> Optional[str]:
    """The content hash of a rules directory (plus the built-in one for a custom table), or None when a
    file cannot be read (then the loader reports the problem)."""
    from ..startup.digests import digests

    hashed = digest(f"authadvisor {version()} cache {FORMAT}\0".encode())
    try:
        # a check's `impl:` must name a module of authadvisor/checks/: their names decide validity too
        checks = os.listdir(os.path.join(_PACKAGE, "checks"))
        dirs = (os.fspath(directory), builtin_dir()) if custom else (os.fspath(directory),)
        tables = [_yaml_files(folder) for folder in dirs]
    except OSError:
        return None
    files = digests([*_CODE, *(path for paths in tables for path in paths)])
    if files is None:
        return None
    for each in files[:len(_CODE)]:
        hashed.update(each)
    hashed.update("\0".join(sorted(name for name in checks if name.endswith(".py"))).encode())
    found = iter(files[len(_CODE):])
    for paths in tables:
        hashed.update(b"\0dir\0")
        for path in paths:
            hashed.update(f"\0{os.path.basename(path)}\0".encode())
            hashed.update(next(found))
    return hashed.hexdigest()


def read(key: str) -> Optional[tuple[Record, bool]]:
    """(table, extends the built-in table) for `key`, or None on a miss or any problem."""
    folder = cache_dir()
    if folder is None:
        return None
    data = read_entry(os.path.join(folder, f"rules-{key}.json"))  # None when missing or someone else's
    if data is None:
        return None
    try:
        entry = _loads(data)
        if entry.get("key") != key or entry.get("format") != FORMAT:
            return None
        table = entry["table"]
        return (table, bool(entry["extends"])) if isinstance(table, Record) else None
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None


def write(key: str, table: Record, extends: bool) -> None:
    """Store a loaded table, when it survives the JSON round trip unchanged (else store nothing)."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        text = json.dumps({"format": FORMAT, "key": key, "extends": extends, "table": thaw(table)},
                          ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError):  # a value JSON cannot hold (e.g. a date): do not cache this table
        return
    if not _same(_loads(text)["table"], table):
        return
    write_entry(os.path.join(folder, f"rules-{key}.json"), text.encode("utf-8"))


def _tuple(items: list) -> tuple:
    return tuple(_tuple(v) if type(v) is list else v for v in items)


def _record(pairs: list[tuple[str, Any]]) -> Record:
    return Record([(k, _tuple(v)) if type(v) is list else (k, v) for k, v in pairs])


def _loads(text: Union[str, bytes]) -> Any:
    """JSON with its objects as Records and its arrays as tuples: record.freeze(json.loads(text)), built
    as the parser goes (one pass instead of two over ~1,400 values: ~0.8 ms of every start)."""
    value = json.loads(text, object_pairs_hook=_record)
    return _tuple(value) if type(value) is list else value


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same types throughout (True == 1 in Python; not here)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return bool(a == b)


def origin_of(path: Union[str, os.PathLike, None], extends: bool) -> str:
    """The table's name in messages, as the loader words it."""
    if path is None:
        return "built-in rules"
    from pathlib import Path  # as pathlib shows it (a message, not the start-up path)

    origin = os.fspath(Path(path))
    return f"{origin}{EXTENDS}" if extends else origin
