"""Project configuration: `[tool.authadvisor]` in pyproject.toml, or `.authadvisor.yaml`.

Found from the current directory upward; the nearest directory with either wins (`.authadvisor.yaml`
first when a directory has both). Paths in it are relative to the file's directory.

    [tool.authadvisor]
    paths = ["integrations"]              # what `authadvisor lint` checks when given no PATHS
    exclude = ["integrations/drafts/**"]  # globs, relative to this file
    fail-on = "warning"                   # error | warning | info | never
    rules = "rules-custom"                # a rules directory
    [tool.authadvisor.severity]           # per check: error | warning | info | off
    unused-waiver = "off"

Command-line options win over the file, and the file over the defaults. A broken file is a usage
error (exit 2) at its file:line:col.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, Optional

from .errors import UsageError
from .findings import Finding, Span

YAML_NAMES = (".authadvisor.yaml", ".authadvisor.yml")
CHECK = "config"
FAIL_ON = ("error", "warning", "info", "never")
LEVELS = ("error", "warning", "info", "off")


@dataclass(frozen=True)
class Config:
    file: Optional[Path] = None  #: where it came from (None: no configuration file)
    root: Path = field(default_factory=Path.cwd)  #: the file's directory: paths and globs are relative to it
    paths: tuple[str, ...] = ()  #: resolved against root
    exclude: tuple[str, ...] = ()
    fail_on: Optional[str] = None
    severity: dict = field(default_factory=dict)
    rules: Optional[str] = None  #: resolved against root

    def check_severity_ids(self, known: tuple) -> None:
        """Every check named under `severity` must exist in the effective table (else exit 2)."""
        from .suggest import did_you_mean

        found = []
        for check_id in self.severity:
            if check_id not in known:
                name, span = self.span("severity", check_id)
                found.append(Finding(CHECK, "error", f"unknown check {check_id!r} under severity"
                                     f"{did_you_mean(check_id, known)}; "
                                     "run 'authadvisor checks' to list them",
                                     name, span))
        if found:
            raise UsageError("unknown check ids in the configuration", found)

    def span(self, *keys: str) -> tuple[str, Span]:
        """file, line:col of a key (for messages about values checked later, e.g. check ids)."""
        if self.file is None:
            return "<config>", Span.at(1, 1)
        text = self.file.read_text(encoding="utf-8", errors="replace")
        return os.fspath(self.file), _locate(text, keys, self.file.suffix == ".toml")


_PARSED: dict[tuple, Optional[tuple[str, Any]]] = {}  # (path, bytes) -> section: find_config and load_config
# both look at the nearest pyproject.toml; it is parsed once


def _pyproject_section(path: Path) -> Optional[tuple[str, Any]]:
    """(text, the [tool.authadvisor] table) of a pyproject.toml that has one."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    key = (os.fspath(path), raw)
    if key not in _PARSED:
        _PARSED.clear()
        _PARSED[key] = _parse_pyproject(path, raw)
    return _PARSED[key]


def _parse_pyproject(path: Path, raw: bytes) -> Optional[tuple[str, Any]]:
    try:
        text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text() reads it
    except UnicodeDecodeError:
        return None
    if "tool.authadvisor" not in text and not re.search(r"(?m)^\s*\[\s*tool\s*\]", text):
        return None
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.9/3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+), column (\d+)", str(exc))
        span = Span.at(int(where.group(1)), int(where.group(2))) if where else Span.at(1, 1)
        message = str(exc).split(" (at ")[0]
        raise UsageError(f"{path}: {message}", [Finding(CHECK, "error", f"invalid TOML: {message}",
                                                         os.fspath(path), span)]) from None
    section = data.get("tool", {}).get("authadvisor") if isinstance(data.get("tool"), dict) else None
    return (text, section) if section is not None else None


def find_config(start: Optional[Path] = None) -> Optional[Path]:
    """The nearest .authadvisor.yaml, or pyproject.toml with [tool.authadvisor], from `start` upward."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in YAML_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _pyproject_section(pyproject) is not None:
            return pyproject
    return None


def _line_of(lines: list, pattern: str) -> Optional[int]:
    return next((i for i, line in enumerate(lines) if re.match(pattern, line)), None)


def _locate(text: str, keys: tuple, toml: bool) -> Span:
    """Best-effort line:col of a (possibly nested) key in a config file's text (lines counted as editors
    count them: the line table findings use)."""
    from .manifest.lines import LineTable

    lines = LineTable(text).lines()
    start = 0
    if toml:
        start = _line_of(lines, r"\s*\[\s*tool\.authadvisor\s*\]") or 0
        if keys[:1] == ("severity",):
            sub = _line_of(lines, r"\s*\[\s*tool\.authadvisor\.severity\s*\]")
            if sub is not None:
                start, keys = sub, keys[1:]
    for key in keys:
        pattern = re.compile(rf"""^(\s*)["']?{re.escape(str(key))}["']?\s*[:=]""")
        for i in range(start, len(lines)):
            m = pattern.match(lines[i])
            if m:
                start = i
                break
    col = len(lines[start]) - len(lines[start].lstrip()) + 1 if start < len(lines) else 1
    return Span.at(start + 1, col)


SETTINGS = ("paths", "exclude", "fail-on", "severity", "rules")


class _Settings(NamedTuple):  # a NamedTuple, not a dataclass: ~1 ms less of every start
    paths: tuple
    exclude: tuple
    fail_on: Optional[str]
    severity: dict
    rules: Optional[str]


def _problems(data: dict) -> list[tuple[tuple, str, bool]]:
    """(location, message, point at the key) for every invalid setting. Plain code, no pydantic: every
    command reads the configuration, and start-up stays fast."""
    from .manifest.validate import show_value
    from .suggest import did_you_mean

    out: list[tuple[tuple, str, bool]] = []
    for key, value in data.items():
        if key not in SETTINGS:
            out.append(((key,), f'unknown setting "{key}"{did_you_mean(str(key), SETTINGS)}; '
                        f"settings: {', '.join(SETTINGS)}", True))
        elif key in ("paths", "exclude"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                out.append(((key,), f'"{key}" must be a list of strings, got {show_value(value)}', False))
        elif key == "fail-on":
            if value not in FAIL_ON:
                out.append(((key,), f'"fail-on" must be one of: {", ".join(FAIL_ON)}; got {show_value(value)}',
                            False))
        elif key == "rules":
            if not isinstance(value, str) or not value:
                out.append(((key,), f'"rules" must be a directory path, got {show_value(value)}', False))
        elif not isinstance(value, dict):
            out.append(((key,), f'"severity" must be a mapping of check ids to levels, got {show_value(value)}',
                        False))
        else:
            for check, level in value.items():
                if level is not False and level not in LEVELS:  # YAML 1.1 reads a bare `off` as false
                    out.append(((key, check), f'"severity.{check}" must be one of: {", ".join(LEVELS)}; '
                                f"got {show_value(level)}", False))
    return out


def _validate(data: Any, file: Path, text: str, doc: Any = None) -> _Settings:
    if not isinstance(data, dict):
        raise UsageError(f"{file}: the configuration must be a mapping of settings",
                         [Finding(CHECK, "error", "the configuration must be a mapping of settings",
                                  os.fspath(file), Span.at(1, 1))])
    problems = _problems(data)
    if problems:
        found = [Finding(CHECK, "error", message, os.fspath(file),
                         doc.span(loc, key=at_key) if doc is not None else _locate(text, loc, True))
                 for loc, message, at_key in problems]
        raise UsageError(f"{file}: invalid authadvisor configuration", found)
    severity = {k: ("off" if v is False else v) for k, v in data.get("severity", {}).items()}
    return _Settings(tuple(data.get("paths", ())), tuple(data.get("exclude", ())), data.get("fail-on"),
                     severity, data.get("rules"))


def load_config(start: Optional[Path] = None) -> Config:
    """The configuration in force for `start` (the current directory), or the defaults."""
    file = find_config(start)
    if file is None:
        return Config(root=(start or Path.cwd()).resolve())
    if file.name == "pyproject.toml":
        found = _pyproject_section(file)
        text, data = found if found is not None else ("", {})
        settings = _validate(data, file, text)
    else:
        from .errors import ManifestError
        from .manifest.rawfile import read_bytes
        from .manifest.safeyaml import load_yaml

        try:
            doc = load_yaml(read_bytes(file), os.fspath(file), require_mapping=False)
        except ManifestError as exc:  # yaml-syntax findings at their positions
            raise UsageError(f"{file}: unreadable configuration", exc.findings) from None
        except OSError as exc:
            raise UsageError(f"cannot read {file}: {exc.strerror or exc}") from None
        settings = _validate({} if doc.data is None else doc.data, file, doc.text, doc)  # empty: defaults
    root = file.parent
    return Config(file=file, root=root, paths=tuple(os.fspath(root / p) for p in settings.paths),
                  exclude=settings.exclude, fail_on=settings.fail_on, severity=dict(settings.severity),
                  rules=os.fspath(root / settings.rules) if settings.rules else None)
