"""Content digests of files, remembered across runs by their stat as git's index remembers them, so a start
does not read and hash the same ~320 KB (the code and rules files the caches are keyed by) every time.

digests(paths) gives each file's BLAKE2b-256. A file's digest is taken from the remembered ones only when
its stat is exactly the one recorded with it: size, modification and change times (nanoseconds), inode
and device. Anything that writes a file changes its change time, which no program can set back, so an
edited, replaced, copied or restored file is read and hashed afresh; the key a cache derives from these
digests is a content hash, never stale. As git does against "racy" entries, a digest is only remembered
when the file's times are more than RACY_NS older than the moment it was read: a file written within
the timestamps' granularity of that read could change again without its times changing.

The remembered digests live in one file of resources.cache_dir(), read only when it is the current
user's and its own BLAKE2b-256 matches, written atomically; any problem (missing, foreign, corrupt,
unwritable) means reading the files. AUTHADVISOR_NO_CACHE=1 turns it off.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from typing import Any, Optional

from ..resources import cache_dir, digest, read_sealed, stamp, write_sealed

FORMAT = 1
RACY_NS = 2_000_000_000  #: a file's times must be this much older than the read for its digest to be kept
MAX_ENTRIES = 2000  #: remembered files at most (the newest kept)
_SIZE = 32

_memo: dict[str, Any] = {}  #: the remembered digests, loaded once per process: path -> (stamp..., digest)


def memo_file() -> Optional[str]:
    folder = cache_dir()
    return None if folder is None else os.path.join(folder, f"file-digests-{FORMAT}.marshal")


def _valid(path: Any, entry: Any) -> bool:
    return (type(path) is str and type(entry) is tuple and len(entry) == 6
            and all(type(v) is int for v in entry[:5]) and type(entry[5]) is bytes and len(entry[5]) == _SIZE)


def read(path: str) -> dict[str, tuple]:
    """The digests remembered in `path`, or none when it is missing, someone else's or damaged."""
    entries = read_sealed(path)
    if type(entries) is not dict or not all(_valid(k, v) for k, v in entries.items()):
        return {}
    return entries


def _remembered() -> dict[str, tuple]:
    path = memo_file()
    if "entries" not in _memo or _memo["path"] != path:  # once per process (again if the folder changes)
        _memo.update(path=path, entries=read(path) if path is not None else {})
    return _memo["entries"]


def _remember(fresh: dict[str, tuple]) -> None:
    """Add `fresh` to the remembered digests (merged with what another process may have written since)."""
    path = _memo.get("path")
    if path is None:
        return
    entries = read(path)
    for key in fresh:
        entries.pop(key, None)  # re-inserted last: the newest are kept
    entries.update(fresh)
    kept = dict(list(entries.items())[-MAX_ENTRIES:])
    _memo["entries"] = kept
    write_sealed(path, kept)


def digests(paths: Sequence[str]) -> Optional[list[bytes]]:
    """The BLAKE2b-256 of each file in `paths`, or None when one cannot be read."""
    known = _remembered()
    out: list[bytes] = []
    fresh: dict[str, tuple] = {}
    now = time.time_ns()
    for path in paths:
        try:
            st = os.stat(path)
            seen = stamp(st)
            entry = known.get(path)
            if entry is not None and entry[:5] == seen:
                out.append(entry[5])
                continue
            with open(path, "rb") as fh:  # stat first: a change after it gives the file another stat
                data = fh.read()
        except OSError:
            return None
        hashed = digest(data).digest()
        out.append(hashed)
        if len(data) == st.st_size and now - max(st.st_mtime_ns, st.st_ctime_ns) > RACY_NS:
            fresh[path] = (*seen, hashed)
    if fresh:
        _remember(fresh)
    return out
