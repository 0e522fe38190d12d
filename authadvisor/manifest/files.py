"""Stage 1 for every file: read, parse, validate. Produces yaml-syntax, schema, secret-in-manifest and
the insecure-url of capillary.base_url, through safeyaml and validate (the code `recommend` uses).

Files found by walking a directory are linted only when their top level has an `authadvisor` key; a
file named on the command line always is. The cheap pre-check never rejects a manifest: a key spelt
`authadvisor` either appears literally or is escaped (which needs a backslash).
"""

import os
import re
from functools import lru_cache
from typing import Any, Optional

from ..errors import ManifestError
from ..findings import Finding, Span
from ..startup.namedtuples import NamedTuple
from .rawfile import CHECK, MAX_BYTES, foreign_bom
from .regular import read_regular
from .safeyaml import Document, load_yaml

_KEY_HINT = re.compile(rb"""(?:^|[\s{,])["']?authadvisor["']?[ \t]*:""")


class Parsed(NamedTuple):  # a NamedTuple, not a dataclass: ~1 ms less of every start
    """One file after stage 1: the document (None when it could not be parsed), its text (for inline
    ignores; None when not decodable), the validated data (None when invalid) and the findings so far."""

    name: str
    doc: Optional[Document]
    text: Optional[str]
    validated: Any
    findings: list


def candidate(raw: bytes) -> bool:
    """May this file be a manifest? (False only when it certainly is not.)"""
    return b"authadvisor" in raw or b"\\" in raw or (raw[:1] in (b"\xff", b"\xfe", b"\x00")
                                                    and foreign_bom(raw) is not None)


def looks_like_manifest(raw: bytes) -> bool:
    """For a file that does not parse: does it seem to have an `authadvisor:` key? A UTF-16 or UTF-32
    file (with its byte-order mark) is looked at in its own encoding, so it is reported, not skipped."""
    bom = foreign_bom(raw)
    if bom is not None:
        raw = raw.decode(bom[0], errors="replace").encode("utf-8")
    return bool(_KEY_HINT.search(raw))


def _text(raw: bytes) -> Optional[str]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text[1:] if text.startswith("\ufeff") else text


def _refused(name: str, message: str) -> list[Finding]:
    return [Finding(CHECK, "error", message, name, Span.at(1, 1))]


def shown_name(name: str) -> str:
    """A file name as every output shows it: a secret in the name itself is redacted. The folder part
    is judged once per folder (lint names thousands of files in a few folders)."""
    from .credentials import may_hold_secret, redact

    head, _, tail = name.replace(os.sep, "/").rpartition("/")
    if not may_hold_secret(tail) and not (head and _folder_may_hold_secret(head)):
        return name
    return redact(name)


@lru_cache(maxsize=1024)
def _folder_may_hold_secret(folder: str) -> bool:
    from .credentials import may_hold_secret

    return may_hold_secret(folder)


def read(path: str, name: str, *, explicit: bool) -> Optional[Parsed]:
    """Read and parse the file at `path` (shown as `name`); None when it is not a manifest."""
    try:
        # a FIFO or device never blocks: refused at once; what the size says is read (+1 to see growth)
        raw, size = read_regular(path, MAX_BYTES)
    except OSError as exc:
        name = shown_name(name)
        return Parsed(name, None, None, None, _refused(name, f"cannot read the file: {exc.strerror or exc}"))
    if len(raw) > MAX_BYTES:
        if not explicit and not looks_like_manifest(raw):
            return None
        name = shown_name(name)
        return Parsed(name, None, None, None, _refused(
            name, f"file is {max(size, len(raw)):,} bytes; the limit is {MAX_BYTES:,} bytes (1 MiB)"))
    return parse(raw, name, explicit=explicit)


def parse(raw: bytes, name: str, *, explicit: bool = True) -> Optional[Parsed]:
    """Parse and validate manifest bytes; None when not `explicit` and the file is not a manifest."""
    from .validate import check_manifest

    if not explicit and not candidate(raw):
        return None
    name = shown_name(name)
    try:
        doc = load_yaml(raw, name, require_mapping=False)
    except ManifestError as exc:
        if not explicit and not looks_like_manifest(raw):
            return None
        return Parsed(name, None, _text(raw), None, list(exc.findings))
    data = doc.data
    if not isinstance(data, dict):
        if not explicit:
            return None
        try:  # parse again, asking for a mapping, for the exact message (rare: explicit non-mappings)
            load_yaml(raw, name)
        except ManifestError as exc:
            return Parsed(name, None, doc.text, None, list(exc.findings))
        return Parsed(name, None, doc.text, None, _refused(name, "a manifest is a YAML mapping"))
    elif "authadvisor" not in data and not explicit:
        return None
    data, findings = check_manifest(doc)
    return Parsed(name, doc, doc.text, data, findings)
