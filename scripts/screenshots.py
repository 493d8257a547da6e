"""Write screenshots of the built site for a person to look at (not committed).

    python scripts/screenshots.py [--site site] [--out screenshots]

Shoots the overview, a country page and the relations page at 1280 px and 390 px, in the
light and dark schemes, and prints a country page to PDF.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = {"overview": "", "country": "countries/north-korea/", "relations": "relations/",
         "source": "sources/victory-day-parade/", "timeline": "timeline/"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    args = parser.parse_args()
    args.out.mkdir(exist_ok=True)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for scheme in ("light", "dark"):
                for width in (1280, 390):
                    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
                    page = context.new_page()
                    for name, path in PAGES.items():
                        page.goto(base + path)
                        page.screenshot(path=str(args.out / f"{name}-{width}-{scheme}.png"), full_page=True)
                    context.close()
            page = browser.new_page()
            page.goto(base + PAGES["country"])
            page.pdf(path=str(args.out / "country.pdf"), format="A4")
            browser.close()
    finally:
        server.shutdown()
    print(f"Screenshots in {args.out}/")


if __name__ == "__main__":
    main()
