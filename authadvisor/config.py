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

import os
import re
import sys
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Optional, Union

from .errors import UsageError
from .findings import Finding, Span
from .resources import upward
from .startup.namedtuples import NamedTuple

YAML_NAMES = (".authadvisor.yaml", ".authadvisor.yml")
CHECK = "config"
FAIL_ON = ("error", "warning", "info", "never")
LEVELS = ("error", "warning", "info", "off")


class Config(NamedTuple):  # a NamedTuple, not a dataclass: ~1 ms less of every start
    root: str  #: the configuration file's directory (else the current one): paths and globs are relative to it
    file: Optional[str] = None  #: where it came from (None: no configuration file)
    paths: tuple[str, ...] = ()  #: resolved against root
    exclude: tuple[str, ...] = ()
    fail_on: Optional[str] = None
    severity: Mapping[str, str] = MappingProxyType({})  #: check id -> level (read-only)
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
        with open(self.file, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        return self.file, _locate(text, keys, self.file.endswith(".toml"))


_PARSED: dict[tuple, Optional[tuple[str, Any]]] = {}  # (path, bytes) -> section: find_config and load_config
# both look at the nearest pyproject.toml; it is parsed once


def _pyproject_section(path: str) -> Optional[tuple[str, Any]]:
    """(text, the [tool.authadvisor] table) of a pyproject.toml that has one."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError:
        return None
    key = (path, raw)
    if key not in _PARSED:
        _PARSED.clear()
        _PARSED[key] = _parse_pyproject(path, raw)
    return _PARSED[key]


def _parse_pyproject(path: str, raw: bytes) -> Optional[tuple[str, Any]]:
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
                                                         path, span)]) from None
    section = data.get("tool", {}).get("authadvisor") if isinstance(data.get("tool"), dict) else None
    return (text, section) if section is not None else None


def _here(start: Union[str, os.PathLike, None]) -> str:
    """`start` (else the current directory), absolute with symlinks resolved. Strings, not pathlib: this
    runs at every start, and importing pathlib costs more than the rest of configuration lookup."""
    return os.path.realpath(os.fspath(start) if start is not None else os.getcwd())


def find_config(start: Union[str, os.PathLike, None] = None) -> Optional[str]:
    """The nearest .authadvisor.yaml, or pyproject.toml with [tool.authadvisor], from `start` upward."""
    for folder in upward(_here(start)):
        for name in YAML_NAMES:
            if os.path.isfile(os.path.join(folder, name)):
                return os.path.join(folder, name)
        pyproject = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(pyproject) and _pyproject_section(pyproject) is not None:
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


def _validate(data: Any, file: str, text: str, doc: Any = None) -> _Settings:
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


def load_config(start: Union[str, os.PathLike, None] = None) -> Config:
    """The configuration in force for `start` (the current directory), or the defaults."""
    file = find_config(start)
    if file is None:
        return Config(root=_here(start))
    if os.path.basename(file) == "pyproject.toml":
        found = _pyproject_section(file)
        text, data = found if found is not None else ("", {})
        settings = _validate(data, file, text)
    else:
        from .errors import ManifestError
        from .manifest.rawfile import read_bytes
        from .manifest.safeyaml import load_yaml

        try:
            doc = load_yaml(read_bytes(file), file, require_mapping=False)
        except ManifestError as exc:  # yaml-syntax findings at their positions
            raise UsageError(f"{file}: unreadable configuration", exc.findings) from None
        except OSError as exc:
            raise UsageError(f"cannot read {file}: {exc.strerror or exc}") from None
        settings = _validate({} if doc.data is None else doc.data, file, doc.text, doc)  # empty: defaults
    from pathlib import PurePath  # joined as pathlib joins them ("./x" is "x"): only with a file

    root = os.path.dirname(file)
    return Config(file=file, root=root, paths=tuple(os.fspath(PurePath(root, p)) for p in settings.paths),
                  exclude=settings.exclude, fail_on=settings.fail_on, severity=dict(settings.severity),
                  rules=os.fspath(PurePath(root, settings.rules)) if settings.rules else None)
