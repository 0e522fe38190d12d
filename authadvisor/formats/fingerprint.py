"""Stable identities for findings, so code scanning (SARIF partialFingerprints) and GitLab Code Quality
(fingerprint) follow an alert across commits instead of opening a new one when unrelated lines move.

A fingerprint hashes the check id, the repository-relative file, the offending line's key (the text
before its first `:`, or the whole line for a list item; credential-looking values redacted) and the
message with its numbers blanked out (so "first defined at line 3" survives an insertion above). Line
numbers and columns are left out on purpose. Identical findings in one file are told apart by their
order (`:1`, `:2`, ...), as GitHub's own `primaryLocationLineHash` does. Nothing secret goes in:
messages are already redacted, and so is the key text."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import Optional

from ..findings import Finding
from ..manifest.credentials import redact

_NUMBER = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def _line_key(line: str) -> str:
    text = line.strip()
    if text.startswith("#"):
        return ""
    key = text.split(":", 1)[0] if ":" in text and not text.startswith(("-", "[", "{")) else text
    return redact(_SPACE.sub(" ", key))


class _Lines:
    """Source lines of the file findings point at; findings come sorted by file, so one file is kept."""

    def __init__(self) -> None:
        self._name: Optional[str] = None
        self._lines: list[str] = []

    def get(self, name: str, line: int) -> str:
        if name != self._name:
            self._name = name
            try:
                with open(name, encoding="utf-8", errors="replace") as fh:
                    self._lines = fh.read(1 << 20).splitlines()
            except OSError:  # gone, or not a file (<input>): the key part is left empty
                self._lines = []
        return self._lines[line - 1] if 0 < line <= len(self._lines) else ""


def fingerprints(findings: Sequence[Finding], paths: Sequence[str]) -> list[tuple[str, int]]:
    """(hex digest, occurrence from 1) per finding; `paths` are the findings' repository-relative
    files."""
    lines = _Lines()
    seen: dict[str, int] = {}
    out = []
    for f, path in zip(findings, paths):
        material = "\0".join((f.check, path, _line_key(lines.get(f.file, f.span.line)),
                              _NUMBER.sub("#", f.message)))
        digest = hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        seen[digest] = seen.get(digest, 0) + 1
        out.append((digest, seen[digest]))
    return out
