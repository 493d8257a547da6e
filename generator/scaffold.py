"""`briefing new DIR`: a small, complete project that passes `briefing check`.

`--empty` makes the same layout without the example: site.yaml and the content folders
(each kept by a hidden `.about` file, which the build skips, that says what goes in it), to be filled by `briefing draft`.
"""

from __future__ import annotations

from pathlib import Path

FILES = {
    "content/site.yaml": """\
title: Example briefing
description: A two-country example that shows every part of a briefing.
language: en
as_of: 2025-01-15
takeaways:
  - "[[norway]] and [[sweden]] agree to share data on the river basin."
  - Every fact cites the sentence of the article it came from.
""",
    "content/sources/example-article.md": """\
---
title: Example article (fictional)
outlet: The Example Gazette
published: 2025-01-14
---
Norway and Sweden signed a river-basin agreement in Oslo on Tuesday. The pact commits both governments to share water data every month.
Officials said the first joint report is due in 2026. Swedish Minister Anna Berg called the deal "a practical step."
""",
    "content/countries/norway.yaml": """\
name: Norway
code: "NO"          # quoted: a bare NO would be read as false
summary: Hosts the signing and co-owns the new data-sharing pact.
role: Co-signatory and host
facts:
  - claim: The agreement was signed in Oslo.
    quote: signed a river-basin agreement in Oslo on Tuesday
    topic: diplomacy
relations:
  - with: sweden
    kind: partner
    summary: Both governments will share water data every month.
    quote: The pact commits both governments to share water data every month.
""",
    "content/countries/sweden.yaml": """\
name: Sweden
code: SE
summary: Co-signs the pact; its minister calls it a practical step.
role: Co-signatory
leaders: [anna-berg]
facts:
  - claim: The first joint report is due in 2026.
    quote: the first joint report is due in 2026
""",
    "content/people/anna-berg.yaml": """\
name: Anna Berg
country: sweden
role: Minister (fictional)
facts:
  - claim: She called the deal a practical step.
    quote: Swedish Minister Anna Berg called the deal "a practical step."
""",
    "content/events/river-pact-signed.yaml": """\
title: River-basin pact signed in Oslo
date: 2025-01-14
countries: [norway, sweden]
quote: Norway and Sweden signed a river-basin agreement in Oslo on Tuesday.
""",
    "content/notes/why-the-pact-matters.md": """\
---
title: Why the pact matters
countries: [norway, sweden]
date: 2025-01-15
---
Monthly data sharing turns a one-off signing into a routine. Watch whether
[[sweden]] and [[norway|Oslo]] publish the first joint report on time.

- The pact is narrow: water data only.
- Its test comes in 2026.
""",
    "templates/README.txt": """\
Put a template here with the name of a built-in one (base.html, country.html, ...)
to override it. Pages see only the prepared view they are given.
Files in static/ are copied into the site under assets/ with a content hash in their
names; a file named like a built-in one (style.css) replaces it.
""",
    "static/.keep": "",
}


EMPTY = {
    "content/site.yaml": """\
title: New briefing
description: What this briefing is about, in one sentence.
language: en
# base_url: https://example.org/briefing/   # the public address: enables the sitemap and canonical links
""",
    **{f"content/{folder}/.about": f"{what}\n" for folder, what in (
        ("sources", "One Markdown file per article: front matter (title, outlet, url, published), then the text "
                    "exactly as published. `briefing draft ARTICLE` adds one."),
        ("countries", "One YAML fact sheet per country: name, code, summary, facts (each with its quote), relations."),
        ("people", "One YAML sheet per person: name, country, role, facts."),
        ("events", "One YAML file per dated event: title, date, countries, quote. They make the timeline."),
        ("notes", "The analyst's notes in Markdown: front matter (title, countries, people, date), then the text."),
    )},
    "templates/README.txt": FILES["templates/README.txt"],
    "static/.keep": "",
}


def scaffold(directory: Path, empty: bool = False) -> list[Path]:
    if directory.exists() and any(directory.iterdir()):
        raise FileExistsError(f"{directory} exists and is not empty; choose a new folder")
    written = []
    for rel, text in (EMPTY if empty else FILES).items():
        path = directory / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
