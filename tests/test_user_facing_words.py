"""Words users see: every rendered output cites "Capillary's Authentication page", never "the seed"
(an internal name for the page this project started from). Also: the India cluster is Asia 1."""

from __future__ import annotations

import re

import pytest
from conftest import EXAMPLES, run_cli
from docskit import build
from snippetkit import render

#: "the seed", "seed's", "seed text"... but not "seeded" (a seeded random sample is another thing)
SEED = re.compile(r"\bseed(?!ed)\b", re.I)
EXAMPLE_FILES = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".yaml", ".json"))


def no_seed(text: str, where: str) -> None:
    found = SEED.search(text)
    assert found is None, f"{where}: {text[max(0, found.start() - 60):found.end() + 60]!r}"


def test_the_pattern_finds_what_it_must():
    assert SEED.search("as the seed says") and SEED.search("the Seed's rows")
    assert not SEED.search("a seeded random sample") and not SEED.search("seedling")


@pytest.mark.parametrize("fmt", ["text", "json", "yaml"])
@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.name)
def test_recommend_in_every_format(example, fmt):
    result = run_cli(["recommend", "--snippets", "--format", fmt, str(example)])
    assert result.exit_code == 0, result.stderr
    no_seed(result.stdout, f"recommend --format {fmt} {example.name}")
    if fmt == "text":
        assert "Capillary's Authentication page" in result.stdout


@pytest.mark.parametrize("command", [["explain"], ["snippets"]])
@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.name)
def test_explain_and_snippets(example, command):
    result = run_cli([*command, str(example)])
    assert result.exit_code == 0, result.stderr
    no_seed(result.stdout, f"{command[0]} {example.name}")


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_docs_pages(fmt):
    docs = build([EXAMPLES], fmt=fmt)
    for name, page in docs.pages.items():
        no_seed(page, name)
    import html

    assert "Capillary's Authentication page" in html.unescape(docs.pages[f"matrix.{fmt}"]).replace("\\'", "'")


def test_ask_page(tmp_path):
    out = tmp_path / "ask.html"
    assert run_cli(["ask", "--html", str(out)]).exit_code == 0
    no_seed(out.read_text(encoding="utf-8"), "ask --html")


def test_rules_show_and_checks():
    for args in (["rules", "show", "--format", "md"], ["rules", "show", "--format", "json"], ["checks"]):
        result = run_cli(args)
        assert result.exit_code == 0
        no_seed(result.stdout, " ".join(args))


@pytest.mark.parametrize("target", ["curl", "python", "javascript", "http", "env"])
def test_india_is_asia_1_and_the_snippet_says_why(target):
    manifest = {"authadvisor": 1, "name": "india-app", "capillary": {"cluster": "india", "brand": "acme"},
                "integration": {"caller": "end_customer_app", "customer_login": ["otp"]}}
    text = render(manifest, [target])[target].content
    assert "apac-s3wrapper.capillarytech.com" in text and "apac-apigateway.capillarytech.com/mobile" in text
    assert "https://api.capillary.co.in" not in text  # named in the comment as the old host, never used
    if target in ("curl", "python", "javascript"):
        assert "India (Asia 1)" in text and "India is Capillary's Asia 1 cluster" in " ".join(text.split())


@pytest.mark.parametrize("cluster,host", [("india", "https://apac.api.capillarytech.com"),
                                          ("apac", "https://apac.api.capillarytech.com")])
def test_india_and_apac_share_the_api_host(cluster, host):
    manifest = {"authadvisor": 1, "name": "pos", "capillary": {"cluster": cluster},
                "integration": {"caller": "pos_terminal", "credentials": "store_specific"}}
    text = render(manifest, ["python"])["python"].content
    assert f'DEFAULT_BASE_URL = "{host}"' in text


def test_china_mentions_the_cdn_host():
    manifest = {"authadvisor": 1, "name": "cn", "capillary": {"cluster": "china"},
                "integration": {"caller": "backend_service"}}
    text = " ".join(render(manifest, ["curl"])["curl"].content.split())
    assert "https://cdn-api.capillarytech.cn.com" in text


def test_the_india_intouch_host_stays():
    from authadvisor.rules.tables import load_rules

    clusters = load_rules().clusters
    assert clusters.get("india").get("intouch_host") == "https://intouch.capillary.co.in"
    for key in ("api_host", "auth_engine_host", "mobile_api_url"):
        assert clusters.get("india").get(key) == clusters.get("apac").get(key)
