"""Reads the DOM Chromium made of an HTML report (`chromium --headless --dump-dom`) and prints,
as JSON, what HTMLReportTests compares with the JSON report and what could run script.

Usage: python3 inspect_dom.py DOM.html
"""
import json
import re
import sys
from html.parser import HTMLParser

# Every element the report writes; anything else came from a post.
ALLOWED = {
    "html", "head", "meta", "title", "style", "body", "div", "header", "h1", "h2", "h3", "section",
    "dl", "dt", "dd", "p", "ol", "li", "a", "b", "bdi", "code", "span", "pre", "mark", "del", "ins", "svg", "g",
    "text", "rect", "form", "fieldset", "legend", "label", "input", "select", "option", "output",
    "main", "footer", "script",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcset", "poster", "background", "xlink:href", "ping", "cite"}


class Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.danger = []
        self.scripts = []
        self.cards = {}
        self.findings = []
        self.bars = {"rule": {}, "category": {}}
        self.sections = 0
        self.hidden_sections = 0
        self.chunks = []
        self.paths = []
        self.shown = None
        self.form_hidden = None
        self.text = []
        self.capture = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag not in ALLOWED:
            self.danger.append(f"element <{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("srcdoc", "style"):
                self.danger.append(f"attribute {name} on <{tag}>")
            if name in URL_ATTRIBUTES:
                value = value or ""
                compact = re.sub(r"[\x00-\x20]", "", value)
                if not (compact.startswith("#") or compact.startswith("https://github.com/postlint/postlint/")):
                    self.danger.append(f"URL {name}={value!r} on <{tag}>")
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            self.danger.append("meta refresh")
        if tag == "script":
            self.capture = []
        elif tag == "dd" and attributes.get("id", "").startswith("count-"):
            self.capture = []
            self.card = attributes["id"][len("count-"):]
        elif tag == "li" and "data-rule" in attributes:
            self.findings.append({
                "severity": attributes.get("data-severity"),
                "rule": attributes["data-rule"],
                "count": int(attributes.get("data-count", "1")),
                "fixable": attributes.get("data-fixable"),
                "hidden": "hidden" in attributes,
                "section": self.sections,
            })
        elif tag == "g" and "data-count" in attributes:
            for key in ("rule", "category"):
                if f"data-{key}" in attributes:
                    self.bars[key][attributes[f"data-{key}"]] = int(attributes["data-count"])
        elif tag == "section" and "file" in attributes.get("class", "").split():
            self.sections += 1
            self.hidden_sections += "hidden" in attributes
            if "hidden" not in attributes and self.chunks:
                self.chunks[-1]["visibleSections"] += 1
        elif tag == "div" and attributes.get("class") == "chunk":
            self.chunks.append({"hidden": "hidden" in attributes, "visibleSections": 0})
        elif tag == "a" and self.stack[-1:] == ["h2"] and self.sections:
            self.capture = []
        elif tag == "output":
            self.capture = []
        elif tag == "form" and attributes.get("id") == "filters":
            self.form_hidden = "hidden" in attributes
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if self.capture is not None and tag in ("script", "dd", "a", "output"):
            text = "".join(self.capture)
            if tag == "script":
                self.scripts.append(text)
            elif tag == "dd":
                self.cards[self.card] = int(text)
            elif tag == "a":
                self.paths.append(text)
            else:
                self.shown = text
            self.capture = None
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data):
        if self.capture is not None:
            self.capture.append(data)
        self.text.append(data)


inspector = Inspector()
with open(sys.argv[1], encoding="utf-8") as dom:
    inspector.feed(dom.read())
print(json.dumps({
    "danger": inspector.danger,
    "scripts": inspector.scripts,
    "cards": inspector.cards,
    "findings": inspector.findings,
    "bars": inspector.bars,
    "sections": inspector.sections,
    "hiddenSections": inspector.hidden_sections,
    "chunks": inspector.chunks,
    "paths": inspector.paths,
    "shown": inspector.shown,
    "formHidden": inspector.form_hidden,
    "text": "".join(inspector.text),
}, ensure_ascii=False))
