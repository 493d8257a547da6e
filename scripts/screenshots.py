"""Write screenshots of the built site for a person to look at (not committed).

    python scripts/screenshots.py [--site site] [--out screenshots] [--width 1280 --width 390 ...]

Shoots the overview, a country page, the relations, source, timeline and search pages at
each width (default 1280, 390 and 320 px), in the light and dark schemes, and prints every
country page to an A4 PDF (`print-<country>.pdf`), saying how many pages each took.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = {"overview": "", "country": "countries/north-korea/", "relations": "relations/",
         "source": "sources/victory-day-parade/#s17", "timeline": "timeline/", "search": "search/?q=laborers"}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class names it so
        pass


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--width", type=int, action="append", dest="widths",
                        help="viewport width in CSS pixels; repeat for several (default 1280, 390, 320)")
    args = parser.parse_args()
    widths = args.widths or [1280, 390, 320]
    args.out.mkdir(exist_ok=True)
    handler = functools.partial(QuietHandler, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for scheme in ("light", "dark"):
                for width in widths:
                    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
                    page = context.new_page()
                    for name, path in PAGES.items():
                        page.goto(base + path)
                        if name == "search":
                            page.locator(".pagefind-ui__result").first.wait_for(timeout=10_000)
                        page.screenshot(path=str(args.out / f"{name}-{width}-{scheme}.png"), full_page=True)
                    context.close()
            page = browser.new_page()
            for country in sorted(p.name for p in (args.site / "countries").iterdir() if p.is_dir()):
                page.goto(f"{base}countries/{country}/")
                data = page.pdf(format="A4")
                (args.out / f"print-{country}.pdf").write_bytes(data)
                print(f"print-{country}.pdf: {pdf_pages(data)} page(s)")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    print(f"Screenshots in {args.out}/")


if __name__ == "__main__":
    main()
