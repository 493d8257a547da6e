"""The full-text search index, built by Pagefind from the rendered pages in memory."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path


def _pages(files: dict[str, bytes]) -> list[tuple[str, str]]:
    return [(name, data.decode("utf-8")) for name, data in sorted(files.items())
            if name.endswith(".html") and name != "404.html"]


async def _index(files: dict[str, bytes], language: str, folder: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(force_language=language.split("-")[0])
    async with PagefindIndex(config=config) as index:
        for name, html in _pages(files):
            await index.add_html_file(content=html, source_path=name)
        await index.write_files(output_path=str(folder))


def index_files(files: dict[str, bytes], language: str = "en") -> dict[str, bytes]:
    """The `pagefind/` bundle for the given pages, as files to write beside them.

    Pagefind writes to disk; it writes into a private temporary folder, never into the
    site, so a failed build still leaves the site untouched.
    """
    with tempfile.TemporaryDirectory(prefix="briefing-search-") as tmp:
        folder = Path(tmp) / "pagefind"
        asyncio.run(_index(files, language, folder))
        return {f"pagefind/{p.relative_to(folder).as_posix()}": p.read_bytes()
                for p in sorted(folder.rglob("*")) if p.is_file()}
