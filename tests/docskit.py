"""Helpers for the docs tests: render pages, parse them (markdown-it-py and Python-Markdown for Markdown,
html.parser for HTML), collect their links and their text."""

from __future__ import annotations

import datetime as dt
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Optional

from conftest import ROOT
from snippetkit import EXAMPLE_FOR

TODAY = dt.date(2026, 1, 1)
#: one manifest per method, as paths relative to the repository root (as the pages show them)
PER_METHOD = [os.path.relpath(p, ROOT) for p in EXAMPLE_FOR.values()]
#: elements whose boundaries separate words in the visible text
BLOCK = frozenset({"p", "div", "li", "td", "th", "tr", "dt", "dd", "h1", "h2", "h3", "h4", "pre", "section",
                   "table", "ul", "ol", "dl", "header", "footer", "nav", "main", "title", "style"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                  "wbr"})


def build(paths: list, fmt: str = "md", cwd: Path = ROOT, **kwargs):
    """build_docs with a fixed 'today', run from `cwd` (paths are shown as given)."""
    from authadvisor.docs import build_docs

    old = os.getcwd()
    os.chdir(cwd)
    try:
        return build_docs([str(p) for p in paths], fmt=fmt, today=kwargs.pop("today", TODAY), **kwargs)
    finally:
        os.chdir(old)


# --- Markdown ---------------------------------------------------------------------------------------

def md_parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def md_tokens(text: str) -> list:
    """Every token, children included, in document order."""
    out = []
    for tok in md_parser().parse(text):
        out.append(tok)
        out.extend(tok.children or ())
    return out


def md_html(text: str) -> str:
    return md_parser().render(text)


def mkdocs_html(text: str) -> str:
    """The page as MkDocs renders it (Python-Markdown with MkDocs' default extensions)."""
    import markdown

    return markdown.markdown(text, extensions=["toc", "tables", "fenced_code"])


def md_links(text: str) -> list[str]:
    return [t.attrGet("href") for t in md_tokens(text) if t.type == "link_open"]


# --- HTML -------------------------------------------------------------------------------------------

class Page(HTMLParser):
    """A parsed HTML page: balanced-tag errors, every element with its attributes, ids, text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.elements: list[tuple[str, dict]] = []
        self.ids: list[str] = []
        self.chunks: list[str] = []
        self.comments: list[str] = []
        self.feed(text)
        self.close()
        if self.stack:
            self.errors.append(f"unclosed: {self.stack}")

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag in BLOCK:
            self.chunks.append(" ")
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag not in VOID:
            self.errors.append(f"self-closed non-void <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK:
            self.chunks.append(" ")
        if tag in VOID:
            self.errors.append(f"end tag for void <{tag}>")
        elif not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> does not close {self.stack[-1:] or 'anything'}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def tags(self, name: str) -> list[dict]:
        return [a for t, a in self.elements if t == name]

    @property
    def text(self) -> str:
        return " ".join("".join(self.chunks).split())

    def hrefs(self) -> list[str]:
        return [a.get("href") for a in self.tags("a")]


def flat(text: Optional[str]) -> str:
    return " ".join((text or "").split())


def visible(html: str) -> str:
    """The text of an HTML fragment, whitespace collapsed."""
    return Page(f"<div>{html}</div>").text


def strip_tags(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)
