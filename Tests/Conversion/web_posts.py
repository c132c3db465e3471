#!/usr/bin/env python3
"""Turn the saved web pages of a corpus into Jekyll posts to convert.

Usage: web_posts.py WEB_PAGES_DIR OUT_DIR

Each WEB_PAGES_DIR/*.html page becomes two posts with the same front matter and the page's
<body> content as the body:

    OUT_DIR/html/_posts/2020-01-01-<slug>.html      an .html post (Jekyll shows the body as HTML)
    OUT_DIR/markdown/_posts/2020-01-01-<slug>.md    a Markdown post whose body is raw HTML

Why both: the same HTML must survive conversion whether Jekyll reads it as HTML or runs
Markdown over it, and the two paths differ (indentation, blank lines inside blocks).

The body is copied byte for byte (the exact bytes between the end of the `<body …>` start tag
and the last `</body>`), never decoded and re-encoded, so the posts hold HTML exactly as people
and generators write it, invalid bytes and all. Only the title is decoded, to write it in YAML.
"""

import html
import os
import re
import sys

# `<body` as a tag name (not `<bodyx`), its attributes possibly quoted with `>` inside them.
BODY_START = re.compile(rb"""<body(?=[\s/>])(?:[^>"']|"[^"]*"|'[^']*')*>""", re.I)
BODY_END = re.compile(rb"</body\s*>", re.I)
HEAD_END = re.compile(rb"</head\s*>", re.I)
HTML_END = re.compile(rb"</html\s*>", re.I)
TITLE = re.compile(rb"<title(?:\s[^>]*)?>(.*?)</title\s*>", re.I | re.S)
# Regions where `<body` or `<title` is not markup: a `<body` in a comment or in a script's
# string must not be taken for the real one.
OPAQUE = re.compile(rb"<!--.*?-->|<(script|style)(?:\s[^>]*)?>.*?</\1\s*>", re.I | re.S)


def blank_opaque(data):
    """The page with comments and script/style contents overwritten by spaces, same length, so
    offsets found in it are offsets into the original bytes."""
    return OPAQUE.sub(lambda m: b" " * len(m.group(0)), data)


def split_page(data):
    """(bytes before the body, body bytes) of a page."""
    searchable = blank_opaque(data)
    start = BODY_START.search(searchable)
    if start:
        # The last `</body>`: one in the middle would be inside a script string or a mistake
        # the browser ignores (it keeps reading the body).
        ends = [m.start() for m in BODY_END.finditer(searchable, start.end())]
        if ends:
            end = ends[-1]
        else:
            html_ends = [m.start() for m in HTML_END.finditer(searchable, start.end())]
            end = html_ends[-1] if html_ends else len(data)
        return data[:start.start()], data[start.end():end]
    head_end = HEAD_END.search(searchable)
    if head_end:
        return data[:head_end.start()], data[head_end.end():]
    return b"", data


def page_title(head):
    match = TITLE.search(blank_opaque(head))
    if not match:
        return ""
    # Offsets are shared by both strings; take the original bytes of the title's text.
    raw = head[match.start(1):match.end(1)].decode("utf-8", errors="replace")
    return re.sub(r"\s+", " ", html.unescape(raw)).strip()


def yaml_double_quoted(text):
    """Text as the inside of a YAML double-quoted scalar: backslash and quote escaped, and every
    control or line-separator character written as an escape (they are not allowed raw)."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F or 0x80 <= ord(ch) < 0xA0 \
                or ch in "\u2028\u2029\ufeff":
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    return "".join(out)


def slug_of(file_name):
    stem = file_name[:-len(".html")] if file_name.lower().endswith(".html") else file_name
    return re.sub(r"[^a-z0-9]+", "-", stem.lower())


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: web_posts.py WEB_PAGES_DIR OUT_DIR")
    pages_dir, out_dir = sys.argv[1], sys.argv[2]
    html_dir = os.path.join(out_dir, "html", "_posts")
    md_dir = os.path.join(out_dir, "markdown", "_posts")
    os.makedirs(html_dir, exist_ok=True)
    os.makedirs(md_dir, exist_ok=True)

    seen = {}
    count = 0
    for name in sorted(os.listdir(pages_dir)):
        if not name.lower().endswith(".html"):
            continue
        with open(os.path.join(pages_dir, name), "rb") as f:
            data = f.read()
        slug = slug_of(name)
        if slug in seen:
            # Two pages whose names differ only in case or punctuation: keep both, numbered.
            seen[slug] += 1
            slug = "%s-%d" % (slug, seen[slug])
            print("web_posts.py: %s renamed to slug %s" % (name, slug), file=sys.stderr)
        seen.setdefault(slug, 1)
        head, body = split_page(data)
        title = page_title(head) or slug
        front = ('---\ntitle: "%s"\ndate: 2020-01-01 10:00:00 +0000\n---\n'
                 % yaml_double_quoted(title)).encode("utf-8")
        for folder, ext in ((html_dir, ".html"), (md_dir, ".md")):
            with open(os.path.join(folder, "2020-01-01-%s%s" % (slug, ext)), "wb") as f:
                f.write(front + body)
        count += 1
    print("web_posts.py: %d pages → %s and %s" % (count, html_dir, md_dir), file=sys.stderr)


if __name__ == "__main__":
    main()
