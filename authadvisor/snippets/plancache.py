"""Split plans (snippets.split), kept across runs beside the compiled templates: working out how the
target templates split (parsing them, finding the names each piece reads, compiling the pieces) costs
about 0.4 s a process, and every docs worker paid it again.

The plans live in the environment's compiled-template folder (render.templatecache), whose name already
covers authadvisor's code (snippets.split included), Jinja2's and Python's versions and the
environment's options, in a file named for the digest of every template the loader lists, name and
source: editing, adding or removing any template names another file, so a stored plan is never stale.
As for compiled templates, the file is code (marshalled): it is read only when it is the current user's,
written atomically, and any problem with it (missing, foreign, corrupt, unwritable, the wrong shape)
means the plans are worked out afresh. No cache (AUTHADVISOR_NO_CACHE=1, no cache folder) stores nothing.

A record is what split.Plan holds, as plain data: None for a template rendered whole, else (body code,
the names the body reads, the header parts as (key, name, code, names read), the filter names applied
to the joined header)."""

from __future__ import annotations

import marshal
import os
import types
from typing import Any, Optional

from ..resources import digest, read_entry, write_entry

Record = Optional[tuple]


def path(env: Any) -> Optional[str]:
    """The file holding `env`'s plans, or None when they are not kept (no compiled-template cache, or a
    template cannot be read)."""
    directory = getattr(env.bytecode_cache, "directory", None)
    if directory is None or env.loader is None:
        return None
    hashed = digest(b"authadvisor split plans\0")
    try:
        for name in sorted(env.loader.list_templates()):
            source = env.loader.get_source(env, name)[0].encode("utf-8", "surrogatepass")
            hashed.update(f"{name}\0{len(source)}\0".encode("utf-8", "surrogatepass"))
            hashed.update(source)
    except Exception:  # a template vanished or cannot be read: work the plans out, keep nothing
        return None
    return os.path.join(directory, f"plans-{hashed.hexdigest()[:32]}.marshal")


def _valid(records: Any) -> bool:
    if not isinstance(records, dict):
        return False
    for name, record in records.items():
        if not isinstance(name, str):
            return False
        if record is None:
            continue
        if not (isinstance(record, tuple) and len(record) == 4):
            return False
        body, reads, parts, filters = record
        if not (_code(body) and _names(reads) and isinstance(parts, tuple) and _names(filters)):
            return False
        if not all(isinstance(p, tuple) and len(p) == 4 and isinstance(p[0], str) and isinstance(p[1], str)
                   and _code(p[2]) and _names(p[3]) for p in parts):
            return False
    return True


def _code(value: Any) -> bool:
    return isinstance(value, types.CodeType)


def _names(value: Any) -> bool:
    return isinstance(value, tuple) and all(isinstance(n, str) for n in value)


def load(file: Optional[str]) -> dict[str, Record]:
    """The stored records, or {} when there are none to trust."""
    data = None if file is None else read_entry(file)
    if data is None:
        return {}
    try:
        records = marshal.loads(data)
    except Exception:  # corrupt
        return {}
    return records if _valid(records) else {}


def store(file: Optional[str], records: dict[str, Record]) -> None:
    """Write the records atomically (resources.write_entry)."""
    if file is not None:
        write_entry(file, marshal.dumps(records))
