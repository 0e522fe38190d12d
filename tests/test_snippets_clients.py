"""The Java, C#, PHP and Postman snippets as source: they compile or parse with the real tools
(javac with every lint as an error, Mono's mcs with warnings as errors, php -l, Postman's published
collection v2.1.0 schema), use only their standard libraries, and keep any manifest text inert.
Escaping is checked as properties, round-tripped through the real compilers."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from clientkit import build
from conftest import ROOT, need_tool
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from snippetkit import METHODS, manifest_of, render

from authadvisor.errors import ManifestError
from authadvisor.snippets import filters

pytestmark = pytest.mark.slow

#: Postman's published collection format v2.1.0 schema (draft-07, $id
#: https://schema.getpostman.com/json/draft-07/collection/v2.1.0/; postmanlabs/schemas, Apache-2.0), vendored
POSTMAN_SCHEMA = ROOT / "tests" / "schemas" / "postman-collection-v2.1.0.json"
HOSTILE = ('$(touch pwned) `id` "; rm -rf ~ # */ ?> <?php touch("pwned"); ?> \\u000a System.exit(9); '
           '\\u0022 \\\\u000d \u2028 {{ x }} ${x} %s')
#: text the hypothesis tests write into every free-text field
NASTY = st.sampled_from([HOSTILE, "line\nbreak", "cr\rreturn", "sep\u2028arator", "nel\x85line", "bidi\u202eoverride",
                         "*/ end", "?>", "<?php", "\\u000a", "\\\\u000a", "\\", "'", '"', "${HOME}", "#!", "{#", "%}",
                         "emoji \U0001f600", "\ufeffbom", "\x00nul"])
FREE_TEXT = st.one_of(NASTY, st.text(max_size=60),
                      st.lists(st.one_of(NASTY, st.text(max_size=20)), max_size=4).map("".join))


@pytest.fixture(scope="module")
def rendered() -> dict:
    return {m: render(m, ["java", "csharp", "php", "postman", "postman-env"]) for m in METHODS}


def write(tmp_path: Path, snippet) -> Path:
    path = tmp_path / snippet.filename
    path.write_text(snippet.content, encoding="utf-8")
    return path


@pytest.mark.parametrize("method", METHODS)
def test_java_and_csharp_use_only_their_standard_libraries(rendered, method):
    """(test_snippets_clients_run.py compiles each with javac -Xlint:all -Werror and mcs -warnaserror+.)"""
    java = rendered[method]["java"].content
    assert all(i.startswith("java.") for i in re.findall(r"^import ([\w.]+);", java, re.M))  # no dependencies
    assert "public class Auth {" in java and "public static void main(String[] args)" in java
    csharp = rendered[method]["csharp"].content
    assert all(u.startswith("System") for u in re.findall(r"^using ([\w.]+);", csharp, re.M))
    assert "public static int Main()" in csharp and "async" not in csharp and "$\"" not in csharp


def test_java_runs_as_a_single_file_source_program(rendered, tmp_path):
    """`java Auth.java` (JDK 11+ source launch), no separate compile step."""
    path = write(tmp_path, rendered["oauth2_authorization_code"]["java"])
    proc = subprocess.run([need_tool("java"), path.name], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2, proc.stderr
    assert "setup checklist" in proc.stdout and " 8. " in proc.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Auth.java"]  # nothing compiled to disk


@pytest.mark.parametrize("method", METHODS)
def test_php_lints_and_uses_only_the_standard_library(rendered, tmp_path, method):
    path = write(tmp_path, rendered[method]["php"])
    proc = subprocess.run([need_tool("php"), "-l", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    source = rendered[method]["php"].content
    assert source.startswith("#!/usr/bin/env php\n<?php\n") and "declare(strict_types=1);" in source
    assert not re.search(r"^\s*(require|include)(_once)?\b", source, re.M) and "curl_" not in source
    assert "?>" not in source.replace("? >", "")


@pytest.mark.parametrize("method", METHODS)
def test_postman_collection_is_valid_against_postmans_schema(rendered, method):
    import jsonschema

    schema = json.loads(POSTMAN_SCHEMA.read_text(encoding="utf-8"))
    collection = json.loads(rendered[method]["postman"].content)
    jsonschema.Draft7Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(collection), key=lambda e: e.path)
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    assert collection["info"]["schema"] == "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"


def test_the_vendored_schema_rejects_what_postman_would():
    import jsonschema

    validator = jsonschema.Draft7Validator(json.loads(POSTMAN_SCHEMA.read_text(encoding="utf-8")))
    assert not validator.is_valid({"info": {"name": "x"}, "item": []})  # no info.schema
    assert not validator.is_valid({"info": {"name": "x", "schema": "s"}, "item": [{"request": {"method": 1}}]})
    assert not validator.is_valid({"info": {"name": "x", "schema": "s"}, "item": [],
                                   "variable": [{"key": "k", "type": "secret"}]})


@pytest.mark.parametrize("method", METHODS)
def test_postman_variables_carry_the_environment_variables_names(rendered, method):
    from snippetkit import EXAMPLE_FOR

    from authadvisor.rules.tables import load_rules, outcome_for
    from authadvisor.snippets.context import build_context

    manifest = manifest_of(EXAMPLE_FOR[method])
    rules = load_rules()
    names = [v["name"] for v in build_context(manifest, outcome_for(manifest, rules), rules)["env"]]
    collection = json.loads(rendered[method]["postman"].content)
    variables = [v["key"] for v in collection.get("variable", [])]
    assert [v for v in variables if v.startswith("CAPILLARY_")] == names
    assert all(v.startswith("capillary") for v in variables if not v.startswith("CAPILLARY_"))
    environment = json.loads(rendered[method]["postman-env"].content)
    assert [v["key"] for v in environment["values"]] == names
    assert all(v["value"] == "" for v in environment["values"])
    secret = {v["key"] for v in environment["values"] if v["type"] == "secret"}
    assert secret == {"CAPILLARY_TILL_PASSWORD", "CAPILLARY_CLIENT_SECRET", "CAPILLARY_OTP"} & set(names)
    for variable in collection.get("variable", []):  # no credential in the collection itself
        if variable["key"] in ("CAPILLARY_TILL_PASSWORD", "CAPILLARY_CLIENT_SECRET", "CAPILLARY_CLIENT_KEY"):
            assert variable["value"] == ""


def _hostile_manifest(caller: str, text: str) -> dict:
    data: dict = {"authadvisor": 1, "name": "hostile", "description": text, "owner": text,
                  "capillary": {"cluster": "apac2", "org": text, "brand": text},
                  "integration": {"caller": caller}}
    if caller == "end_customer_app":
        data["integration"]["customer_login"] = ["otp"]
    return data


CALLERS = {"pos_terminal": "basic", "backend_service": "oauth2_client_credentials",
           "end_customer_app": "mobile_api_auth", "partner_app": "oauth2_authorization_code"}


def test_hostile_text_is_inert_when_the_checklist_runs(tmp_path):
    """The Authorization Code snippets print every manifest text (in the checklist): run them in an
    empty directory and nothing happens but the printing."""
    snippets = render(_hostile_manifest("partner_app", HOSTILE), ["java", "csharp", "php"])
    for target in ("java", "csharp", "php"):
        work = tmp_path / target
        work.mkdir()
        command = build(target, write(work, snippets[target]))
        before = sorted(p.name for p in work.iterdir())
        proc = subprocess.run(command, cwd=work, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 2, proc.stderr
        assert filters.inert(HOSTILE) in proc.stdout, proc.stdout
        assert sorted(p.name for p in work.iterdir()) == before  # no "pwned"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(caller=st.sampled_from(sorted(CALLERS)), text=FREE_TEXT)
def test_php_snippet_lints_for_any_manifest_text(tmp_path_factory, caller, text):
    try:
        manifest_of(_hostile_manifest(caller, text))
    except ManifestError:
        assume(False)
    snippets = render(_hostile_manifest(caller, text), ["php", "postman", "postman-env"])
    path = write(tmp_path_factory.mktemp("php"), snippets["php"])
    proc = subprocess.run([need_tool("php"), "-l", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout
    collection = json.loads(snippets["postman"].content)
    assert collection["info"]["name"] == "hostile"
    json.loads(snippets["postman-env"].content)


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(caller=st.sampled_from(sorted(CALLERS)), text=FREE_TEXT)
def test_java_and_csharp_snippets_compile_for_any_manifest_text(tmp_path_factory, caller, text):
    try:
        manifest_of(_hostile_manifest(caller, text))
    except ManifestError:
        assume(False)
    snippets = render(_hostile_manifest(caller, text), ["java", "csharp"])
    for target in ("java", "csharp"):
        build(target, write(tmp_path_factory.mktemp(target), snippets[target]))


# --- the literal filters, round-tripped through each language's own compiler ------------------------

LITERALS = st.lists(st.text(max_size=30).filter(lambda t: not filters.has_control(t)), min_size=1, max_size=25)


def _codepoints(texts: list) -> list:
    return [",".join(str(ord(c)) for c in t) for t in texts]


@settings(max_examples=2, deadline=None)
@given(texts=LITERALS.map(lambda ts: [*ts, "\\u000a", "\\\\u0022", '"', "\\", "\U0001f600é"]))
def test_java_literals_round_trip_through_javac(tmp_path_factory, texts):
    work = tmp_path_factory.mktemp("javalit")
    (work / "Lit.java").write_text(
        "public class Lit {\n    public static void main(String[] args) {\n        String[] values = {\n"
        + "".join(f"            {filters.java(t)},\n" for t in texts)
        + "        };\n        for (String v : values) {\n            StringBuilder b = new StringBuilder();\n"
        "            v.codePoints().forEach(c -> b.append(b.length() == 0 ? \"\" : \",\").append(c));\n"
        "            System.out.println(b);\n        }\n    }\n}\n", encoding="utf-8")
    assert all(filters.java(t).isascii() for t in texts)
    proc = subprocess.run([need_tool("java"), "Lit.java"], cwd=work, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[:-1] == _codepoints(texts)


@settings(max_examples=2, deadline=None)
@given(texts=LITERALS.map(lambda ts: [*ts, "\\u000a", '"', "\\", "{0}", "\U0001f600é"]))
def test_csharp_literals_round_trip_through_mcs(tmp_path_factory, texts):
    work = tmp_path_factory.mktemp("cslit")
    (work / "Lit.cs").write_text(
        "using System;\nusing System.Linq;\npublic static class Lit\n{\n    public static void Main()\n    {\n"
        "        string[] values =\n        {\n" + "".join(f"            {filters.csharp(t)},\n" for t in texts)
        + "        };\n        foreach (string v in values)\n        {\n"
        "            var points = new System.Collections.Generic.List<int>();\n"
        "            for (int i = 0; i < v.Length; i += char.IsSurrogatePair(v, i) ? 2 : 1)\n"
        "                points.Add(char.ConvertToUtf32(v, i));\n"
        "            Console.WriteLine(string.Join(\",\", points));\n        }\n    }\n}\n", encoding="utf-8")
    compiled = subprocess.run([need_tool("mcs"), "-out:" + str(work / "Lit.exe"), str(work / "Lit.cs")],
                              capture_output=True, text=True, timeout=300)
    assert compiled.returncode == 0, compiled.stdout
    proc = subprocess.run([need_tool("mono"), str(work / "Lit.exe")], capture_output=True, text=True, timeout=60)
    assert proc.stdout.split("\n")[:-1] == _codepoints(texts)


@settings(max_examples=40, deadline=None)
@given(texts=LITERALS.map(lambda ts: [*ts, "'", "\\", "\\'", "$x", "?>", "{$x}"]))
def test_php_literals_round_trip_through_php(texts):
    program = "foreach ([" + ", ".join(filters.php(t) for t in texts) + "] as $v) { echo bin2hex($v), \"\\n\"; }"
    proc = subprocess.run([need_tool("php"), "-r", program], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[:-1] == [t.encode("utf-8").hex() for t in texts]


@settings(max_examples=200, deadline=None)
@given(text=FREE_TEXT)
def test_comment_filters_leave_no_way_out(text):
    java = filters.java_comments(filters.comment(text, "// ", "Description: "))
    assert not re.search(r"(?<!\\)(\\\\)*\\u", java), java  # an odd run of backslashes before u: a \u escape
    php = filters.php_comments(filters.comment(text, "// ", "Description: "))
    assert "?>" not in php
    if filters.has_control(text):
        for literal in (filters.java, filters.csharp, filters.php):
            with pytest.raises(filters.SnippetValueError):
                literal(text)


@pytest.mark.parametrize("target", ["java", "csharp", "php", "postman", "postman-env"])
def test_rules_check_reports_a_missing_template_of_a_new_target(tmp_path, monkeypatch, target):
    import shutil

    from conftest import run_cli

    from authadvisor import resources

    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    (templates / "snippets" / "mobile_api_auth" / f"{target}.j2").unlink()
    monkeypatch.setattr(resources, "templates_dir", lambda: templates)
    result = run_cli(["rules", "check", "--format", "json"])
    missing = [f["message"] for f in json.loads(result.stdout)["findings"] if f["check"] == "rules-missing-reference"]
    assert result.exit_code == 1
    assert missing == [f"method mobile_api_auth has no snippet template for {target} "
                       "(expected templates/snippets/mobile_api_auth/<target>.j2)"]
