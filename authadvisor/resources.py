"""Where the built-in rules/ and templates/ live (inside the installed wheel, authadvisor/_data/, or
beside the package in a source checkout), where the caches of derived forms live, and the folders
from a starting point up to the root (where configuration and the git top level are looked for).

Paths on the start-up path are strings (data_path, cache_dir): importing pathlib costs a command more than
finding its files does. rules_dir() and templates_dir() give pathlib Paths for everything else."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:
    from pathlib import Path


@cache
def data_path(name: str) -> str:
    """The built-in `rules` or `templates` directory."""
    here = os.path.dirname(os.path.realpath(__file__))
    installed = os.path.join(here, "_data", name)
    if os.path.isdir(installed):
        return installed
    checkout = os.path.join(os.path.dirname(here), name)
    if os.path.isdir(checkout):
        return checkout
    raise FileNotFoundError(f"authadvisor's built-in {name}/ directory is missing from {here}")


def data_dir(name: str) -> Path:
    """data_path(name) as a pathlib Path."""
    from pathlib import Path

    return Path(data_path(name))


def rules_dir() -> Path:
    return data_dir("rules")


def templates_dir() -> Path:
    return data_dir("templates")


def cache_dir() -> Optional[str]:
    """Where cached derived forms live (validated rules tables, compiled templates), or None when caching
    is off or no location is known: $AUTHADVISOR_CACHE_DIR, else $XDG_CACHE_HOME/authadvisor, else
    ~/.cache/authadvisor (%LOCALAPPDATA%\\authadvisor on Windows); AUTHADVISOR_NO_CACHE=1 turns it off."""
    if os.environ.get("AUTHADVISOR_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("AUTHADVISOR_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or (os.environ.get("LOCALAPPDATA") if os.name == "nt" else None)
    if base:
        return os.path.join(base, "authadvisor")
    home = os.path.expanduser("~")
    if home == "~":  # no home directory
        return None
    return os.path.join(home, ".cache", "authadvisor")


def sha256(data: bytes) -> Any:
    """hashlib.sha256 without loading OpenSSL (~4 ms of start-up): the interpreter's built-in module
    (a credential's fingerprint; the caches use digest())."""
    try:
        from _sha2 import sha256 as builtin  # Python >= 3.12
    except ImportError:
        try:
            from _sha256 import sha256 as builtin  # Python <= 3.11
        except ImportError:  # pragma: no cover - a build without them
            from hashlib import sha256 as builtin
    return builtin(data)


def digest(data: bytes = b"") -> Any:
    """A BLAKE2b-256 hash object (update, digest, hexdigest) for the caches' content keys and integrity
    checks: the interpreter's built-in module, so no OpenSSL at start-up, and ~2.5x faster than its
    SHA-256 over the ~190 KB (rules files, code, the regex cache) every start hashes."""
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - a build without it
        from hashlib import blake2b
    return blake2b(data, digest_size=32)


def owned(fh: Any) -> bool:
    """Is the open file (a file object or a descriptor) the current user's? Caches read back only their own
    entries (another user's file in the folder is never trusted)."""
    fd = fh if isinstance(fh, int) else fh.fileno()
    return not hasattr(os, "getuid") or os.fstat(fd).st_uid == os.getuid()


def stamp(st: os.stat_result) -> tuple[int, int, int, int, int]:
    """What says a file is still the one seen before (see startup/digests.py, startup/modulecache.py):
    size, modification and change times (nanoseconds), inode and device. Anything that writes a file
    changes its change time, which no program can set back."""
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev


def read_entry(path: str) -> Optional[bytes]:
    """A cache entry's bytes, or None when it is missing, unreadable or someone else's file (never
    trusted). What the bytes hold is the caller's to check."""
    try:
        with open(path, "rb") as fh:
            return fh.read() if owned(fh) else None
    except OSError:
        return None


def write_entry(path: str, data: bytes) -> None:
    """Store a cache entry atomically (a temporary file beside it, then renamed over it), creating its
    folder user-only (0700); quietly nothing when that fails: caching is only an optimisation."""
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:  # read-only, full or missing
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def writable(folder: str) -> bool:
    """Can cache entries be written into `folder` (created user-only when missing)?"""
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK | os.X_OK)


_SEAL = 32  #: bytes of the BLAKE2b-256 in front of a sealed entry


def read_sealed(path: str) -> Any:
    """The plain data write_sealed stored in `path`, or None when it is missing, someone else's, damaged
    (its BLAKE2b-256 does not match) or not marshal data. What the data holds is the caller's to check."""
    data = read_entry(path)
    body = data[_SEAL:] if data is not None else b""  # sliced once: hashed, then loaded
    if data is None or not body or digest(body).digest() != data[:_SEAL]:
        return None
    import marshal

    try:
        return marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return None


def write_sealed(path: str, value: Any) -> None:
    """Store plain data (marshal's types) as a cache entry under its BLAKE2b-256 (see write_entry)."""
    import marshal

    payload = marshal.dumps(value)
    write_entry(path, digest(payload).digest() + payload)


def upward(start: Optional[str] = None) -> Iterator[str]:
    """`start` (else the working directory), absolute with symlinks resolved, then each parent folder up
    to the root: where find_config and git_top_level look."""
    folder = os.path.realpath(start or os.getcwd())
    while True:
        yield folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return
        folder = parent
