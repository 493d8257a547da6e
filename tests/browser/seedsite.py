"""What the tests of the built seed site share: where the tools are, and the built site."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.build import BuildResult

REPO = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("BRIEFING_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SUB_PATH = "/briefing/"


@dataclass(frozen=True)
class BuiltSite:
    root: Path              # the output folder
    result: BuildResult     # what the build knows: the linked model, the files
    pages: tuple[str, ...]  # every page, as the crawler names them: '', 'countries/china/', '404.html'

    def pages_of(self, section: str) -> list[str]:
        """The pages of one section: `pages_of("countries")` -> ['countries/china/', ...]."""
        return [p for p in self.pages if p.startswith(section + "/") and p != section + "/"]

    @property
    def source_urls(self) -> set[str]:
        """The original articles' addresses: the only other host a page may link to."""
        return {s.url for s in self.result.linked.site.sources if s.url}
