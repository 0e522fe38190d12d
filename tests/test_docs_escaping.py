"""Manifest text stays text: in Markdown (markdown-it-py = CommonMark, cmarkgfm = GitHub's cmark-gfm,
Python-Markdown = MkDocs) and in HTML (autoescape). Properties of the escaping filters, then whole pages rendered from a
hostile manifest."""

from __future__ import annotations

import string

import cmarkgfm
import pytest
from docskit import Page, build, flat, md_tokens, mkdocs_html, visible
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from authadvisor.docs import markdown as md
from authadvisor.snippets.filters import inert

HOSTILE_DESCRIPTION = ("<script>alert(1)</script> [x](javascript:alert(1)) ![img](http://evil) "
                       "*em* _em_ **strong** `code` ``` ```` | a | b | ~~gone~~ $x$ # not a heading "
                       "&amp; &lt;b&gt; <!-- c --> http://evil.example www.evil.example {: .attr} :smile: "
                       "[ref]: https://evil.example \\ end")
HOSTILE_OWNER = "![img](http://evil) <img src=x onerror=alert(1)> [y](javascript:alert(2))"
HOSTILE_START = ["- item", "1. one", "# h", "> quote", "=== ", "--- ", "+ plus", "!!! note", "??? tip",
                 "/// admonition", "| a |", "    indented", "~~~ fence", "``` fence", ": definition",
                 "10) item", "<div>", "*", "_x_", "[^1]"]

#: characters with a meaning somewhere, plus letters, digits, spaces and a few non-ASCII ones
ALPHABET = st.sampled_from(list(string.printable.replace("\x0b", "").replace("\x0c", "")) +
                           ["é", "›", "\u00a0", "\u2028", "\u202e", "\U0001f600"])


def gfm(text: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(text)


def md_it_html(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)


CONTEXTS = {
    "paragraph": ("{}", "p"),
    "heading": ("# {}", "h1"),
    "list item": ("- {}", "li"),
    "table cell": ("| head |\n|---|\n| {} |", "td"),
    "after label": ("- **Label:** {}", "li"),
}


def _only_text(html: str, tag: str, expected: str, label: str = "") -> None:
    page = Page(html)
    assert not page.errors, html
    allowed = {tag, "strong"} if label else {tag}
    if tag == "td":
        allowed |= {"table", "thead", "tbody", "tr", "th"}
    if tag == "li":
        allowed |= {"ul"}
    tags = {t for t, _a in page.elements}  # no link of any kind: not even GFM's email autolinks
    assert tags <= allowed, (tags, html)
    body = page.text
    for prefix in ("head" if tag == "td" else "", label):  # the table's header row, not a value "head"
        body = body[len(prefix):].lstrip() if prefix and body.startswith(prefix) else body
    assert body == expected, (body, expected, html)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(ALPHABET, max_size=30), st.sampled_from(sorted(CONTEXTS)))
# addresses whose domain starts with what we escape or cmark-gfm takes anyway (found by this test)
@example("0@.A", "after label")
@example("a@.b", "paragraph")
@example("x@\\A.b", "list item")
@example("a@-b.c", "table cell")
def test_text_renders_as_itself_everywhere(value, context):
    expected = flat(inert(value))
    assume(expected)
    template, tag = CONTEXTS[context]
    source = template.format(md.text(value))
    label = "Label:" if context == "after label" else ""
    for render in (md_it_html, gfm, mkdocs_html):
        _only_text(render(source), tag, expected, label)


@settings(max_examples=200, deadline=None)
@given(st.text(ALPHABET, min_size=1, max_size=30))
def test_code_span_holds_its_text(value):
    body = inert(value)
    assume(body.strip() and "|" not in body)
    tokens = md_tokens(md.code(value))
    spans = [t for t in tokens if t.type == "code_inline"]
    assert len(spans) == 1
    assert spans[0].content.strip() == body.strip()


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from(list("`~ab\n ")), max_size=60))
def test_fence_is_never_closed_early(content):
    fences = [t for t in md_tokens(md.fence(content, "bash")) if t.type == "fence"]
    expected = content if content.endswith("\n") else content + "\n"
    assert len(fences) == 1 and fences[0].content == expected and fences[0].info == "bash"


@pytest.mark.parametrize("start", HOSTILE_START)
def test_line_starts_are_text(start):
    expected = flat(inert(start))
    for render in (md_it_html, gfm, mkdocs_html):
        _only_text(render(md.text(start)), "p", expected)


def test_autolink_shapes_are_broken_up():
    for value, gone in (("http://evil.example", "http://"), ("see www.evil.example", "www.evil"),
                        ("https://x.y/z", "https://"), ("ftp://h.example", "ftp://")):
        out = md.text(value)
        assert gone not in out and "evil.example" not in out
        assert visible(gfm(out)) == value and "<a" not in gfm(out)


@pytest.mark.parametrize("value", [
    "www.-evil.example", "www.=x", "www.\\x", "see www.-a.b/c", "WWW.-x", "team@acme.example",
    "mailto:team@acme.example", "xmpp:bot@chat.example", "a.b+c_d-e@x-y.example, z@q.example",
    "(www.-x)", "*www.-x*", "_www.=y_", "~www.-z~", "ops@localhost.localdomain."])
def test_no_text_becomes_a_link_on_any_renderer(value):
    """GFM's extended autolinks (www., emails, mailto:, xmpp:) included: the text renders as itself."""
    out = md.text(value)
    for render in (md_it_html, gfm, mkdocs_html):
        html = render(out)
        assert "<a" not in html, (value, out, html)
        assert visible(html) == value, (value, visible(html))


def test_a_template_value_without_a_filter_is_refused():
    from authadvisor.docs.render import environment

    env = environment("md")
    with pytest.raises(md.UnescapedValue):
        env.from_string("{{ x }}").render(x="<b>")
    assert env.from_string("{{ x|text }} {{ n }}").render(x="<b>", n=3) == "&lt;b\\> 3"


def test_links_only_to_https():
    with pytest.raises(ValueError):
        md.url("javascript:alert(1)")
    with pytest.raises(ValueError):
        md.link("x", "http://example.com")
    assert md.url("https://e.example/a(b)") == "https://e.example/a%28b%29"
    with pytest.raises(ValueError):
        md.page_link("x", "https://evil.example/x.md")


# --- whole pages ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    import json

    folder = tmp_path_factory.mktemp("hostile")
    manifest = {"authadvisor": 1, "name": "evil-docs", "description": HOSTILE_DESCRIPTION, "owner": HOSTILE_OWNER,
                "capillary": {"cluster": "eu", "org": "<b>org</b> [o](javascript:x)"},
                "integration": {"caller": "backend_service"}}
    (folder / "evil.yaml").write_text(json.dumps(manifest), encoding="utf-8")
    starts = {"authadvisor": 1, "name": "line-starts", "description": "- item",
              "owner": "1. one", "integration": {"caller": "pos_terminal", "credentials": "store_specific"}}
    (folder / "starts.yaml").write_text(json.dumps(starts), encoding="utf-8")
    return {fmt: build(["."], fmt, cwd=folder) for fmt in ("md", "html")}


def _page_links(text_hrefs: list, pages: dict) -> list:
    from authadvisor.rules.tables import builtin_rules

    urls = {s.url for s in builtin_rules().table.sources}
    return [h for h in text_hrefs if h not in pages and h not in urls and not (h or "").startswith("#")]


def test_markdown_page_keeps_hostile_text_as_text(hostile):
    docs = hostile["md"]
    text = docs.pages["evil-docs.md"]
    tokens = md_tokens(text)
    assert not [t for t in tokens if t.type == "image"]
    assert [t.content.strip() for t in tokens if t.type.startswith("html")] == [f"<!-- {md_marker()} -->"]
    assert _page_links([t.attrGet("href") for t in tokens if t.type == "link_open"], docs.pages) == []
    entry = next(e for e in docs.entries if e.page == "evil-docs")
    assert any("````" in s.content for s in entry.snippets)  # the description's backticks reach the code
    fences = [t for t in tokens if t.type == "fence"]
    assert [t.info for t in fences[:2]] == ["mermaid", "bash"]  # the sequence diagram and the first call
    assert [t.content for t in fences[2:]] == [s.content for s in entry.snippets]
    for render in (md_it_html, gfm, mkdocs_html):
        html = render(text)
        page = Page(html)
        assert not page.tags("script") and not page.tags("img"), render
        assert _page_links(page.hrefs(), docs.pages) == [], render
        assert "javascript:" not in " ".join(h or "" for h in page.hrefs())
        prose = visible(html.split("<pre")[0])
        assert HOSTILE_DESCRIPTION in prose and HOSTILE_OWNER in prose, render
        assert "<b>org</b> [o](javascript:x)" in prose


def md_marker() -> str:
    from authadvisor.docs import MARKER

    return MARKER


def test_html_page_keeps_hostile_text_as_text(hostile):
    docs = hostile["html"]
    for name, text in docs.pages.items():
        page = Page(text)
        assert not page.errors
        assert len(page.tags("script")) == 2 and all(not a for a in page.tags("script")), name  # ours, inline
        assert not page.tags("img"), name
        assert _page_links(page.hrefs(), docs.pages) == [], name
    page = Page(docs.pages["evil-docs.html"])
    assert HOSTILE_DESCRIPTION in page.text and HOSTILE_OWNER in page.text
    assert "<script>alert(1)" not in docs.pages["evil-docs.html"]
    assert "&lt;script&gt;alert(1)" in docs.pages["evil-docs.html"]
    index = Page(docs.pages["index.html"])
    assert HOSTILE_DESCRIPTION in index.text


def test_text_at_the_start_of_a_line_starts_nothing(hostile):
    text = hostile["md"].pages["line-starts.md"]
    index = hostile["md"].pages["index.md"]
    for render in (md_it_html, gfm, mkdocs_html):
        assert "- item" in visible(render(text)) and "1. one" in visible(render(index))
        assert "<ol" not in render(index)
