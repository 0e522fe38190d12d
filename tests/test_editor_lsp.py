"""The committed editor schema in the real consumer: yaml-language-server (npm, .ci/package.json) driven
over LSP on stdio, as VS Code's YAML extension drives it. One server for the module; every wait has a
timeout, and the server is shut down (or killed) at the end."""

from __future__ import annotations

import pytest
from conftest import ROOT, need_tool
from lspclient import LspClient

SCHEMA = ROOT / "authadvisor-manifest.schema.json"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tool = need_tool("yaml-language-server")
    settings = {"yaml": {"validate": True, "completion": True, "hover": True, "schemaStore": {"enable": False},
                         "schemas": {}}}
    client = LspClient([tool, "--stdio"], settings)
    folder = tmp_path_factory.mktemp("lsp")
    try:
        client.request("initialize", {
            "processId": None, "rootUri": folder.as_uri(), "workspaceFolders": None,
            "capabilities": {"textDocument": {
                "completion": {"completionItem": {"documentationFormat": ["markdown", "plaintext"],
                                                  "snippetSupport": False}},
                "hover": {"contentFormat": ["markdown", "plaintext"]},
                "publishDiagnostics": {}}, "workspace": {"configuration": True}}})
        client.notify("initialized", {})
        client.notify("workspace/didChangeConfiguration", {"settings": settings})
        client.folder = folder  # type: ignore[attr-defined]
        yield client
    finally:
        client.close()
    assert client.proc.returncode is not None


_opened = iter(range(1000))


def _open(server, text: str) -> str:
    path = server.folder / f"m{next(_opened)}.yaml"
    text = f"# yaml-language-server: $schema={SCHEMA.as_uri()}\n" + text
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1,
                                                            "text": text}})
    return uri


def _diagnostics(server, uri: str) -> list[dict]:
    message = server.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                          and m["params"]["uri"] == uri, f"diagnostics for {uri}")
    return message["params"]["diagnostics"]


def _completion(server, uri: str, line: int, character: int) -> list[dict]:
    result = server.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                        "position": {"line": line, "character": character}})
    return result["items"] if isinstance(result, dict) else (result or [])


def test_a_field_for_another_caller_says_it_does_not_apply(server):
    uri = _open(server, "authadvisor: 1\nname: acme-pos\nintegration:\n  caller: pos_terminal\n"
                        "  connector: shopify\n")
    messages = [(d["range"]["start"]["line"], d["message"]) for d in _diagnostics(server, uri)]
    assert messages == [(5, '"integration.connector" does not apply to caller pos_terminal; it is for '
                            "prebuilt_connector only (remove it, or check the caller)")], messages


def test_every_example_has_no_diagnostics(server):
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    uris = {_open(server, p.read_text(encoding="utf-8").split("\n", 1)[1]): p.name for p in examples}
    assert {name: _diagnostics(server, uri) for uri, name in uris.items()} == {p.name: [] for p in examples}


def test_hover_shows_the_markdown_description(server):
    uri = _open(server, "authadvisor: 1\nname: acme\nintegration:\n  caller: pos_terminal\n  credentials: shared\n")
    hover = server.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                  "position": {"line": 5, "character": 4}})
    text = hover["contents"]["value"] if isinstance(hover["contents"], dict) else str(hover["contents"])
    assert "**`pos_terminal`, `pos_store_server` and `instore_app` only.**" in text and "must-fix" in text


def test_completion_offers_only_the_fields_of_the_caller(server):
    uri = _open(server, "authadvisor: 1\nname: acme-pos\nintegration:\n  caller: pos_terminal\n  \n")
    labels = {item["label"] for item in _completion(server, uri, 5, 2)}
    assert "credentials" in labels
    assert not labels & {"connector", "customer_login", "client_type", "file_processing"}, labels
    uri = _open(server, "authadvisor: 1\nname: acme-shop\nintegration:\n  caller: prebuilt_connector\n  \n")
    labels = {item["label"] for item in _completion(server, uri, 5, 2)}
    assert "connector" in labels and "credentials" not in labels, labels


def test_caller_values_come_with_their_meanings(server):
    uri = _open(server, "authadvisor: 1\nname: acme\nintegration:\n  caller: \n")
    items = {item["label"]: item for item in _completion(server, uri, 4, 10)}
    assert {"pos_terminal", "partner_app"} <= set(items), sorted(items)

    def doc(label: str) -> str:
        d = items[label].get("documentation")
        return d.get("value", "") if isinstance(d, dict) else str(d or "")

    assert "till" in doc("pos_terminal") and "partner" in doc("partner_app")
    assert doc("pos_terminal") != doc("pos_store_server")
