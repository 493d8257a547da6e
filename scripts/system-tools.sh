#!/bin/sh
# The system packages the tests drive: Debian's Chromium (with a colour emoji font for
# the flags), Node.js for the Nu checker and axe-core, Java for the Nu checker.
# As root it installs what is missing; otherwise it says what to run.
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
fc-list 2>/dev/null | grep -qi 'noto color emoji' || missing="$missing fonts-noto-color-emoji"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
command -v java >/dev/null 2>&1 || missing="$missing default-jre-headless"
command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
    echo "The tests need these system packages:$missing"
    echo "Install them with: sudo apt-get install$missing"
    echo "then run 'make test' again (or run the tests without a browser: .venv/bin/python -m pytest -m 'not browser')."
    exit 1
fi
apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing
