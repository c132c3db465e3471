"""The language server's latency and memory, for scripts/bench (also runnable alone:
`python3 scripts/bench_lsp.py [POSTLINT]`).

- Latency: a 50 KB Chinese post is opened, then edited 100 times (a character typed, then
  deleted, in the middle of a paragraph), each edit waiting for its diagnostics; the time from
  sending `didChange` to reading the `publishDiagnostics` of that version, median.
- Memory: 500 posts of the corpus opened as documents, every one's diagnostics received; the
  server's peak resident memory (VmHWM)."""
import json, os, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "corpus")


class Client:
    def __init__(self, postlint):
        self.server = subprocess.Popen([postlint, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.next_id = 1

    def send(self, message):
        body = json.dumps(dict(message, jsonrpc="2.0")).encode()
        self.server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.server.stdin.flush()

    def read(self):
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            byte = self.server.stdout.read(1)
            if not byte:
                raise SystemExit("bench: the language server closed its output")
            header += byte
        length = int(next(l for l in header.split(b"\r\n") if l.lower().startswith(b"content-length")).split(b":")[1])
        return json.loads(self.server.stdout.read(length))

    def request(self, method, params):
        self.send({"id": self.next_id, "method": method, "params": params})
        self.next_id += 1
        while True:
            message = self.read()
            if "id" in message and "method" not in message:
                return message

    def diagnostics(self, uri, version):
        """Reads until the diagnostics of `uri` at `version` arrive."""
        while True:
            message = self.read()
            params = message.get("params", {})
            if message.get("method") == "textDocument/publishDiagnostics" and params.get("uri") == uri and params.get("version") == version:
                return params["diagnostics"]

    def start(self):
        self.request("initialize", {"capabilities": {}, "rootUri": None})
        self.send({"method": "initialized", "params": {}})

    def stop(self):
        self.request("shutdown", None)
        self.send({"method": "exit"})
        self.server.wait(timeout=30)


def chinese_posts():
    """Chinese Markdown posts of the corpus, largest first."""
    found = []
    for corpus in ("blogs-zh", "wangxin93"):
        for folder, _, names in os.walk(os.path.join(CORPUS, corpus)):
            found += [os.path.join(folder, n) for n in names if n.endswith((".md", ".markdown"))]
    return sorted(found, key=os.path.getsize, reverse=True)


def fifty_kb_post():
    """One front matter and Chinese bodies of the corpus, up to 50 KB."""
    head = "---\ntitle: 基准\ndate: 2022-03-01 10:00:00 +0800\n---\n"
    body = ""
    for path in chinese_posts():
        text = open(path, encoding="utf-8", errors="replace").read()
        if text.startswith("---\n") and "\n---\n" in text[3:]:
            text = text[3:].split("\n---\n", 1)[1]  # the body, without its front matter
        body += text + "\n\n"
        if len(head.encode()) + len(body.encode()) >= 50_000:
            break
    data = (head + body).encode()[:50_000]
    return data.decode("utf-8", errors="ignore")


def latency(postlint, edits=100):
    client = Client(postlint)
    client.start()
    text = fifty_kb_post()
    uri = "file:///bench/_posts/2022-03-01-bench.md"
    client.send({"method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
    findings = len(client.diagnostics(uri, 1))
    lines = text.split("\n")
    line = max(range(len(lines)), key=lambda i: len(lines[i]) if lines[i] and not lines[i].startswith(("`", " ", "|", "#")) else 0)
    times = []
    for version in range(2, edits + 2):
        typed = version % 2 == 0
        change = {"range": {"start": {"line": line, "character": 2}, "end": {"line": line, "character": 2 if typed else 3}}, "text": "字" if typed else ""}
        start = time.perf_counter()
        client.send({"method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}})
        client.diagnostics(uri, version)
        times.append(time.perf_counter() - start)
    client.stop()
    return statistics.median(times) * 1000, len(text.encode()), findings


def memory(postlint, documents=500):
    client = Client(postlint)
    client.start()
    posts = []
    for corpus in ("blogs-zh", "wangxin93", "jekyll-docs", "finews"):
        for folder, _, names in os.walk(os.path.join(CORPUS, corpus)):
            posts += [os.path.join(folder, n) for n in sorted(names) if n.endswith((".md", ".markdown", ".html"))]
    opened = []
    for i in range(documents):
        path = posts[i % len(posts)]
        uri = f"file:///bench/_posts/2022-03-01-{i:04d}-{os.path.basename(path)}"
        text = open(path, encoding="utf-8", errors="replace").read()
        client.send({"method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
        opened.append(uri)
    waiting = set(opened)
    while waiting:
        message = client.read()
        if message.get("method") == "textDocument/publishDiagnostics":
            waiting.discard(message["params"]["uri"])
    status = open(f"/proc/{client.server.pid}/status").read()
    peak = int(next(l for l in status.splitlines() if l.startswith("VmHWM")).split()[1]) / 1024
    client.stop()
    return peak


if __name__ == "__main__":
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "release", "postlint")
    median, size, findings = latency(binary)
    print(f"didChange to publishDiagnostics, {size / 1000:.0f} KB Chinese post ({findings} findings), median of 100 edits: {median:.1f} ms")
    print(f"peak memory with 500 documents open: {memory(binary):.0f} MB")
