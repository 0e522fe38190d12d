r"""Escaping for the Markdown pages: every value a template writes goes through one of these filters.

The output must mean the same on GitHub, GitLab (CommonMark + GFM) and MkDocs (Python-Markdown), and
text from a manifest or a rules table must stay text there: no emphasis, links, images, raw HTML,
autolinks, code, headings or lists. Text is first flattened to one line (snippets' `inert`: line breaks
become spaces, invisible characters visible escapes), so only its first character can start a line.
Then each character that means something is written in a form all three read back as that character:

- always: ``\ ` * [ ] { } # >`` get a backslash; ``< & | ~ $`` become entities (`|` splits table
  cells, `~` strikes through, `$` is math on GitHub and GitLab);
- where they can mean something: `_` unless between two letters or digits (intraword underscores are
  inert everywhere); `.` before a letter or digit (domains such as www.x.y are autolinked) and after
  `www` whatever follows (GFM links `www.-x`, `www.=x`, `www.\\x`); `:` before `/` (http://
  autolinks); and at the start of the text `- + = : ! ? /` and the `.` or `)` of `1.` / `1)` (lists,
  headings, definition lists, MkDocs admonitions).

A backslash only where Python-Markdown also unescapes it; an entity (`&#58;`) otherwise.
Everything else (sentence punctuation, parentheses, hyphens inside words) stays as written, so the
Markdown stays readable in a diff. An entity or a backslash also splits what autolinkers would match,
except one: GFM links email addresses (and mailto:/xmpp: ones) after parsing, in the text as
unescaped, so no escape can stop it. An empty HTML comment before the `@` of anything shaped like an
address does (`a<!-- -->@b.c`): it splits the text where the linker looks, and every renderer drops
it (GitHub, GitLab, MkDocs and CommonMark all pass comments through or omit them). So no manifest text
becomes a link on any of them.

Values are `Md` strings once escaped. The environment's `finalize` refuses to write anything else
(see `guard`), so a template that forgets a filter fails to render instead of injecting.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..snippets.filters import inert

_BACKSLASH = frozenset("\\`*[]{}#>")
_ENTITY = {"<": "&lt;", "&": "&amp;", "|": "&#124;", "~": "&#126;", "$": "&#36;"}
#: may start a block at the start of a line: lists, setext headings, definition lists, and MkDocs
#: extensions' admonitions (!!!), details (???) and blocks (///)
_START = frozenset("-+=:!?/")
#: characters Python-Markdown does not unescape after a backslash: written as entities
_NO_BACKSLASH = frozenset("<&|~$:=?/")
_LIST_START = re.compile(r"[0-9]+[.)]")
_ID = re.compile(r"[A-Za-z0-9]+(?:[_.-][A-Za-z0-9]+)*")
#: the `@` of an address GFM might link: any `@` after a local-part character. Whatever follows is not
#: looked at: cmark-gfm links `0@.A` (a domain that starts with a dot) and takes the `.` or `\` of an
#: escape we wrote as part of the domain, so no rule about the next character is safe
_EMAIL_AT = re.compile(r"(?<=[A-Za-z0-9.+_-])@")
BREAK = "<!-- -->"  #: splits a text node for GFM's email linker, and renders as nothing
#: text that `escaped` leaves as it is: ASCII letters, digits, spaces and punctuation no rule above touches,
#: not starting like a list item or a block (a test holds `escaped` to that)
_PLAIN = re.compile(r"(?![-+=:!?/])(?![0-9]+[.)])[A-Za-z0-9 ,;'\"()-]*")
_URL_SAFE = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]")


def _escape(ch: str) -> str:
    """`ch` escaped: an entity where Python-Markdown has no backslash escape for it, else a backslash."""
    if ch in _NO_BACKSLASH:
        return _ENTITY.get(ch) or f"&#{ord(ch)};"
    return "\\" + ch


_FEW = 64  #: up to this many runs, longest_run visits each one


class Md(str):
    """Text that is already valid Markdown for where a template puts it."""

    __slots__ = ()


class UnescapedValue(TypeError):
    """A template wrote a value without an escaping filter (a bug in the template)."""


def text(value: Any) -> Md:
    """Any text as inline Markdown that renders as exactly that text (on one line); None as nothing."""
    if value is None:
        return Md("")
    return _text(str(value))


@lru_cache(maxsize=8192)
def _text(value: str) -> Md:
    """text() of a string, once per run for each (the rules table's texts repeat on every page)."""
    flat = inert(value)
    if _PLAIN.fullmatch(flat):  # letters, digits, spaces and inert punctuation: nothing to escape
        return Md(flat)
    return Md(escaped(flat))


#: characters `escaped` may have to change: every other one is written as it is, wherever it stands (but
#: the first character, and the `)` that ends a `1)`, which it looks at by position)
_MAYBE = re.compile(r"[@<&|~$\\`*\[\]{}#>_.:]")


def escaped(flat: str) -> str:
    """The escaping of one flattened line: only the characters that may mean something are looked at
    (tests/test_docs_fastpaths.py holds this to the walk over every character it replaced)."""
    listy = _LIST_START.match(flat)
    marked = {m.start() for m in _MAYBE.finditer(flat)}
    if flat and flat[0] in _START:
        marked.add(0)
    if listy is not None:
        marked.add(listy.end() - 1)
    out: list[str] = []
    last = 0
    for i in sorted(marked):
        ch = flat[i]
        if ch == "@":
            if not _EMAIL_AT.match(flat, i):
                continue
            piece = BREAK + "@"
        elif ch in _ENTITY:
            piece = _ENTITY[ch]
        elif (ch in _BACKSLASH
              or (ch == "_" and not (flat[i - 1: i].isalnum() and flat[i + 1: i + 2].isalnum()))
              or (ch == "." and (flat[i + 1: i + 2].isalnum() or flat[i - 3: i].lower() == "www"))
              or (ch == ":" and flat[i + 1: i + 2] == "/")
              or (i == 0 and ch in _START)
              or (listy is not None and i == listy.end() - 1)):
            piece = _escape(ch)
        else:
            continue
        out += (flat[last:i], piece)
        last = i + 1
    return "".join(out) + flat[last:] if out else flat


def ident(value: Any) -> Md:
    """An id (check, rule, method, file name): word characters, dots and hyphens only, written as is."""
    value = str(value)
    if not _ID.fullmatch(value):
        return text(value)
    return Md(value)


def code(value: Any) -> Md:
    """An inline code span for `value`: fenced by one backtick more than its longest backtick run."""
    return _code(str(value))


@lru_cache(maxsize=4096)
def _code(value: str) -> Md:
    """code() of a string, once per run for each (ids and hosts repeat on every page)."""
    body = inert(value)
    if "|" in body:  # a code span cannot carry a pipe portably inside a table cell
        return text(body)
    fence = "`" * (longest_run(body, "`") + 1)
    pad = " " if body.startswith("`") or body.endswith("`") or not body.strip() else ""
    return Md(f"{fence}{pad}{body}{pad}{fence}")


def longest_run(text: str, ch: str) -> int:
    """The length of the longest run of `ch` in `text`. A few occurrences (most snippets have none, or
    a handful) are measured where str.find puts them (a search that stops at the first, where
    str.count reads the whole text: a page's snippets are ~100 KB); past _FEW of them, a substring
    search per length at C speed (a snippet of 20 KB has runs of three at most), and one regex scan only
    for longer runs."""
    best, seen, i = 0, 0, text.find(ch)
    while i >= 0:
        seen += 1
        if seen > _FEW:
            break
        j = i + 1
        while j < len(text) and text[j] == ch:
            j += 1
        best = max(best, j - i)
        i = text.find(ch, j)
    else:
        return best
    run = 0
    while ch * (run + 1) in text:
        run += 1
        if run == 8:  # a long run (hostile text): one scan, not one search per length
            return max(len(m) for m in re.findall(re.escape(ch) + "+", text))
    return run


def fence(content: str, info: str) -> Md:
    """A fenced code block: the fence is longer than any backtick run in the content, so nothing in
    it can close the block early; `info` is the language (bash, python, ...)."""
    if not re.fullmatch(r"[a-z0-9+-]*", info):
        raise ValueError(f"bad code block language {info!r}")
    bar = "`" * max(3, longest_run(content, "`") + 1)
    body = content if content.endswith("\n") else content + "\n"
    return Md(f"{bar}{info}\n{body}{bar}")


def url(value: Any) -> Md:
    """An https URL (from the rules table) for a link destination; anything else is refused."""
    return _url(str(value))


@lru_cache(maxsize=1024)
def _url(value: str) -> Md:
    """url() of a string, once per run for each (the same sources are linked from every page)."""
    if not value.startswith("https://") or any(ch.isspace() for ch in value):
        raise ValueError(f"refusing to link to {value!r}: only https:// URLs from the rules table")
    return Md("".join(ch if _URL_SAFE.fullmatch(ch) and ch not in "()" else
                      "".join(f"%{b:02X}" for b in ch.encode("utf-8")) for ch in value))


def link(title: Any, target: Any) -> Md:
    """[title](url) for a source of the rules table."""
    return Md(f"[{text(title)}]({url(target)})")


def page_link(title: Any, href: str) -> Md:
    """A link to another generated page (`name.md`): names are kebab-case, checked here again."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*\.md", href):
        raise ValueError(f"bad page link {href!r}")
    return Md(f"[{text(title)}]({href})")


def guard(value: Any) -> Any:
    """The environment's `finalize`: only escaped text and numbers may be written."""
    if isinstance(value, Md) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise UnescapedValue(f"unescaped value in a Markdown template: {value!r} (use |text, |code, ...)")


FILTERS = {
    "text": text,
    "ident": ident,
    "code": code,
    "fence": fence,
    "url": url,
    "link": link,
    "page_link": page_link,
}
