"""ARCHITECTURE.md and CONTRIBUTING.md stay true: every path they name exists, every module they name
imports, and the package keeps its shape (few top-level modules, none oversized)."""

from __future__ import annotations

import importlib
import re

import pytest
from conftest import ROOT

DOCS = ("ARCHITECTURE.md", "CONTRIBUTING.md", "README.md")
PATH = re.compile(r"`([\w.-]+/[\w./-]*)`")  # `manifest/files.py`, `rules/tables.outcome_for`, `templates/`
MODULE = re.compile(r"python -m (authadvisor(?:\.[a-z_]+)*)")


def named_paths(doc: str) -> list[str]:
    """The repository paths a document names: backticked, starting at a top-level entry of the repository
    or a folder of the package (`docs/output.py`); `otp/generate` or `drafts/acme.yaml` are not paths."""
    roots = {p.name for p in ROOT.iterdir()} | {p.name for p in (ROOT / "authadvisor").iterdir() if p.is_dir()}
    roots -= {".venv", ".git"}
    text = (ROOT / doc).read_text(encoding="utf-8")
    words = set(PATH.findall(text))
    blocks = re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S) if doc != "README.md" else []
    for block in blocks:  # commands in code blocks (the README's name output folders too)
        words |= {w.strip("()'\";") for w in block.split() if "/" in w}
    return sorted({p for p in words if p.split("/")[0] in roots})


def resolves(named: str) -> bool:
    """A path from the repository root or the package (`rules/engine.py` is authadvisor/rules/engine.py),
    a module without `.py`, or a module's attribute (`rules/tables.outcome_for`)."""
    named = named.rstrip("/")
    head, _, attr = named.rpartition("/")
    stems = {named, f"{named}.py"}
    if "." in attr and not attr.endswith((".py", ".yaml", ".json", ".md", ".j2", ".js", ".css", ".html")):
        stems.add(f"{head}/{attr.split('.')[0]}.py")
    return any((base / stem).exists() for base in (ROOT, ROOT / "authadvisor") for stem in stems)


@pytest.mark.parametrize("doc", DOCS)
def test_every_path_named_exists(doc: str) -> None:
    paths = named_paths(doc)
    assert len(paths) > {"ARCHITECTURE.md": 20}.get(doc, 3), "the regex no longer finds the paths"
    missing = [p for p in paths if not resolves(p)]
    assert missing == [], f"{doc} names paths that do not exist: {missing}"


@pytest.mark.parametrize("doc", DOCS)
def test_every_module_named_imports(doc: str) -> None:
    for name in MODULE.findall((ROOT / doc).read_text(encoding="utf-8")):
        importlib.import_module(name)


def test_architecture_names_every_room() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    rooms = sorted(p.name for p in (ROOT / "authadvisor").iterdir()
                   if p.is_dir() and (p / "__init__.py").exists())
    assert [r for r in rooms if f"authadvisor/{r}/" not in text] == []


def test_package_shape() -> None:
    package = ROOT / "authadvisor"
    top = sorted(p.name for p in package.glob("*.py"))
    assert len(top) <= 12, top
    long = {str(p.relative_to(ROOT)): n for p in package.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 350}
    assert long == {}, f"modules over 350 lines: {long}"
