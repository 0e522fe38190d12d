"""Only regular files are read. A FIFO or a device named as a manifest would block forever (or never
end); each is refused at once, without waiting for a writer: the file is opened non-blocking and checked
with fstat before a byte is read."""

from __future__ import annotations

import os
import stat
from typing import BinaryIO, Optional

_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))


def kind(mode: int) -> Optional[str]:
    """None for a regular file, else what it is, in words."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


class NotRegularFile(OSError):
    """The path is a FIFO, device, socket or directory (`what` says which)."""

    def __init__(self, what: str) -> None:
        self.what = what
        super().__init__(f"it is {what}, not a regular file; authadvisor reads only regular files")


def open_regular(path: str) -> BinaryIO:
    """Open `path` for reading in binary, or NotRegularFile at once when it is not a regular file."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        what = kind(os.fstat(fd).st_mode)
        if what is not None:
            raise NotRegularFile(what)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str, limit: int) -> tuple[bytes, int]:
    """(the bytes, the size fstat gave) of the regular file at `path`: what the size says plus one byte
    (to see growth), or `limit` + 1 bytes when the size is 0 (procfs) or over `limit`. NotRegularFile at
    once when it is not a regular file, like open_regular; one fstat and no buffered file object (lint
        reads every manifest through here). A first read that returns exactly the size fstat gave, and not
    the byte past it, is the end of the file: no second read to see nothing. O_NONBLOCK is left set: it
    has no effect on a regular file's reads, and it is only ever a regular file that is read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        what = kind(st.st_mode)
        if what is not None:
            raise NotRegularFile(what)
        size = st.st_size
        want = size + 1 if 0 < size <= limit else limit + 1
        first = os.read(fd, want)
        if len(first) == size and size:  # all fstat said, and not the byte past it: at the end (one read)
            return first, size
        parts = [first] if first else []
        want -= len(first)
        while want > 0 and first:
            part = os.read(fd, want)
            if not part:
                break
            parts.append(part)
            want -= len(part)
        return (parts[0] if len(parts) == 1 else b"".join(parts)), size
    finally:
        os.close(fd)
