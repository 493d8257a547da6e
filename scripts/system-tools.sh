#!/bin/sh
# The system packages the README's commands need. As root it installs what is missing with
# apt; otherwise it says what to run.
#   system-tools.sh book   Pango and a font, for WeasyPrint (the briefing book): `make preview`.
#                          Without them the site is built all the same, without its book.
#   system-tools.sh test   the above, and what the tests drive: Debian's Chromium (with a colour
#                          emoji font for the flags), Node.js for the Nu checker and axe-core,
#                          Java for the Nu checker, poppler-utils to look at the book's pages.
set -u
missing=""
ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || missing="$missing libpango-1.0-0"
ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so' || missing="$missing libpangoft2-1.0-0"
fc-list 2>/dev/null | grep -qi 'liberation serif' || missing="$missing fonts-liberation"
if [ "${1:-test}" = test ]; then
    command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
    fc-list 2>/dev/null | grep -qi 'noto color emoji' || missing="$missing fonts-noto-color-emoji"
    command -v npm >/dev/null 2>&1 || missing="$missing npm"
    command -v java >/dev/null 2>&1 || missing="$missing default-jre-headless"
    command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
fi
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    if [ "${1:-test}" = book ]; then
        echo "The briefing book (PDF) needs these system packages:$missing"
        echo "Install them with: sudo apt-get install$missing (macOS: brew install pango); the site builds without its book meanwhile."
        exit 0
    fi
    echo "The tests need these system packages:$missing"
    echo "Install them with: sudo apt-get install$missing"
    echo "then run 'make test' again (or run the tests without a browser: .venv/bin/python -m pytest -m 'not browser')."
    exit 1
fi
apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing
