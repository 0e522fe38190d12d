"""A manifest's bytes: at most 1 MiB, regular files only (a FIFO or device is refused, never read), and
UTF-8 text (UTF-16 and UTF-32 are named by their byte-order mark and refused)."""

from __future__ import annotations

import os
from typing import Optional, Union

from ..errors import ManifestError
from ..findings import Finding, Span
from .credentials import redact
from .lines import LineTable
from .regular import NotRegularFile, open_regular

MAX_BYTES = 1024 * 1024  #: files larger than 1 MiB are refused before parsing
CHECK = "yaml-syntax"


def fail(name: str, message: str, span: Span) -> ManifestError:
    message = redact(message)  # a key or tag may itself be a credential: never echo it
    return ManifestError(message, [Finding(CHECK, "error", message, name, span)])


#: byte-order marks of the encodings YAML allows besides UTF-8 (UTF-32 first: FF FE 00 00 starts like
#: UTF-16 LE's FF FE)
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32 LE"), (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32 BE"),
         (b"\xff\xfe", "utf-16-le", "UTF-16 LE"), (b"\xfe\xff", "utf-16-be", "UTF-16 BE"))


def foreign_bom(raw: bytes) -> Optional[tuple[str, str]]:
    """(codec, label) when `raw` starts with a UTF-16 or UTF-32 byte-order mark, else None."""
    return next(((codec, label) for bom, codec, label in _BOMS if raw.startswith(bom)), None)


def decode(raw: bytes, name: str) -> str:
    """UTF-8 (a BOM is tolerated) or a `yaml-syntax` error at the first bad byte. UTF-16 and UTF-32
    (told by their byte-order mark) are refused by name: manifests are UTF-8."""
    if len(raw) > MAX_BYTES:
        raise fail(name, f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,} bytes (1 MiB)",
                    Span.at(1, 1))
    bom = foreign_bom(raw)
    if bom is not None:
        raise fail(name, f"file is encoded as {bom[1]} (it starts with a {bom[1]} byte-order mark); "
                    "save it as UTF-8", Span.at(1, 1))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8")
        line, col = LineTable(good).position(len(good))
        raise fail(name, f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                    "save it as UTF-8", Span.at(line, col)) from None
    return text[1:] if text.startswith("\ufeff") else text


def read_bytes(path: Union[str, os.PathLike], name: Optional[str] = None) -> bytes:
    """Read a file, refusing anything over the size limit without reading it all."""
    name = name or os.fspath(path)
    try:
        fh = open_regular(os.fspath(path))
    except NotRegularFile as exc:  # a FIFO or device: refused at once, never read
        raise fail(name, f"cannot read the file: {exc}", Span.at(1, 1)) from None
    with fh:
        raw = fh.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            size = os.fstat(fh.fileno()).st_size
            raise fail(name, f"file is {size:,} bytes; the limit is {MAX_BYTES:,} bytes (1 MiB)",
                        Span.at(1, 1))
    return raw
