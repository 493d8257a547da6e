"""The same corpus for the Python generators that share our Markdown engine: MkDocs and
Pelican, each with the same Python-Markdown extensions as ours and a minimal theme that
shows what ours shows on the compared pages (a country with its facts and relations, a
note with its body), so that the engines are compared, not the themes' navigation.

    python -m bench peers --size large [--work /dev/shm/bench] [--rounds 1]

MkDocs: docs/countries/<slug>.md and docs/notes/<slug>.md, [[links]] as relative links to
the country's Markdown file (which MkDocs checks and rewrites), no plugins (no search).
Pelican: the countries as pages and the notes as articles; every generated list (tags,
categories, authors, archives, feeds) switched off but the index of all notes.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import yaml

from . import hugo
from .corpus import Corpus
from .hugo import WIKILINK

# The extensions our generator uses (generator/markup.py), by their Python-Markdown names.
EXTENSIONS = ["footnotes", "admonition", "tables", "toc", "def_list", "abbr", "sane_lists", "fenced_code"]

PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{title}</title></head>
<body><main>
{body}
</main></body>
</html>
"""


def _sheet_markdown(sheet: dict, names: dict[str, str], link: str) -> str:
    """A country page's content as Markdown: what our country page shows, in its order."""
    lines = [f"*{sheet.get('role', '')}*", "", sheet.get("summary", ""), "", "## Facts", ""]
    lines += [f"1. {f['claim']}\n\n    > {f['quote']}\n" for f in sheet.get("facts", [])]
    lines += ["", "## Relations", ""]
    lines += [f"- **{r['kind']}** [{names[r['with']]}]({link.format(r['with'])}): {r.get('summary', '')}"
              for r in sheet.get("relations", [])]
    return "\n".join(lines) + "\n"


def _notes(corpus: Corpus, names: dict[str, str], link: str):
    for slug in corpus.notes:
        text = (corpus.content / "notes" / f"{slug}.md").read_text()
        _, front, body = text.split("---\n", 2)
        data = yaml.safe_load(front)
        body = WIKILINK.sub(lambda m: f"[{(m.group(2) or names[m.group(1).strip()]).strip()}]"
                                      f"({link.format(m.group(1).strip())})", body)
        yield slug, data, body


def _sheets(corpus: Corpus):
    for c in corpus.countries:
        yield c.slug, yaml.safe_load((corpus.content / "countries" / f"{c.slug}.yaml").read_text())


# --- MkDocs ------------------------------------------------------------------------------

MKDOCS_THEME = PAGE.format(title="{{ page.title }} · {{ config.site_name }}", body="{{ page.content }}")


def adapt_mkdocs(corpus: Corpus, dest: Path) -> Path:
    dest = Path(dest)
    shutil.rmtree(dest, ignore_errors=True)
    (dest / "docs" / "countries").mkdir(parents=True)
    (dest / "docs" / "notes").mkdir()
    (dest / "theme").mkdir()
    (dest / "theme" / "main.html").write_text(MKDOCS_THEME)
    site = yaml.safe_load((corpus.content / "site.yaml").read_text())
    config = {"site_name": site["title"], "theme": {"name": None, "custom_dir": "theme"}, "plugins": [],
              "markdown_extensions": EXTENSIONS, "use_directory_urls": True}
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    names = {c.slug: c.name for c in corpus.countries}
    (dest / "docs" / "index.md").write_text("# " + site["title"] + "\n\n" + "\n".join(
        f"- [{names[s]}](countries/{s}.md)" for s in names) + "\n")
    for slug, sheet in _sheets(corpus):
        (dest / "docs" / "countries" / f"{slug}.md").write_text(
            f"# {sheet['name']}\n\n" + _sheet_markdown(sheet, names, "{}.md"))
    for slug, data, body in _notes(corpus, names, "../countries/{}.md"):
        (dest / "docs" / "notes" / f"{slug}.md").write_text(f"# {data['title']}\n\n*{data['date']}*\n\n{body}")
    return dest


def mkdocs_command(src: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(Path(src, "mkdocs.yml").resolve()),
            "--site-dir", str(Path(out).resolve())]


# --- Pelican -----------------------------------------------------------------------------

PELICAN_CONFIG = """\
SITENAME = {title!r}
PATH = "content"
THEME = "theme"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
ARTICLE_PATHS = ["notes"]
PAGE_PATHS = ["countries"]
ARTICLE_URL = ARTICLE_SAVE_AS = "notes/{{slug}}/index.html"
PAGE_URL = PAGE_SAVE_AS = "countries/{{slug}}/index.html"
DIRECT_TEMPLATES = ["index"]
DEFAULT_PAGINATION = False
for _kind in ("CATEGORY", "TAG", "AUTHOR", "ARCHIVES", "AUTHORS", "CATEGORIES", "TAGS",
              "YEAR_ARCHIVE", "MONTH_ARCHIVE", "DAY_ARCHIVE", "DRAFT", "DRAFT_PAGE"):
    globals()[_kind + "_SAVE_AS"] = ""
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = TAG_FEED_ATOM = TAG_FEED_RSS = CATEGORY_FEED_RSS = None
STATIC_PATHS = []
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
MARKDOWN = {{"extensions": {extensions!r}, "output_format": "html5"}}
"""
PELICAN_TEMPLATES = {
    "article.html": PAGE.format(title="{{ article.title }} · {{ SITENAME }}",
                                body="<h1>{{ article.title }}</h1>\n<p>{{ article.locale_date }}</p>\n{{ article.content }}"),
    "page.html": PAGE.format(title="{{ page.title }} · {{ SITENAME }}", body="<h1>{{ page.title }}</h1>\n{{ page.content }}"),
    "index.html": PAGE.format(title="{{ SITENAME }}", body="<h1>{{ SITENAME }}</h1>\n<ul>\n{% for p in pages %}"
                              '<li><a href="/{{ p.url }}">{{ p.title }}</a></li>\n{% endfor %}'
                              '{% for a in articles %}<li><a href="/{{ a.url }}">{{ a.title }}</a></li>\n{% endfor %}</ul>'),
}


def adapt_pelican(corpus: Corpus, dest: Path) -> Path:
    dest = Path(dest)
    shutil.rmtree(dest, ignore_errors=True)
    (dest / "content" / "countries").mkdir(parents=True)
    (dest / "content" / "notes").mkdir()
    (dest / "theme" / "templates").mkdir(parents=True)
    for name, text in PELICAN_TEMPLATES.items():
        (dest / "theme" / "templates" / name).write_text(text)
    site = yaml.safe_load((corpus.content / "site.yaml").read_text())
    (dest / "pelicanconf.py").write_text(PELICAN_CONFIG.format(title=site["title"], extensions=EXTENSIONS))
    names = {c.slug: c.name for c in corpus.countries}
    for slug, sheet in _sheets(corpus):
        (dest / "content" / "countries" / f"{slug}.md").write_text(
            f"Title: {sheet['name']}\nSlug: {slug}\n\n" + _sheet_markdown(sheet, names, "/countries/{}/"))
    for slug, data, body in _notes(corpus, names, "/countries/{}/"):
        title = re.sub(r"\s+", " ", data["title"])
        (dest / "content" / "notes" / f"{slug}.md").write_text(
            f"Title: {title}\nDate: {data['date']}\nSlug: {slug}\n\n{body}")
    return dest


def pelican_command(src: Path, out: Path) -> list[str]:
    src = Path(src).resolve()
    return [sys.executable, "-m", "pelican", str(src / "content"), "--settings", str(src / "pelicanconf.py"),
            "--output", str(Path(out).resolve()), "--delete-output-directory", "--quiet"]


# --- one run -----------------------------------------------------------------------------

def measure(size: str, work: Path, rounds: int, settle: float, say) -> str:
    """Cold builds of the same corpus by ours, Hugo, MkDocs and Pelican, `rounds` times
    each (the outputs of all four deleted, then `settle` seconds, before each round);
    a Markdown report with the medians."""
    import time

    from . import run
    from .measure import median, timed

    exe = hugo.binary()
    corpus, paths = run.prepare(size, work, exe)
    mk, pel = adapt_mkdocs(corpus, paths.root / "mkdocs"), adapt_pelican(corpus, paths.root / "pelican")
    outs = {"MkDocs": paths.root / "mkdocs-site", "Pelican": paths.root / "pelican-output"}
    builds = {
        "ours": lambda: run.ours_cold(paths),
        "MkDocs": lambda: timed(mkdocs_command(mk, outs["MkDocs"]), paths.logs / "mkdocs.log"),
        "Pelican": lambda: timed(pelican_command(pel, outs["Pelican"]), paths.logs / "pelican.log"),
    }
    if exe:
        builds["Hugo"] = lambda: run.hugo_cold(paths, exe)
    samples: dict[str, list] = {name: [] for name in builds}
    for i in range(rounds):
        for name in builds:  # every output and cache goes before any build of the round
            shutil.rmtree(outs.get(name, paths.site), ignore_errors=True)
        shutil.rmtree(paths.hugo_out, ignore_errors=True)
        say(f"[{size}] peers, round {i + 1}/{rounds}: waiting {settle:g} s")
        time.sleep(settle)
        for name, build in builds.items():
            samples[name].append(build())
            say(f"[{size}]   {name}: {samples[name][-1].wall:.2f} s")
    pages = {"ours": len(run.html_pages(paths.site)), "MkDocs": len(run.html_pages(outs["MkDocs"])),
             "Pelican": len(run.html_pages(outs["Pelican"])), "Hugo": len(run.html_pages(paths.hugo_out)) if exe else 0}
    hugo_wall = median([s.wall for s in samples.get("Hugo", [])])
    rows = ["| tool | HTML pages | cold build (wall) | × Hugo | user CPU | sys CPU | peak RSS | others |",
            "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, runs in samples.items():
        wall = median([s.wall for s in runs])
        rows.append(f"| {name} | {pages[name]:,} | {wall:.2f} s | {wall / hugo_wall:.2f} × | "
                    f"{median([s.user for s in runs]):.2f} s | {median([s.sys for s in runs]):.2f} s | "
                    f"{median([s.rss_mb for s in runs]):.0f} MB | {median([s.others for s in runs]):.0%} |")
    return "\n".join(rows) + "\n"
