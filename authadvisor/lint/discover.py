"""Which files to lint. Named files always; directories recursively for *.yaml, *.yml and *.json (the
loader then keeps those whose top level has an `authadvisor` key). Hidden folders (.git included) and
node_modules are skipped; exclude globs prune files and folders. Symlinks found while walking are
followed only when they stay inside the directory given (like ripgrep, a link to `/` or to a manifest
elsewhere is not read) unless `follow_symlinks`; a loop is visited once either way. A path named on the
command line must be a directory or a regular file (a FIFO or device is refused at once). Deterministic:
sorted by the name shown."""

import fnmatch
import os
from collections.abc import Iterable, Sequence
from operator import attrgetter, itemgetter
from typing import Optional

from ..errors import UsageError
from ..startup.namedtuples import NamedTuple

SUFFIXES = (".yaml", ".yml", ".json")
SKIP_DIRS = frozenset({"node_modules"})


class Target(NamedTuple):  # a NamedTuple, not a dataclass: ~1 ms less of every start
    path: str  #: where to read it
    name: str  #: how to show it (as given, or joined under the directory given)
    explicit: bool  #: named on the command line: always linted


class Excluder:
    """Glob patterns matched against paths relative to `root` (the config file's folder), with `/`:
    `drafts/**`, `*.draft.yaml`, `**/fixtures/*`; a pattern naming a folder excludes what is inside."""

    def __init__(self, patterns: Iterable[str], root: Optional[str] = None) -> None:
        self.patterns = tuple(p.strip().rstrip("/") for p in patterns if p.strip())
        self.root = os.path.abspath(root or os.getcwd())

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def __call__(self, path: str) -> bool:
        if not self.patterns:
            return False
        full = os.path.abspath(path)
        rel = os.path.relpath(full, self.root)
        rel = (full if rel.startswith("..") else rel).replace(os.sep, "/")
        base = rel.rsplit("/", 1)[-1]
        for p in self.patterns:
            bare = p[3:] if p.startswith("**/") else p
            if (fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(rel, bare)
                    or fnmatch.fnmatchcase(rel, f"*/{bare}")
                    or ("/" not in p and fnmatch.fnmatchcase(base, p))):
                return True
        return False


def _inside(path: str, root: str) -> bool:
    """Does the real location of `path` lie inside the real directory `root`?"""
    try:
        real = os.path.realpath(path)
        return os.path.commonpath([real, root]) == root
    except (OSError, ValueError):
        return False


def _walk(top: str, shown: str, exclude: Excluder, seen: set, follow_symlinks: bool) -> Iterable[Target]:
    root = os.path.realpath(top)
    excluding = bool(exclude)  # once, not once per file
    stack = [(top, shown)]
    while stack:
        folder, folder_shown = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=attrgetter("name"))
        except OSError:
            continue  # unreadable folder: nothing to lint in it
        subdirs = []
        # normpath(join(folder_shown, name)) for a plain entry name, worked out once per folder
        norm = os.path.normpath(folder_shown)
        prefix = "" if norm == os.curdir else norm if norm.endswith(os.sep) else norm + os.sep
        for entry in entries:
            name = entry.name
            try:
                if entry.is_symlink() and not follow_symlinks and not _inside(entry.path, root):
                    continue  # a link out of the tree: not followed (--follow-symlinks to follow it)
                is_dir = entry.is_dir()
                is_file = not is_dir and entry.is_file()
            except OSError:
                continue
            child = entry.path
            child_shown = child if folder_shown == folder else os.path.join(folder_shown, name)
            if is_dir:
                if name.startswith(".") or name in SKIP_DIRS or (excluding and exclude(child)):
                    continue
                try:
                    st = entry.stat()
                except OSError:
                    continue
                if (st.st_dev, st.st_ino) in seen:  # a symlink loop, or a folder reached twice
                    continue
                seen.add((st.st_dev, st.st_ino))
                subdirs.append((child, child_shown))
            elif is_file and name.lower().endswith(SUFFIXES) and not (excluding and exclude(child)):
                shown = prefix + name
                yield Target(child, child if shown == child else shown, False)  # one string when alike
        stack.extend(reversed(subdirs))


def _identity(path: str) -> tuple:
    try:
        st = os.stat(path)
        return (st.st_dev, st.st_ino)
    except OSError:
        return (os.path.abspath(path),)


def discover(paths: Sequence[str], exclude: Optional[Excluder] = None, *,
             follow_symlinks: bool = False) -> list[Target]:
    """Targets for PATHS (the current directory when empty). A missing path, or one that is neither a
    directory nor a regular file, is a UsageError (exit 2)."""
    from ..manifest.regular import kind

    exclude = exclude or Excluder(())
    targets: dict[tuple, Target] = {}
    seen: set = set()
    for given in paths or (".",):
        try:
            st = os.stat(given)
        except (OSError, ValueError):
            raise UsageError(f"path not found: {given}") from None
        what = kind(st.st_mode)
        if what == "a directory":
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            found: Iterable[Target] = _walk(given, given, exclude, seen, follow_symlinks)
        elif what is not None:  # a FIFO or device would block or never end: refused before opening it
            raise UsageError(f"{given} is {what}, not a regular file; give manifest files or directories")
        else:
            found = (Target(given, os.path.normpath(given), True),)
        for t in found:
            key = _identity(t.path) if len(paths) > 1 else (t.path,)  # one PATH: each file comes once
            if key not in targets or (t.explicit and not targets[key].explicit):
                targets[key] = t
    return sorted(targets.values(), key=itemgetter(1))  # by name
