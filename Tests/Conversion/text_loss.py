#!/usr/bin/env python3
"""Tell whether a Markdown conversion lost text a reader sees.

Usage: text_loss.py SOURCES_DIR OUTPUTS_DIR [--json]

For every post under SOURCES_DIR (.md, .markdown, .html, recursively) the converted post with
the same relative path under OUTPUTS_DIR is read, both are turned into the words a reader sees,
and the two word multisets are compared. A word the source has more often than the output is
LOST; the other way round it is EXTRA. Image alt text is counted apart ("alt"), so a lost alt is
reported as such and does not hide in the prose count.

This checker is deliberately independent of postlint: it shares no code with it and uses other
parsers (cmark-gfm's command line for Markdown, html5lib, the WHATWG HTML parser, for HTML), so a bug in
postlint's own reading of a post cannot make the check agree with it.

Always exits 0: it is a measuring tool; whoever runs it decides what a loss means.
"""

import argparse
import collections
import difflib
import html5lib
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata

SOURCE_EXTENSIONS = (".md", ".markdown", ".html")

# Extensions of cmark-gfm's CLI that the converter's Markdown may use. `tagfilter` is left out on
# purpose although GitHub uses it: it turns `<script>`, `<style>`, `<title>`, `<iframe>`… into
# escaped text (`&lt;script>`), which would make a script's code "visible" in the source and
# report every dropped script as lost words. `footnotes` is in because without it a footnote
# definition `[^1]: text` parses as a link reference definition and its text would vanish from
# the output's count. `tasklist` only adds checkboxes (no text) but keeps `[ ]` from counting.
# `autolink` is left out: Jekyll's kramdown links no bare URL, and a link the extension made
# inside markup a quote left open would close that quote early (`<div class="…` + `"`).
CMARK_ARGS = ["--unsafe", "--validate-utf8",
              "-e", "table", "-e", "strikethrough",
              "-e", "footnotes", "-e", "tasklist"]

# Front matter as Jekyll reads it: only when the file starts with `---`; it ends at the next
# `---` or `...` line. (No BOM or blank lines allowed before it: Jekyll would not see front
# matter then, and neither should a checker of what it shows.)
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?:.*?\r?\n)??(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)

# Elements whose content a reader never sees in the page. head/title: document metadata.
# svg: inline SVG is nearly always an icon whose <title>/<text> is not article text, and a
# Markdown converter cannot keep it anyway. iframe/noembed/noframes: their content is fallback
# that browsers with frames do not show. <math> is NOT here: formulas are text the reader needs.
# object/embed/applet/frame: fallback content too. button/select/option/textarea: form
# controls, whose labels are interface rather than article text (the converter's policy too).
# annotation/annotation-xml: a formula's source (TeX), which MathML renderers do not display.
INVISIBLE_ELEMENTS = {"script", "style", "noscript", "template", "head", "title", "svg",
                      "iframe", "noembed", "noframes", "object", "embed", "applet", "frame", "frameset",
                      "button", "select", "option", "textarea", "annotation", "annotation-xml"}

# Elements shown inline, which do not part the words around them. Any other element does
# (a block, a cell, a line break, an image or control's box), at its start and at its end.
INLINE_ELEMENTS = {"a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn",
                   "em", "font", "i", "ins", "kbd", "label", "mark", "nobr", "q", "rb", "rp",
                   "rt", "rtc", "ruby", "s", "samp", "small", "span", "strike", "strong", "sub",
                   "sup", "time", "tt", "u", "var"}

# Elements that take no room on the page, so the words on either side of one run together as
# in a browser: `<span>Home</span><meta itemprop="position"><span>All</span>` reads `HomeAll`.
NO_BOUNDARY = {"meta", "link", "base", "wbr", "script", "style", "template", "noscript", "source",
               "track", "param", "area", "col", "colgroup"}


def is_hidden(attrs):
    """An element the page hides from every reader: `hidden`, or an inline style that does."""
    for name, value in attrs.items():
        if name == "hidden":
            return True
        if name == "style" and value:
            # Spaces and case vary (`display: None;`); compare without them.
            style = re.sub(r"\s+", "", value).lower()
            if "display:none" in style or "visibility:hidden" in style:
                return True
    return False


def local_name(tag):
    """`div`, or `svg` for html5lib's `{http://www.w3.org/2000/svg}svg`."""
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def walk(element, hidden, in_code, pieces, alt):
    """Appends what a reader sees of `element` and its tail-less children to `pieces`."""
    for child in element:
        name = local_name(child.tag)
        if name:
            boundary = name not in INLINE_ELEMENTS and name not in NO_BOUNDARY
            child_hidden = hidden or name in INVISIBLE_ELEMENTS or is_hidden(child.attrib)
            if boundary:
                pieces.append((" ", False))
            if name == "img" and not child_hidden and child.get("alt"):
                alt.append(child.get("alt"))
                alt.append(" ")
            child_code = in_code or name in ("pre", "code")
            if child.text and not child_hidden:
                pieces.append((child.text, child_code))
            walk(child, child_hidden, child_code, pieces, alt)
            if boundary:
                pieces.append((" ", False))
        if child.tail and not hidden:
            pieces.append((child.tail, in_code))


class Visible:
    """A document's visible text, NFKC-normalized, with which character ranges are code."""

    def __init__(self, pieces, alt):
        parts, self.code_ranges, offset = [], [], 0
        for text, in_code in pieces:
            # Normalized piece by piece so that offsets stay exact; a combining sequence split
            # across two text nodes is the only thing this could normalize differently.
            text = unicodedata.normalize("NFKC", text)
            if in_code and text:
                self.code_ranges.append((offset, offset + len(text)))
            parts.append(text)
            offset += len(text)
        self.text = "".join(parts)
        self.alt = unicodedata.normalize("NFKC", alt)


def visible_text(html_text):
    """The Visible text (and alt text) a reader sees in an HTML fragment, parsed as a browser
    parses it (html5lib implements the WHATWG algorithm: implied end tags, foreign content,
    a quote left open eating the markup after it)."""
    body = html5lib.parseFragment(html_text, container="body", namespaceHTMLElements=False)
    pieces, alt = [], []
    if body.text:
        pieces.append((body.text, False))
    walk(body, False, False, pieces, alt)
    return Visible(pieces, "".join(alt))


def render_markdown(markdown_text):
    """Markdown → HTML by cmark-gfm's CLI, with raw HTML kept (that is where posts keep text)."""
    result = subprocess.run(["cmark-gfm", *CMARK_ARGS], input=markdown_text.encode("utf-8"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True)
    return result.stdout.decode("utf-8", errors="replace")


# CJK characters are written without spaces, so a "word" would be a whole sentence and one lost
# character would lose it all: each is a token of its own. Kana and Hangul too, and the
# prolonged-sound mark ー (a letter in katakana words). NFKC has already made half-width kana
# full-width.
CJK = ("\u1100-\u11ff\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3031-\u3035\u3038-\u303c"
       "\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31a0-\u31bf\u31f0-\u31ff\u3400-\u4dbf"
       "\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\U00020000-\U0003134f")
# A word: a run of letters and digits (`[^\W_]` = alphanumeric without `_`), not CJK. Everything
# else — punctuation, symbols, `*`, `-`, `_`, bullets, escapes, white space — is ignored,
# because a converter may legitimately change those while keeping every word.
TOKEN = re.compile(r"[%s]|(?:(?![%s])[^\W_])+" % (CJK, CJK))


class Token:
    __slots__ = ("word", "start", "end", "code")

    def __init__(self, word, start, end, code):
        self.word, self.start, self.end, self.code = word, start, end, code


def tokenize(text, code_ranges=()):
    """The words of normalized text, each with its offsets and whether it is inside code."""
    tokens, ranges, r = [], list(code_ranges), 0
    for m in TOKEN.finditer(text):
        while r < len(ranges) and ranges[r][1] <= m.start():
            r += 1
        code = r < len(ranges) and ranges[r][0] <= m.start()
        tokens.append(Token(m.group(0), m.start(), m.end(), code))
    return tokens


def strip_front_matter(text):
    match = FRONT_MATTER.match(text)
    return text[match.end():] if match else text


def read_text(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", errors="replace")


def source_visible(path):
    """A source post's visible text: an .html post's body is HTML (Jekyll does not run Markdown
    over it); a Markdown post's body is rendered first (raw HTML in it passes through)."""
    body = strip_front_matter(read_text(path))
    if path.lower().endswith(".html"):
        return visible_text(body)
    return visible_text(render_markdown(body))


def output_visible(path):
    """The converter writes Markdown whatever the file is named, so always render it."""
    return visible_text(render_markdown(strip_front_matter(read_text(path))))


def multiset_difference(a, b):
    """(what a has more of than b, what b has more of than a), as Counters of words."""
    ca, cb = collections.Counter(a), collections.Counter(b)
    return ca - cb, cb - ca


def locate(words, other_words, surplus, side):
    """Indices into `words` of the surplus words (lost or extra), found by aligning the two
    sequences. The multiset difference says what differs but not where; difflib's alignment
    finds the runs with no counterpart, and only positions whose word is actually in the surplus
    are taken, so a word that merely moved is not marked. Whatever the alignment leaves
    unexplained falls back to the word's last occurrences."""
    remaining = collections.Counter(surplus)
    positions = []
    a, b = (words, other_words) if side == "a" else (other_words, words)
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
        lo, hi = (i1, i2) if side == "a" else (j1, j2)
        if op != "equal":
            for i in range(lo, hi):
                if remaining[words[i]] > 0:
                    remaining[words[i]] -= 1
                    positions.append(i)
    taken = set(positions)
    for word, count in remaining.items():
        if count:
            occurrences = [i for i, w in enumerate(words) if w == word and i not in taken]
            positions.extend(occurrences[-count:])
    return sorted(positions)


def runs_of(positions):
    """Consecutive positions as [first, last] runs: one example per run reads better than one
    per word when a whole paragraph went missing."""
    runs = []
    for i in positions:
        if runs and i == runs[-1][1] + 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return runs


def show(text, tokens, first, last, context=6):
    """`…before [[lost words]] after…`, white space collapsed, long runs shortened."""
    def clean(s):
        return re.sub(r"\s+", " ", s)
    start = tokens[max(0, first - context)].start
    end = tokens[min(len(tokens) - 1, last + context)].end
    lost = clean(text[tokens[first].start:tokens[last].end])
    if len(lost) > 200:
        lost = lost[:100] + " … " + lost[-100:]
    return "…%s[[%s]]%s…" % (clean(text[start:tokens[first].start]), lost,
                               clean(text[tokens[last].end:end]))


def examples(text, tokens, runs, limit=30):
    """Up to `limit` examples, prose before code: a lost sentence matters more than lost markup
    that a Markdown post showed as a code block."""
    prose = [r for r in runs if not tokens[r[0]].code]
    code = [r for r in runs if tokens[r[0]].code]
    chosen = sorted(prose[:limit] + code[:max(0, limit - len(prose))])
    return [("(code) " if tokens[f].code else "") + show(text, tokens, f, l) for f, l in chosen]


def check_file(rel, sources_dir, outputs_dir):
    src_path = os.path.join(sources_dir, rel)
    out_path = os.path.join(outputs_dir, rel)
    # The converter writes Markdown, so an `.html` post comes out as `.md`.
    if not os.path.exists(out_path) and rel.lower().endswith((".html", ".htm")):
        out_path = os.path.splitext(out_path)[0] + ".md"
    src = source_visible(src_path)
    src_tokens = tokenize(src.text, src.code_ranges)
    src_alt = [t.word for t in tokenize(src.alt)]
    entry = {"path": rel, "tokens": len(src_tokens), "chars": sum(len(t.word) for t in src_tokens),
             "code_tokens": sum(t.code for t in src_tokens), "alt_tokens": len(src_alt)}
    if not os.path.isfile(out_path):
        entry.update(status="missing", lost=len(src_tokens), lost_chars=sum(len(t.word) for t in src_tokens),
                     lost_examples=[], extra=0,
                     alt_lost=len(src_alt), alt_lost_examples=[])
        return entry
    out = output_visible(out_path)
    out_tokens = tokenize(out.text, out.code_ranges)
    out_alt = [t.word for t in tokenize(out.alt)]
    src_words = [t.word for t in src_tokens]
    out_words = [t.word for t in out_tokens]
    lost, extra = multiset_difference(src_words, out_words)
    alt_lost, _ = multiset_difference(src_alt, out_alt)
    lost_at = locate(src_words, out_words, lost, "a") if lost else []
    extra_at = locate(out_words, src_words, extra, "b") if extra else []
    runs = runs_of(lost_at)
    entry.update(
        status="ok" if not lost and not alt_lost else "loss",
        lost=sum(lost.values()),
        # The characters of the lost words (NFKC), to compare converters by what they drop.
        lost_chars=sum(len(w) * n for w, n in lost.items()),
        # How many lost words were inside <pre>/<code> in the source (see VisibleText).
        lost_code=sum(src_tokens[i].code for i in lost_at),
        lost_runs=len(runs),
        lost_examples=examples(src.text, src_tokens, runs),
        lost_top=[[w, n] for w, n in lost.most_common(15)],
        extra=sum(extra.values()),
        # Extra words inside code in the output: typically HTML tags shown as a code block.
        extra_code=sum(out_tokens[i].code for i in extra_at),
        extra_top=[[w, n] for w, n in extra.most_common(10)],
        alt_lost=sum(alt_lost.values()),
        alt_lost_examples=[w for w, _ in alt_lost.most_common(30)])
    return entry


def find_sources(sources_dir):
    for root, dirs, files in os.walk(sources_dir):
        dirs.sort()
        for name in sorted(files):
            if name.lower().endswith(SOURCE_EXTENSIONS):
                yield os.path.relpath(os.path.join(root, name), sources_dir)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources_dir")
    parser.add_argument("outputs_dir")
    parser.add_argument("--json", action="store_true", help="print a JSON report instead")
    args = parser.parse_args()
    if not shutil.which("cmark-gfm"):
        sys.exit("text_loss.py: needs the cmark-gfm command (Debian package cmark-gfm)")

    files = []
    for rel in find_sources(args.sources_dir):
        try:
            files.append(check_file(rel, args.sources_dir, args.outputs_dir))
        except Exception as error:  # one unreadable file must not hide the others' results
            files.append({"path": rel, "status": "error", "error": repr(error), "tokens": 0,
                          "lost": 0, "lost_examples": [], "extra": 0, "alt_lost": 0})

    checked = [f for f in files if f["status"] in ("ok", "loss")]
    summary = {
        "files": len(files),
        "with_loss": sum(1 for f in checked if f["lost"]),
        "lost_tokens": sum(f["lost"] for f in checked),
        "lost_code_tokens": sum(f["lost_code"] for f in checked),
        "source_tokens": sum(f["tokens"] for f in checked),
        "extra_tokens": sum(f["extra"] for f in checked),
        "extra_code_tokens": sum(f["extra_code"] for f in checked),
        "with_alt_loss": sum(1 for f in checked if f["alt_lost"]),
        "alt_lost_tokens": sum(f["alt_lost"] for f in checked),
        "missing": [f["path"] for f in files if f["status"] == "missing"],
        "errors": [f["path"] for f in files if f["status"] == "error"],
    }
    if args.json:
        json.dump({"files": files, "summary": summary}, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return

    for f in files:
        if f["status"] == "missing":
            print("%s: missing output" % f["path"])
        elif f["status"] == "error":
            print("%s: error: %s" % (f["path"], f["error"]))
        elif f["lost"] or f["alt_lost"]:
            print("%s: %d of %d tokens lost (%d in code) in %d places, %d extra (%d in code), "
                  "%d alt tokens lost" % (f["path"], f["lost"], f["tokens"], f["lost_code"],
                                          f["lost_runs"], f["extra"], f["extra_code"],
                                          f["alt_lost"]))
            for example in f["lost_examples"]:
                print("    " + example)
            if f["alt_lost"]:
                print("    alt: " + " ".join(f["alt_lost_examples"]))
    # Missing outputs and errors are listed above and not counted as loss: they say the
    # converter produced nothing, which is a different failure from dropping words.
    print("files: %d, with loss: %d, lost tokens: %d" % (
        summary["files"], summary["with_loss"], summary["lost_tokens"]))
    print("lost in code: %d, missing: %d, errors: %d, extra tokens: %d (in code: %d), "
          "alt tokens lost: %d (in %d files)" % (
              summary["lost_code_tokens"], len(summary["missing"]), len(summary["errors"]),
              summary["extra_tokens"], summary["extra_code_tokens"],
              summary["alt_lost_tokens"], summary["with_alt_loss"]))


if __name__ == "__main__":
    main()
