"""Compiled templates, cached across runs: Jinja2 compiles a template's source into Python code each
time a process first renders it (~10 ms a template: most of `snippets`' start-up); this keeps the code.

An entry is found by template name and file (Jinja2's key) in a folder named for everything else that
decides the compiled code: authadvisor's, Jinja2's and Python's versions, the environment's class and
options, and the bytes of the code whose functions Jinja2 may run while compiling (filters and
`finalize` are applied to constant expressions at compile time). Jinja2 checks the template source's
checksum on every load, so an edited template is compiled afresh: an entry is never stale.

Entries are code, like __pycache__: they live in resources.cache_dir() (created 0700), are read only
from the current user's own files, written atomically, and any problem with them (missing, foreign,
corrupt, unwritable) silently falls back to compiling. AUTHADVISOR_NO_CACHE=1 turns them off."""

from __future__ import annotations

import os
import sys
from functools import cache
from typing import Any, Optional

from jinja2 import BytecodeCache

from ..resources import cache_dir, digest, read_entry, write_entry
from ..version import version

_PACKAGE = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
#: the code that template compilation can run (filters, finalize) or that builds the environments
CODE_DIRS = tuple(os.path.join(_PACKAGE, name) for name in ("render", "snippets", "docs"))
CODE_FILES = tuple(os.path.join(_PACKAGE, *name.split("/")) for name in ("inert.py", "errors.py", "manifest/chars.py"))


def code_files() -> list[str]:
    return sorted({os.path.join(d, n) for d in CODE_DIRS for n in os.listdir(d) if n.endswith(".py")}
                  | set(CODE_FILES))


@cache
def code_digest() -> Optional[bytes]:
    """The digest of code_files(), taken once per process (every environment's key shares it), or None
    when a file cannot be read. Each file comes in as its own content digest (startup/digests.py)."""
    from ..startup.digests import digests

    paths = code_files()
    files = digests(paths)
    if files is None:
        return None
    hashed = digest(b"")
    for path, each in zip(paths, files):
        hashed.update(f"\0{os.path.basename(path)}\0".encode())
        hashed.update(each)
    return hashed.digest()


def folder_key(label: str, env_class: type, options: dict) -> Optional[str]:
    """The digest naming the folder of one environment's entries, or None when a file cannot be read."""
    import jinja2

    code = code_digest()
    if code is None:
        return None
    head = (f"authadvisor {version()} jinja2 {jinja2.__version__} python {sys.version} {label} "
            f"{env_class.__module__}.{env_class.__qualname__} {sorted(options.items())!r}\0")
    return digest(head.encode("utf-8", "surrogatepass") + code).hexdigest()[:32]


def sandboxed_environment(label: str, root: Any, **options: Any) -> Any:
    """The sandbox (render.sandbox) over the templates in `root`, with its compiled templates cached. `label`
    names the environment's kind and must change with whatever its callable options (autoescape,
    finalize) decide; plain options are part of the key themselves."""
    from jinja2 import FileSystemLoader

    from .sandbox import Sandbox

    plain = {k: v for k, v in options.items() if v is None or isinstance(v, (bool, int, str))}
    return Sandbox(loader=FileSystemLoader(str(root)), bytecode_cache=bytecode_cache(label, Sandbox, plain),
                   **options)


def bytecode_cache(label: str, env_class: type, options: dict) -> Optional[UserBytecodeCache]:
    """A Jinja2 BytecodeCache for an environment of `env_class` built with plain `options`, or None
    when caching is off."""
    root = cache_dir()
    key = folder_key(label, env_class, options) if root is not None else None
    if root is None or key is None:
        return None
    return UserBytecodeCache(os.path.join(root, f"templates-{key}"))


class UserBytecodeCache(BytecodeCache):
    """Entries in one folder, read only from the current user's own files, written atomically."""

    def __init__(self, directory: str) -> None:
        self.directory = directory

    def _path(self, bucket: Any) -> str:
        return os.path.join(self.directory, f"{bucket.key}.code")

    def load_bytecode(self, bucket: Any) -> None:
        data = read_entry(self._path(bucket))
        if data is None:
            return  # missing, unreadable or someone else's file (never run): Jinja2 compiles the template
        try:
            bucket.bytecode_from_string(data)
        except Exception:  # corrupt
            bucket.reset()

    def dump_bytecode(self, bucket: Any) -> None:
        write_entry(self._path(bucket), bucket.bytecode_to_string())
