"""Random but valid-in-the-end edits of a briefing project, for incremental-build tests.

Each step is a realistic save: a note written, rewritten, renamed or deleted; a country's
summary, fact or relation changed; a person's role; an event added or moved; a paragraph
added to the source; a takeaway in site.yaml; a template or stylesheet overridden; and now
and then a broken file that a later step repairs. `settle()` repairs whatever is still broken, so the final content
always builds.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import yaml

THEME = Path(__file__).resolve().parents[2]


class Editor:
    def __init__(self, project: Path, seed: int):
        self.project = project
        self.rng = random.Random(seed)
        self.countries = sorted(p.stem for p in (project / "content/countries").glob("*.yaml"))
        self.notes: list[str] = []
        self.broken: dict[Path, str] = {}
        self.counter = 0
        self.touched: set[Path] = set()  # what the dev server's file events would name

    def take(self) -> set[Path]:
        """The files written, created or removed since the last call."""
        touched, self.touched = self.touched, set()
        return touched

    def _write(self, path: Path, text: str) -> None:
        path.write_text(text)
        self.touched.add(path)

    def _note(self, slug: str) -> None:
        a, b = self.rng.sample(self.countries, 2)
        words = " ".join(self.rng.choice(["sanctions", "parade", "summit", "*trade*", "talks", "border"])
                         for _ in range(self.rng.randint(5, 40)))
        text = (f"---\ntitle: Test note {slug}\ncountries: [{a}]\ndate: 2025-0{self.rng.randint(1, 9)}-1{self.rng.randint(0, 9)}\n"
                f"---\n## A heading\n\n{words} about [[{b}]].\n\n- one\n- two\n")
        self._write(self.project / "content/notes" / f"{slug}.md", text)

    def step(self) -> str:
        self.counter += 1
        choice = self.rng.choice(["add", "add", "rewrite", "rename", "delete", "summary", "template", "css", "break",
                                  "body", "body", "about", "fact", "relation", "person", "event", "source", "site"])
        if choice in self.CONTENT_EDITS:
            return self.CONTENT_EDITS[choice](self)
        notes = self.project / "content/notes"
        if choice in ("body", "about"):  # an existing note, the seed's own included
            path = self.rng.choice(sorted(notes.glob("*.md")))
            text = path.read_text()
            if choice == "body":
                self._write(path, text + f"\nOne more sentence, number {self.counter}.\n")
            else:
                about = ", ".join(self.rng.sample(self.countries, self.rng.randint(1, 3)))
                self._write(path, re.sub(r"(?m)^countries: .*$", f"countries: [{about}]", text, count=1))
            return f"{choice} {path.stem}"
        if choice == "add" or not self.notes and choice in ("rewrite", "rename", "delete"):
            slug = f"test-note-{self.counter}"
            self._note(slug)
            self.notes.append(slug)
            return f"add {slug}"
        if choice == "rewrite":
            slug = self.rng.choice(self.notes)
            self._note(slug)
            return f"rewrite {slug}"
        if choice == "rename":
            slug = self.notes.pop(self.rng.randrange(len(self.notes)))
            new = f"test-note-{self.counter}"
            (notes / f"{slug}.md").rename(notes / f"{new}.md")
            self.touched |= {notes / f"{slug}.md", notes / f"{new}.md"}
            self.notes.append(new)
            return f"rename {slug} {new}"
        if choice == "delete":
            slug = self.notes.pop(self.rng.randrange(len(self.notes)))
            (notes / f"{slug}.md").unlink()
            self.touched.add(notes / f"{slug}.md")
            return f"delete {slug}"
        if choice == "summary":
            path = self.project / "content/countries" / f"{self.rng.choice(self.countries)}.yaml"
            data = yaml.safe_load(self.broken.get(path, path.read_text()))
            data["summary"] = f"Edited summary number {self.counter}."
            self._write(path, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
            self.broken.pop(path, None)
            return f"summary {path.stem}"
        if choice == "template":
            folder = self.project / "templates"
            folder.mkdir(exist_ok=True)
            source = (THEME / "templates/note.html").read_text()
            self._write(folder / "note.html", source.replace("<article", f"<article data-edit=\"{self.counter}\"", 1))
            return "template note.html"
        if choice == "css":
            folder = self.project / "static"
            folder.mkdir(exist_ok=True)
            css = (THEME / "static/style.css").read_text()
            self._write(folder / "style.css", css + f"\n/* edit {self.counter} */\n")
            return "css"
        path = self.project / "content/countries" / f"{self.rng.choice(self.countries)}.yaml"
        self.broken.setdefault(path, path.read_text())
        self._write(path, path.read_text() + "\nfacts: [broken\n")
        return f"break {path.stem}"

    def _yaml(self, path: Path, change) -> str:
        data = yaml.safe_load(self.broken.get(path, path.read_text()))
        change(data)
        self._write(path, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
        self.broken.pop(path, None)
        return path.stem

    def _fact(self) -> str:
        path = self.rng.choice(sorted((self.project / "content/countries").glob("*.yaml")))
        def change(data):
            if data.get("facts"):
                self.rng.choice(data["facts"])["claim"] = f"An edited claim, number {self.counter}."
        return "fact " + self._yaml(path, change)

    def _relation(self) -> str:
        path = self.rng.choice(sorted((self.project / "content/countries").glob("*.yaml")))
        def change(data):
            if data.get("relations"):
                self.rng.choice(data["relations"])["kind"] = self.rng.choice(["ally", "partner", "rival", "neutral"])
        return "relation " + self._yaml(path, change)

    def _person(self) -> str:
        path = self.rng.choice(sorted((self.project / "content/people").glob("*.yaml")))
        return "person " + self._yaml(path, lambda data: data.update(role=f"Edited role {self.counter}"))

    def _event(self) -> str:
        events = self.project / "content/events"
        template = yaml.safe_load(self.rng.choice(sorted(events.glob("*.yaml"))).read_text())
        template.update(title=f"Event number {self.counter}", date=f"20{self.rng.randint(10, 24)}",
                        countries=self.rng.sample(self.countries, self.rng.randint(1, 2)))
        self._write(events / f"test-event-{self.counter}.yaml", yaml.safe_dump(template, allow_unicode=True))
        return f"event {self.counter}"

    def _source(self) -> str:
        path = self.rng.choice(sorted((self.project / "content/sources").glob("*.md")))
        self._write(path, path.read_text().rstrip("\n") + f"\n\nA paragraph added later, number {self.counter}. It says little.\n")
        return f"source {path.stem}"

    def _site(self) -> str:
        path = self.project / "content/site.yaml"
        return "site " + self._yaml(path, lambda data: data["takeaways"].append(
            f"A new takeaway about [[{self.rng.choice(self.countries)}]], number {self.counter}."))

    CONTENT_EDITS = {"fact": _fact, "relation": _relation, "person": _person, "event": _event, "source": _source,
                     "site": _site}

    def settle(self) -> None:
        for path, text in self.broken.items():
            self._write(path, text)
        self.broken.clear()


def copy_project(source: Path, dest: Path) -> Path:
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns("site"))
    return dest
