#!/bin/sh
# Installs postlint from a release archive into ~/.local: the archive is checked against its
# SHA-256 checksum first, then unpacked into ~/.local/lib/postlint-VERSION, with
# ~/.local/bin/postlint, the man page and the bash completion linked into place.
#
#   curl -fsSL https://raw.githubusercontent.com/postlint/postlint/main/install.sh | sh
#   sh install.sh dist/postlint-0.1.0-linux-x86_64.tar.gz     # a local archive (its .sha256 beside it)
#
# POSTLINT_VERSION picks the release (default 0.1.0); POSTLINT_PREFIX the place (default ~/.local).
set -eu

version=${POSTLINT_VERSION:-0.1.0}
prefix=${POSTLINT_PREFIX:-$HOME/.local}
fail() { echo "install.sh: $*" >&2; exit 1; }

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) arch=x86_64 ;;
  Linux-aarch64 | Linux-arm64) arch=aarch64 ;;
  *) fail "no release archive for $(uname -s) $(uname -m); build from source (see the README)" ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
if [ $# -ge 1 ]; then
  archive=$1
  [ -f "$archive" ] || fail "$archive: no such archive"
  [ -f "$archive.sha256" ] || fail "$archive.sha256: the checksum file is missing; it must lie beside the archive"
  checksum="$archive.sha256"
else
  name="postlint-$version-linux-$arch.tar.gz"
  url="https://github.com/postlint/postlint/releases/download/v$version/$name"
  archive="$work/$name"
  checksum="$archive.sha256"
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL -o "$archive" "$url" && curl -fsSL -o "$checksum" "$url.sha256" || fail "cannot download $url"
  elif command -v wget >/dev/null 2>&1; then
    wget -q -O "$archive" "$url" && wget -q -O "$checksum" "$url.sha256" || fail "cannot download $url"
  else
    fail "neither curl nor wget is installed"
  fi
fi

expected=$(cut -d ' ' -f 1 < "$checksum")
actual=$(sha256sum < "$archive" | cut -d ' ' -f 1)
[ -n "$expected" ] && [ "$expected" = "$actual" ] || fail "$archive does not match its checksum ($actual, expected $expected); nothing installed"

mkdir -p "$work/unpacked"
tar -xzf "$archive" -C "$work/unpacked"
unpacked=$(find "$work/unpacked" -mindepth 1 -maxdepth 1 -type d -name 'postlint-*' | head -n 1)
[ -n "$unpacked" ] && [ -x "$unpacked/bin/postlint" ] || fail "$archive is not a postlint release archive"
release=$(basename "$unpacked")
target="$prefix/lib/$release"

mkdir -p "$prefix/lib" "$prefix/bin" "$prefix/share/man/man1" "$prefix/share/bash-completion/completions"
rm -rf "$target"
mv "$unpacked" "$target"
ln -sf "$target/bin/postlint" "$prefix/bin/postlint"
ln -sf "$target/share/man/man1/postlint.1" "$prefix/share/man/man1/postlint.1"
ln -sf "$target/share/bash-completion/completions/postlint" "$prefix/share/bash-completion/completions/postlint"
"$prefix/bin/postlint" --version >/dev/null || fail "the installed postlint does not run on this system"

echo "installed postlint $("$prefix/bin/postlint" --version) in $prefix/bin/postlint"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "add $prefix/bin to your PATH, e.g.: export PATH=\"$prefix/bin:\$PATH\"" ;;
esac
