"""The language server as an editor sees it: lifecycle, text sync, diagnostics pushed and pulled,
code actions, formatting, hover, configuration reload, and errors that never stop it."""
import asyncio
import json
import subprocess

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from conftest import BODY, HEAD, POSTLINT


def capabilities(encodings=None):
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None,
        workspace=types.WorkspaceClientCapabilities(
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)),
        text_document=types.TextDocumentClientCapabilities(
            code_action=types.CodeActionClientCapabilities(
                code_action_literal_support=types.ClientCodeActionLiteralOptions(
                    code_action_kind=types.ClientCodeActionKindOptions(value_set=["quickfix", "source", "source.fixAll"])))))


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[POSTLINT, "lsp"]))
async def client(lsp_client: LanguageClient):
    lsp_client.registrations = []

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams):
        lsp_client.registrations += params.registrations

    yield
    await lsp_client.shutdown_session()


async def start(client, site, encodings=None, options=None):
    folder, post = site
    result = await client.initialize_session(types.InitializeParams(
        capabilities=capabilities(encodings), root_uri=folder.as_uri(), initialization_options=options))
    uri = post.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="markdown", version=1, text=post.read_text(encoding="utf-8"))))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return result, uri


def codes(client, uri):
    return [d.code for d in client.diagnostics[uri]]


async def next_diagnostics(client):
    await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 10)


@pytest.mark.asyncio
async def test_lifecycle_and_utf16_positions(client, site):
    result, uri = await start(client, site)
    assert result.capabilities.position_encoding == "utf-16"
    assert result.server_info.name == "postlint"
    [finding] = [d for d in client.diagnostics[uri] if d.code == "PL501"]
    # 😀 is two UTF-16 units and 中文 two more: the space is at character 4 of line 4.
    assert (finding.range.start.line, finding.range.start.character, finding.range.end.character) == (4, 4, 5)
    assert finding.severity == types.DiagnosticSeverity.Warning
    assert finding.code_description.href == "https://github.com/postlint/postlint/blob/main/docs/rules/space-around-fullwidth-quote.md"
    assert finding.source == "postlint"
    # The client allows it, so the server asks to be told when configuration files change.
    [watch] = client.registrations
    assert watch.method == "workspace/didChangeWatchedFiles"
    assert "**/*.yml" in json.dumps(watch.register_options)


@pytest.mark.asyncio
async def test_utf8_positions_when_offered(client, site):
    result, uri = await start(client, site, encodings=["utf-8", "utf-16"])
    assert result.capabilities.position_encoding == "utf-8"
    [finding] = [d for d in client.diagnostics[uri] if d.code == "PL501"]
    # Four bytes of emoji and six of 中文.
    assert (finding.range.start.character, finding.range.end.character) == (10, 11)


@pytest.mark.asyncio
async def test_incremental_and_full_changes(client, site):
    _, uri = await start(client, site)
    assert "PL501" in codes(client, uri)
    # Delete the space (line 4, UTF-16 characters 4 to 5).
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=4, character=4), end=types.Position(line=4, character=5)), text="")]))
    await next_diagnostics(client)
    assert "PL501" not in codes(client, uri)
    # Two edits in one notification, applied in order: put the space back after an emoji inserted first.
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3),
        content_changes=[
            types.TextDocumentContentChangePartial(
                range=types.Range(start=types.Position(line=4, character=0), end=types.Position(line=4, character=0)), text="🎉"),
            types.TextDocumentContentChangePartial(
                range=types.Range(start=types.Position(line=4, character=6), end=types.Position(line=4, character=6)), text=" "),
        ]))
    await next_diagnostics(client)
    [finding] = [d for d in client.diagnostics[uri] if d.code == "PL501"]
    assert (finding.range.start.line, finding.range.start.character) == (4, 6)
    # A full replacement.
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=4),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=HEAD + "干净的一行。\n")]))
    await next_diagnostics(client)
    assert codes(client, uri) == []


@pytest.mark.asyncio
async def test_pull_diagnostics(client, site):
    _, uri = await start(client, site)
    report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    assert report.kind == "full"
    assert [d.code for d in report.items] == codes(client, uri)


@pytest.mark.asyncio
async def test_code_actions(client, site):
    _, uri = await start(client, site)
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=types.Position(line=4, character=4), end=types.Position(line=4, character=4)),
        context=types.CodeActionContext(diagnostics=[])))
    titles = [a.title for a in actions]
    fix = next(a for a in actions if a.kind == "quickfix" and a.is_preferred)
    assert fix.title.startswith("Fix PL501")
    [edit] = fix.edit.changes[uri]
    assert (edit.range.start.character, edit.range.end.character, edit.new_text) == (4, 5, "")
    disable = next(a for a in actions if a.title == "Disable space-around-fullwidth-quote for this line")
    [insert] = disable.edit.changes[uri]
    assert insert.new_text == " <!-- postlint-disable-line space-around-fullwidth-quote -->"
    assert any(a.kind == "source.fixAll.postlint" for a in actions), titles
    only = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
        context=types.CodeActionContext(diagnostics=[], only=["source.fixAll"])))
    assert [a.kind for a in only] == ["source.fixAll.postlint"]


def apply(text, edits):
    """Applies UTF-16 edits to text (last first, as they do not overlap)."""
    lines = text.split("\n")
    def offset(position):
        units = lines[position.line].encode("utf-16-le")[: position.character * 2].decode("utf-16-le")
        return sum(len(line) + 1 for line in lines[: position.line]) + len(units)
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
    return text


@pytest.mark.asyncio
async def test_formatting_is_postlint_fix(client, site):
    _, uri = await start(client, site)
    edits = await client.text_document_formatting_async(types.DocumentFormattingParams(
        text_document=types.TextDocumentIdentifier(uri=uri), options=types.FormattingOptions(tab_size=4, insert_spaces=True)))
    post = site[1]
    fixed = subprocess.run([POSTLINT, "fix", "--stdin", "--stdin-filename", str(post)], input=post.read_bytes(),
                           capture_output=True, check=False).stdout.decode("utf-8")
    assert fixed != post.read_text(encoding="utf-8")
    assert apply(post.read_text(encoding="utf-8"), edits) == fixed


@pytest.mark.asyncio
async def test_hover_shows_the_rule(client, site):
    _, uri = await start(client, site)
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=4, character=4)))
    assert "PL501 space-around-fullwidth-quote" in hover.contents.value
    assert "No ASCII space next to a full-width quotation mark" in hover.contents.value
    assert "Good:" in hover.contents.value
    nothing = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=1, character=0)))
    assert nothing is None


@pytest.mark.asyncio
async def test_configuration_files_and_settings_reload(client, site):
    folder, post = site
    _, uri = await start(client, site)
    assert "PL501" in codes(client, uri)
    (folder / ".postlint.yml").write_text("rules:\n  PL501: off\n", encoding="utf-8")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=(folder / ".postlint.yml").as_uri(), type=types.FileChangeType.Created)]))
    await next_diagnostics(client)
    assert "PL501" not in codes(client, uri)
    (folder / ".postlint.yml").unlink()
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"postlint": {"failLevel": "warning"}}))
    await next_diagnostics(client)
    [finding] = [d for d in client.diagnostics[uri] if d.code == "PL501"]
    assert finding.severity == types.DiagnosticSeverity.Error


@pytest.mark.asyncio
async def test_editor_presets_apply_where_no_configuration_file_does(client, site):
    folder, post = site
    post.write_text(HEAD + "中文English混排。\n", encoding="utf-8")
    _, uri = await start(client, site, options={"presets": ["zh"]})
    assert "PL508" in codes(client, uri), codes(client, uri)
    # A .postlint.yml governs the document: the presets no longer do.
    (folder / ".postlint.yml").write_text("extends: [recommended]\n", encoding="utf-8")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=(folder / ".postlint.yml").as_uri(), type=types.FileChangeType.Created)]))
    await next_diagnostics(client)
    assert "PL508" not in codes(client, uri)


@pytest.mark.asyncio
async def test_a_duplicate_key_points_at_its_first_occurrence(client, site):
    folder, post = site
    post.write_text("---\ntitle: 一\ndate: 2022-03-01 10:00:00 +0800\ntitle: 二\n---\n正文。\n", encoding="utf-8")
    _, uri = await start(client, site)
    [finding] = [d for d in client.diagnostics[uri] if d.code == "PL105"]
    assert finding.range.start.line == 3
    [related] = finding.related_information
    assert related.location.uri == uri
    assert (related.location.range.start.line, related.location.range.start.character, related.location.range.end.character) == (1, 0, 5)
    assert "first given here" in related.message


@pytest.mark.asyncio
async def test_a_broken_front_matter_is_a_diagnostic_not_a_crash(client, site):
    folder, post = site
    post.write_text("---\ntitle: [unclosed\n---\n正文。\n", encoding="utf-8")
    _, uri = await start(client, site)
    assert codes(client, uri), "expected a finding about the front matter"
    assert all(d.range.start.line >= 0 for d in client.diagnostics[uri])


@pytest.mark.asyncio
async def test_unknown_document_is_an_error(client, site):
    await start(client, site)
    with pytest.raises(Exception, match="is not open"):
        await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri="file:///nowhere/unknown.md"), position=types.Position(line=0, character=0)))


def frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_message(stream):
    header = b""
    while not header.endswith(b"\r\n\r\n"):
        byte = stream.read(1)
        assert byte, "the server closed its output"
        header += byte
    length = int(next(line for line in header.split(b"\r\n") if line.lower().startswith(b"content-length")).split(b":")[1])
    return json.loads(stream.read(length))


def test_malformed_messages_get_errors_and_the_server_goes_on():
    server = subprocess.Popen([POSTLINT, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        send = lambda body: (server.stdin.write(frame(body)), server.stdin.flush())
        send(b'{"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": {}}')
        assert read_message(server.stdout)["error"]["code"] == -32002  # not initialized yet
        send(json.dumps({"jsonrpc": "2.0", "id": 2, "method": "initialize", "params": {"capabilities": {}}}).encode())
        assert "capabilities" in read_message(server.stdout)["result"]
        send(b"{not json")
        reply = read_message(server.stdout)
        assert reply["error"]["code"] == -32700 and reply["id"] is None
        send(b'{"jsonrpc": "2.0", "id": 3, "method": "textDocument/hover", "params": {"position": 1}}')
        assert read_message(server.stdout)["error"]["code"] == -32602
        send(b'{"jsonrpc": "2.0", "id": 4, "method": "no/such/method"}')
        assert read_message(server.stdout)["error"]["code"] == -32601
        server.stdin.write(b"Content-Type: nothing\r\n\r\n")
        server.stdin.flush()
        assert read_message(server.stdout)["error"]["code"] == -32700
        send(b'{"jsonrpc": "2.0", "id": 5, "method": "shutdown"}')
        assert read_message(server.stdout)["result"] is None
        send(b'{"jsonrpc": "2.0", "method": "exit"}')
        assert server.wait(timeout=10) == 0
    finally:
        server.kill()
