"""Protocol tests of `postlint lsp`, run with pytest-lsp as the client (Tests/lsp/README.md)."""
import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
# The binary under test: POSTLINT_BINARY, else the debug build.
POSTLINT = os.environ.get("POSTLINT_BINARY", str(ROOT / ".build" / "debug" / "postlint"))

HEAD = "---\ntitle: 一网通办\ndate: 2022-03-01 10:00:00 +0800\n---\n"
# An emoji (two UTF-16 units, four bytes) and CJK (one unit, three bytes each) before the space.
BODY = "😀中文 “一网通办”。\n"


@pytest.fixture
def site(tmp_path):
    """A Jekyll site with one post file on disk; returns (folder, post path)."""
    (tmp_path / "_config.yml").write_text("title: test\n", encoding="utf-8")
    posts = tmp_path / "_posts"
    posts.mkdir()
    post = posts / "2022-03-01-a.md"
    post.write_text(HEAD + BODY, encoding="utf-8")
    return tmp_path, post
