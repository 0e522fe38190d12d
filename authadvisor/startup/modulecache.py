"""authadvisor's own modules served from one file of their compiled code, kept across runs, so a command does
not look each of them up and open its __pycache__ entry at every start.

A command imports 35 to 50 of authadvisor's modules. For each, the usual import asks the meta path's
finders in turn, has the path finder look the name up, stats the source, finds, opens, reads and checks
the .pyc; kept here, a module is one dictionary look-up, two stats and one read at an offset of a file
already open: ~3 to 5 million instructions less of every start.

- install() (the console script, before the rest of authadvisor is imported) puts a finder in front of
  sys.meta_path. It answers only for a submodule of authadvisor kept in this installation's file, and only
  when the parent package's path is the folder recorded, the source file's stamp (size, modification and
  change times in nanoseconds, inode, device) is the one recorded, and so is the modification time of that
  folder. It then gives the spec the path finder would (the same origin, __file__, __cached__ and package path, and
  a SourceFileLoader, so source, resources and tracebacks are the file's), with the code read from the
  kept file instead of __pycache__. Anything else (a module not kept, an edited, replaced or moved source,
  a file or folder added beside it that could now win the look-up) goes to the usual import system, and
  is noted.
- save() (when the command ends) keeps the code of the modules noted: compiled from the source file the
  path finder found (never from a .pyc, which Python trusts on its seconds-resolution time), with the stamp
  taken before reading it and checked after. Entries whose source is gone are dropped.

That is Python's own rule for __pycache__ (the source's size and modification time), made stricter: the
change time, which no program can set back, the inode and device, and the folder's time. The file is named for the
interpreter (its version and build, bytecode tag and optimisation level) and the package's folder; it
is read only when it is the current user's, written atomically, and any problem (missing, foreign,
corrupt, unwritable) means importing as usual. AUTHADVISOR_NO_CACHE=1 turns it off. Nothing here runs
when authadvisor is used as a library.
"""

from __future__ import annotations

import marshal
import os
import sys
from types import CodeType
from typing import Any, Optional

from ..resources import cache_dir, digest, owned, stamp, writable, write_entry

FORMAT = 2
PACKAGE = "authadvisor"
_HEAD = 8  #: bytes of the little-endian length of the index, at the start of the file

#: the installed finder's state: the process that installed it, its file, the finder
_state: dict[str, Any] = {}

#: an index entry: (source file, the folder it is looked up in, its __pycache__ path, is a package, the
#: source's stamp (resources.stamp), the folder's mtime_ns, where its code starts after the index, its length)
Entry = tuple


def cache_file(root: str) -> Optional[str]:
    """The file of kept code for the package in folder `root` under this interpreter, or None when caching
    is off."""
    folder = cache_dir()
    if folder is None:
        return None
    head = (f"authadvisor modules {FORMAT} python {sys.version} {sys.implementation.cache_tag} "
            f"optimize {sys.flags.optimize} {root}")
    name = digest(head.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return os.path.join(folder, f"modules-{name}.marshal")


def _valid(entry: Any) -> bool:
    if type(entry) is not tuple or len(entry) != 8:
        return False
    origin, folder, cached, package, kept, folder_mtime, offset, length = entry
    return (type(origin) is str and type(folder) is str and type(cached) is str and type(package) is bool
            and type(kept) is tuple and len(kept) == 5 and all(type(v) is int for v in kept)
            and type(folder_mtime) is int and type(offset) is int and type(length) is int and offset >= 0
            and length > 0)


def open_index(path: str) -> Optional[tuple[int, dict, int, int]]:
    """(descriptor, index, where the code starts, file size) of a kept file, or None when it is missing,
    someone else's or not one this module wrote."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        if not owned(fd):
            raise ValueError("someone else's file")
        st = os.fstat(fd)
        head = os.pread(fd, _HEAD, 0)
        size = int.from_bytes(head, "little") if len(head) == _HEAD else -1
        if not 0 < size <= st.st_size - _HEAD:
            raise ValueError("not an index")
        index = marshal.loads(os.pread(fd, size, _HEAD))
        if type(index) is not dict:
            raise ValueError("not an index")
    except (OSError, ValueError, EOFError, TypeError):
        os.close(fd)
        return None
    return fd, index, _HEAD + size, st.st_size


class _Finder:
    """The meta path finder install() puts first: kept submodules of the package, checked as fresh."""

    def __init__(self, root: str, opened: Optional[tuple[int, dict, int, int]]) -> None:
        from importlib.machinery import ModuleSpec, SourceFileLoader

        self.root = root
        self.fd, self.index, self.base, self.size = opened if opened is not None else (-1, {}, 0, 0)
        self.noted: list[str] = []
        self._spec = ModuleSpec
        finder = self

        class Loader(SourceFileLoader):
            """The path finder's loader for a source file, with the code read from the kept file."""

            def get_code(self, fullname: str) -> Any:
                code = finder.code(fullname)
                if code is None:  # unreadable after all: compiled as usual, and kept afresh
                    finder.noted.append(fullname)
                    return super().get_code(fullname)
                return code

        self._loader = Loader

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if path is None or not name.startswith("authadvisor."):
            return None  # a top-level module, or not ours: the usual import system's
        entry = self.index.get(name)
        if entry is None or not _valid(entry):
            self.noted.append(name)
            return None
        origin, folder, cached, package, kept, folder_mtime, _offset, _length = entry
        try:
            if len(path) != 1 or path[0] != folder:
                return None  # the parent package is not the one the entry was kept for
            st, folder_st = os.stat(origin), os.stat(folder)
        except (OSError, TypeError, ValueError):
            self.noted.append(name)
            return None
        if stamp(st) != kept or folder_st.st_mtime_ns != folder_mtime:
            self.noted.append(name)  # edited, or something beside it changed: found as usual, kept afresh
            return None
        spec = self._spec(name, self._loader(name, origin), origin=origin, is_package=package)
        spec.has_location = True  # __file__ and __cached__, as the path finder's spec sets them
        spec.cached = cached
        if package:
            spec.submodule_search_locations = [os.path.dirname(origin)]
        return spec

    def raw(self, name: str) -> Optional[bytes]:
        """The marshal bytes kept for module `name`, or None when they cannot be read back."""
        entry = self.index.get(name)
        if entry is None or not _valid(entry) or self.base + entry[6] + entry[7] > self.size:
            return None
        try:
            data = os.pread(self.fd, entry[7], self.base + entry[6])
        except OSError:
            return None
        return data if len(data) == entry[7] else None

    def code(self, name: str) -> Any:
        """The kept code of module `name`, or None when it cannot be read back (then compiled as usual)."""
        data = self.raw(name)
        try:
            code = marshal.loads(data) if data is not None else None
        except (ValueError, EOFError, TypeError):
            return None
        return code if isinstance(code, CodeType) else None

    def invalidate_caches(self) -> None:
        """importlib.invalidate_caches(): every look-up here checks the files afresh already."""


def install() -> None:
    """Put the finder in front of sys.meta_path. Once per process; nothing when caching is off, the package
    is not one plain folder, or this platform cannot read a file at an offset."""
    if _state or not hasattr(os, "pread"):
        return
    locations = list(getattr(sys.modules.get(PACKAGE), "__path__", ()))
    if len(locations) != 1:
        return
    path = cache_file(locations[0])
    if path is None:
        return
    finder = _Finder(locations[0], open_index(path))
    sys.meta_path.insert(0, finder)
    _state.update(pid=os.getpid(), path=path, finder=finder)


def _expected(name: str, origin: str, root: str, package: bool) -> bool:
    """Is `origin` the file module `name` of the package in `root` lives in (a/b.py, or a/b/__init__.py)?"""
    parts = name.split(".")[1:]
    return origin == os.path.join(root, *parts, "__init__.py") if package else \
        origin == os.path.join(root, *parts[:-1], parts[-1] + ".py")


def _keep(name: str, root: str) -> Optional[tuple[Entry, bytes]]:
    """(entry without its place in the file, code as marshal bytes) for a module the usual import found as
    a source file of the package, or None when it is not one to keep."""
    from importlib.machinery import PathFinder, SourceFileLoader

    spec = getattr(sys.modules.get(name), "__spec__", None)
    origin = getattr(spec, "origin", None)
    if spec is None or not isinstance(spec.loader, SourceFileLoader) or not isinstance(origin, str):
        return None
    package = spec.submodule_search_locations is not None
    if not _expected(name, origin, root, package):
        return None
    folder = os.path.dirname(os.path.dirname(origin) if package else origin)
    folder_mtime = os.stat(folder).st_mtime_ns
    found = PathFinder.find_spec(name, [folder])  # what the usual look-up finds in that folder now
    if found is None or found.origin != origin or not isinstance(found.cached, str):
        return None
    before = stamp(os.stat(origin))
    with open(origin, "rb") as fh:
        source = fh.read()
    code = compile(source, origin, "exec", dont_inherit=True)
    changed = stamp(os.stat(origin)) != before or os.stat(folder).st_mtime_ns != folder_mtime
    if changed or not isinstance(code, CodeType):
        return None  # changed while it was read: kept next time
    return (origin, folder, found.cached, package, before, folder_mtime), marshal.dumps(code)


def save() -> None:
    """Keep the code of the modules noted since install(), beside the entries kept already whose sources
    are still there. Only in the process that installed it (never a forked worker), only when something
    was noted; never raises."""
    try:
        if not _state or _state["pid"] != os.getpid():
            return
        finder: _Finder = _state["finder"]
        noted = list(dict.fromkeys(finder.noted))
        finder.noted.clear()
        if not noted or not writable(os.path.dirname(_state["path"])):
            return  # (a read-only cache folder: no compiling at every run for nothing)
        fresh = {}
        for name in noted:
            try:
                kept = _keep(name, finder.root)
            except (OSError, SyntaxError, ValueError):
                kept = None
            if kept is not None:
                fresh[name] = kept
        if not fresh:
            return
        entries = dict(fresh)
        for name, entry in finder.index.items():
            if name not in entries and _valid(entry) and os.path.exists(entry[0]):
                data = finder.raw(name)
                if data is not None:
                    entries[name] = (entry[:6], data)
        index, blobs, offset = {}, [], 0
        for name in sorted(entries):
            head, blob = entries[name]
            index[name] = (*head, offset, len(blob))
            blobs.append(blob)
            offset += len(blob)
        table = marshal.dumps(index)
        write_entry(_state["path"], len(table).to_bytes(_HEAD, "little") + table + b"".join(blobs))
    except Exception:  # noqa: BLE001 - caching is only an optimisation
        return
