#!/usr/bin/env python3
"""Where postlint's cjk-latin-spacing fix inserts spaces, against autocorrect's format_for(text, "md").

  cjk_spacing.py ORIGINALS FIXED   (two folders holding the same file names)

Prints JSON: how many spaces postlint inserted, how many of them autocorrect inserts at the same
place, and up to 20 places where they differ, with context. Only spaces are compared: autocorrect
also changes punctuation, which other rules own.
"""
import difflib
import json
import os
import sys

import autocorrect_py


def inserted_spaces(original, changed):
    """Offsets in `original` before which `changed` holds an inserted space: line by line when
    both have the same lines (neither tool joins or splits lines), which keeps the diff small."""
    old_lines, new_lines = original.split("\n"), changed.split("\n")
    if len(old_lines) != len(new_lines):
        return inserted_spaces_in(original, changed)
    places, offset = set(), 0
    for old, new in zip(old_lines, new_lines):
        if old != new:
            places |= {offset + place for place in inserted_spaces_in(old, new)}
        offset += len(old) + 1
    return places


def inserted_spaces_in(original, changed):
    places = set()
    matcher = difflib.SequenceMatcher(None, original, changed, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "insert" and changed[j1:j2].strip() == "" and " " in changed[j1:j2]:
            places.add(i1)
        elif op == "replace" and changed[j1:j2].replace(" ", "") == original[i1:i2].replace(" ", ""):
            # A replacement that only adds spaces: find them.
            inner = difflib.SequenceMatcher(None, original[i1:i2], changed[j1:j2], autojunk=False)
            for op2, a1, _, b1, b2 in inner.get_opcodes():
                if op2 == "insert" and changed[j1 + b1:j1 + b2].strip() == "":
                    places.add(i1 + a1)
    return places


def main():
    originals, fixed = sys.argv[1], sys.argv[2]
    ours_total = agreed = 0
    differences = []
    for name in sorted(os.listdir(originals)):
        with open(os.path.join(originals, name), encoding="utf-8") as handle:
            original = handle.read()
        with open(os.path.join(fixed, name), encoding="utf-8") as handle:
            ours = inserted_spaces(original, handle.read())
        theirs = inserted_spaces(original, autocorrect_py.format_for(original, "md"))
        ours_total += len(ours)
        agreed += len(ours & theirs)
        for place in sorted(ours - theirs)[:3]:
            if len(differences) < 20:
                differences.append(f"{name}: …{original[max(0, place - 15):place]}␣{original[place:place + 15]}…")
    print(json.dumps({"ours": ours_total, "agreed": agreed, "differences": differences}, ensure_ascii=False))


if __name__ == "__main__":
    main()
