"""Content digests of files remembered by their stat (startup/digests): a digest is always the BLAKE2b-256
of the file's current bytes; a remembered one is used only while the file's stat is unchanged, so an
edit (even one that keeps the size and sets the modification time back), a replacement or a copy is read
afresh; a file written just before it was read is not remembered; a damaged or foreign memo means
reading the files. And the caches keyed by these digests still key by content."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from authadvisor.resources import digest
from authadvisor.startup import digests


class Later:
    """time as seen RACY_NS and more after the files were written: their digests may be remembered."""

    @staticmethod
    def time_ns() -> int:
        import time

        return time.time_ns() + 10 * digests.RACY_NS


@pytest.fixture
def memo(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(digests, "_memo", {})
    return cache_dir / f"file-digests-{digests.FORMAT}.marshal"


def files(tmp_path: Path, count: int = 3) -> list[str]:
    out = []
    for i in range(count):
        path = tmp_path / f"f{i}.py"
        path.write_bytes(f"x = {i}\n".encode() * (i + 1))
        out.append(str(path))
    return out


def truth(paths: list[str]) -> list[bytes]:
    return [digest(Path(p).read_bytes()).digest() for p in paths]


def forget(monkeypatch: pytest.MonkeyPatch) -> None:
    """A new process: the memo is read from its file again."""
    monkeypatch.setattr(digests, "_memo", {})


def no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args, **_kwargs):
        raise AssertionError("a remembered file was read")

    monkeypatch.setattr(digests, "open", refuse, raising=False)


def test_digests_are_of_the_bytes_and_none_for_a_missing_file(memo: Path, tmp_path: Path) -> None:
    paths = files(tmp_path)
    assert digests.digests(paths) == truth(paths)
    assert digests.digests([*paths, str(tmp_path / "missing.py")]) is None
    assert digests.digests([]) == []


def test_a_remembered_file_is_not_read_again(memo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = files(tmp_path)
    monkeypatch.setattr(digests, "time", Later)
    assert digests.digests(paths) == truth(paths)
    assert set(digests.read(str(memo))) == set(paths)
    forget(monkeypatch)
    with monkeypatch.context() as m:
        no_reading(m)
        assert digests.digests(paths) == truth(paths)


def test_any_write_is_seen(memo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = files(tmp_path)
    monkeypatch.setattr(digests, "time", Later)
    digests.digests(paths)
    target = Path(paths[1])
    before = os.stat(target)  # the same size and modification time: only the change time tells
    target.write_bytes(target.read_bytes().replace(b"1", b"7"))
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (os.stat(target).st_size, os.stat(target).st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    forget(monkeypatch)
    assert digests.digests(paths) == truth(paths)
    replacement = tmp_path / "new"  # replaced by a rename: another inode, times carried over
    replacement.write_bytes(b"y = 2\n" * 3)
    os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(replacement, target)
    forget(monkeypatch)
    assert digests.digests(paths) == truth(paths)


def test_a_file_written_just_now_is_not_remembered(memo: Path, tmp_path: Path) -> None:
    paths = files(tmp_path)  # the real clock: each file is younger than RACY_NS
    assert digests.digests(paths) == truth(paths)
    assert not memo.exists() or not set(paths) & set(digests.read(str(memo)))


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "digest-mismatch", "wrong-shape"])
def test_a_damaged_memo_means_reading_the_files(memo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               damage: str) -> None:
    import marshal

    paths = files(tmp_path)
    monkeypatch.setattr(digests, "time", Later)
    digests.digests(paths)
    good = memo.read_bytes()
    payload = marshal.dumps({paths[0]: (1, 2, 3, 4, 5, b"short")})
    memo.write_bytes({"truncated": good[: len(good) // 2], "garbage": b"\x00\xff" * 30, "empty": b"",
                      "digest-mismatch": good[:32] + good[33:],
                      "wrong-shape": digest(payload).digest() + payload}[damage])
    assert digests.read(str(memo)) == {}
    forget(monkeypatch)
    assert digests.digests(paths) == truth(paths)


def test_a_forged_digest_in_someone_elses_memo_is_not_trusted(memo: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import marshal

    paths = files(tmp_path, 1)
    monkeypatch.setattr(digests, "time", Later)
    digests.digests(paths)
    entries = digests.read(str(memo))
    forged = {paths[0]: (*entries[paths[0]][:5], b"\x01" * 32)}
    payload = marshal.dumps(forged)
    memo.write_bytes(digest(payload).digest() + payload)
    monkeypatch.setattr(os, "getuid", lambda: os.stat(memo).st_uid + 1)  # another user's file
    forget(monkeypatch)
    assert digests.digests(paths) == truth(paths)


def test_the_memo_keeps_the_newest(memo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(digests, "time", Later)
    monkeypatch.setattr(digests, "MAX_ENTRIES", 4)
    paths = files(tmp_path, 6)
    for path in paths:
        digests.digests([path])
    assert list(digests.read(str(memo))) == paths[-4:]


def test_the_rules_cache_key_is_still_a_content_hash(memo: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The same content in another folder, with other times, gives the same key; one byte more does not."""
    import shutil

    from authadvisor.rules import cache

    monkeypatch.setattr(digests, "time", Later)
    builtin = cache.builtin_dir()
    copy = tmp_path / "rules"
    shutil.copytree(builtin, copy)
    key = cache.table_key(builtin, custom=True)
    assert cache.table_key(copy, custom=True) == key
    forget(monkeypatch)
    assert cache.table_key(copy, custom=True) == key  # remembered: the same key
    with open(copy / "rules.yaml", "ab") as fh:
        fh.write(b"\n")
    assert cache.table_key(copy, custom=True) != key
