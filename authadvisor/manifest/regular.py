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
