"""generator.incremental.reads: a page depends on what it read, and on nothing listed by hand."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

from generator.build import Builder, build, check_content
from generator.errors import Pos
from generator.incremental.index import ReadIndex, entities
from generator.incremental.reads import MISSING, Reads, fingerprint, tracked, untracked
from generator.model import Fact, Note, Site
from generator.pages import views


def _site(*notes: Note) -> Site:
    return Site("T", None, "en", None, None, (), False, notes=notes)


@dataclasses.dataclass(frozen=True)
class _Linked:  # the shape of check.link.Linked that matters here
    site: Site
    names: dict


def _note(slug: str, title: str = "A", body: str = "text", pos: Pos = Pos("content")) -> Note:
    return Note(slug, title, ("china",), (), "2025-01-01", body, pos=pos)


def test_positions_take_no_part_in_a_fingerprint():
    a = Fact("claim", "quote", "src", pos=Pos("a.yaml", 1, 1))
    b = Fact("claim", "quote", "src", pos=Pos("a.yaml", 9, 3))
    assert fingerprint(a) == fingerprint(b)
    assert fingerprint(a) != fingerprint(dataclasses.replace(a, claim="other"))


def test_entities_are_fingerprinted_by_reference_and_long_text_by_hash():
    assert fingerprint((_note("a"), _note("b", body="x"))) == ("@", "Note", "a", "b")
    assert fingerprint(_note("a", body="x")) == ("@", "Note", "a")
    long = "word " * 100
    assert fingerprint(long) != long and fingerprint(long) == fingerprint("word " * 100)


def test_reads_are_noted_only_while_a_page_is_made():
    reads = Reads()
    lk = tracked(_Linked(_site(_note("a", title="First")), {"a": "First"}), reads)
    lk.site.notes[0].title  # outside a page: nothing to note
    with reads.page() as got:
        note = lk.site.notes[0]
        assert note.title == "First"
        assert lk.names.get("zzz") is None
        assert "a" in lk.names
    assert got == {("site", "notes"): ("@", "Note", "a"), ("e", "a", "title"): "First",
                   ("ix", "names", "zzz"): MISSING, ("ix", "names", "a"): "First"}
    assert untracked(note) == _note("a", title="First")
    with pytest.raises(dataclasses.FrozenInstanceError):
        note.title = "changed"


def test_a_read_is_fingerprinted_once_a_build_however_many_pages_make_it(monkeypatch):
    from generator.incremental import reads as module

    made = []
    monkeypatch.setattr(module, "fingerprint", lambda value, stock=module.fingerprint: made.append(value) or stock(value))
    body = "a long body " * 20
    reads = Reads()
    lk = tracked(_Linked(_site(_note("a", body=body)), {"a": "First"}), reads)
    pages = []
    for _ in range(50):
        with reads.page() as got:
            assert lk.site.notes[0].body == body and lk.names["a"] == "First"
        pages.append(got)
    assert len(made) == 3  # the list of notes, the body, the name: once each, not fifty times
    assert all(got == pages[0] for got in pages) and pages[0][("e", "a", "body")] == fingerprint(body)
    assert Reads().known == {}  # a build's reads start afresh: the next build's model is another


def _index_after(page_reads: dict, linked, reads: Reads) -> ReadIndex:
    index = ReadIndex()
    index.record(entities(linked), reads.kept(reads.packed(page_reads)), reads.known, set(page_reads))
    return index


def test_the_reads_a_worker_sends_name_each_key_once_and_are_kept_as_one_set_of_keys():
    title, site_title = ("e", "a", "title"), ("site", "title")
    one, two, parent = Reads(), Reads(), Reads()
    first = one.packed({"a.html": {title: "A", site_title: "T"}, "b.html": {site_title: "T"}})
    assert first[1] == [(title, "A"), (site_title, "T")] and first[2] == {"a.html": (0, 1), "b.html": (1,)}
    again = one.packed({"c.html": {site_title: "T"}})
    assert again[1] == [] and again[2] == {"c.html": (1,)}  # sent before: its number alone
    other = (first[0] + 1, *two.packed({"d.html": {("site", "title"): "T"}})[1:])  # another worker
    kept = parent.kept(first) | parent.kept(again) | parent.kept(other)
    assert kept == {"a.html": (title, site_title), "b.html": (site_title,), "c.html": (site_title,),
                    "d.html": (site_title,)}
    assert len({id(keys[-1]) for keys in kept.values()}) == 1  # one key object, whoever sent it
    assert parent.known == {title: "A", site_title: "T"}


def readers(index: ReadIndex) -> dict:
    return {key: set(pages) for key, pages in index.readers.items()}


A, B, C = ("e", "x", "a"), ("e", "x", "b"), ("site", "c")


def made(index: ReadIndex, page_reads: dict, files: set[str]) -> ReadIndex:
    """`index` after a build that made `page_reads`' pages, of the site's `files`."""
    reads = Reads()
    index.record({}, reads.kept(reads.packed(page_reads)), reads.known, files)
    return index


def test_the_index_follows_pages_made_again_reading_other_things_and_pages_gone():
    index = made(ReadIndex(), {"p.html": {A: 1, C: 3}, "q.html": {C: 3}}, {"p.html", "q.html"})
    assert readers(index) == {A: {"p.html"}, C: {"p.html", "q.html"}} and index.by_root == {"x": (A,), None: (C,)}
    made(index, {"p.html": {B: 2, C: 3}}, {"p.html", "q.html"})
    assert readers(index) == {B: {"p.html"}, C: {"p.html", "q.html"}} and index.by_root == {"x": (B,), None: (C,)}
    assert index.values == {B: 2, C: 3}
    made(index, {}, {"p.html"})  # q.html is no longer made
    assert readers(index) == {B: {"p.html"}, C: {"p.html"}} and set(index.pages) == {"p.html"}
    made(index, {}, set())
    assert index.readers == index.by_root == index.values == index.pages == {}


def test_a_first_record_makes_its_tables_only_when_they_are_asked_for():
    # A cold build's command ends once the index is saved, and never asks for its readers:
    # it makes none. Asked for, they are those of the pages it recorded.
    index = made(ReadIndex(), {"p.html": {A: 1, C: 3}, "q.html": {C: 3}}, {"p.html", "q.html"})
    assert index._readers == {} and index._by_root == {}
    assert index.pages == {"p.html": (A, C), "q.html": (C,)} and index.values == {A: 1, C: 3}
    index.derive()
    assert readers(index) == {A: {"p.html"}, C: {"p.html", "q.html"}} and index._by_root == {"x": (A,), None: (C,)}


def test_an_index_read_back_from_disk_knows_the_readers_and_follows_the_next_record():
    # Read back, it makes its readers when first asked (a build after a template change
    # never asks); what it then knows, and does next, is the saved index's.
    index = made(ReadIndex(), {"p.html": {A: 1, C: 3}, "q.html": {C: 3}}, {"p.html", "q.html"})
    again = pickle.loads(pickle.dumps(index))
    assert readers(again) == readers(index) and again.by_root == index.by_root and again.values == index.values
    for index in (pickle.loads(pickle.dumps(index)), again):  # asked before the record, and not
        made(index, {"p.html": {B: 2, C: 3}}, {"p.html", "q.html"})
        assert readers(index) == {B: {"p.html"}, C: {"p.html", "q.html"}} and index.by_root == {"x": (B,), None: (C,)}
        assert index.values == {B: 2, C: 3}


def test_a_page_is_stale_when_a_value_it_read_changed_and_only_then():
    old = _Linked(_site(_note("a", title="First", body="one"), _note("b")), {})
    reads = Reads()
    lk = tracked(old, reads)
    made = {}
    for page, attr in (("a.html", "title"), ("b.html", "body")):
        with reads.page() as got:
            getattr(lk.site.notes[0], attr)
        made[page] = got
    index = _index_after(made, old, reads)
    body_edited = _Linked(_site(_note("a", title="First", body="two"), _note("b")), {})
    assert index.stale(body_edited, entities(body_edited)) == {"b.html"}
    retitled = _Linked(_site(_note("a", title="Second", body="one"), _note("b")), {})
    assert index.stale(retitled, entities(retitled)) == {"a.html"}
    gone = _Linked(_site(_note("b")), {})
    assert index.stale(gone, entities(gone)) == {"a.html", "b.html"}
    assert index.stale(old, entities(old)) == set()


def test_the_index_survives_a_process_but_not_the_identity_of_what_it_saw():
    old = _Linked(_site(_note("a")), {})
    reads = Reads()
    with reads.page() as got:
        tracked(old, reads).site.notes[0].body
    index = pickle.loads(pickle.dumps(_index_after({"a.html": got}, old, reads)))
    assert index.seen == {} and index.pages == {"a.html": (("site", "notes"), ("e", "a", "body"))}
    assert index.stale(old, entities(old)) == set()  # looked at again, found the same


def test_a_new_field_in_a_view_is_picked_up_without_any_dependency_code(seed_project: Path, monkeypatch):
    """A note page starts to show how many events the briefing has: adding an event must
    re-render every note page, though nothing says that notes depend on events."""
    show = views.Views.note

    def note_with_events(self, slug):
        return {**show(self, slug), "title": f"{show(self, slug)['title']} ({len(self.lk.site.events)} events)"}

    monkeypatch.setattr(views.Views, "note", note_with_events)
    out = seed_project.parent / "incremental"
    builder = Builder(seed_project, out)
    builder.build()
    page = out / "notes/the-two-blocs/index.html"
    assert "(4 events)" in page.read_text()
    event = seed_project / "content/events/china-joins-sanctions.yaml"
    (seed_project / "content/events/one-more.yaml").write_text(event.read_text().replace("date: 2017", "date: 2018"))
    rendered = builder.build().rendered
    assert "(5 events)" in page.read_text()
    assert {p for p in rendered if p.startswith("notes/")} >= {f"notes/{n.stem}/index.html"
                                                             for n in (seed_project / "content/notes").glob("*.md")}
    assert "people/cho-hyun/index.html" not in rendered  # it read nothing that changed
    clean = seed_project.parent / "clean"
    build(seed_project, clean)
    assert page.read_bytes() == (clean / "notes/the-two-blocs/index.html").read_bytes()


def test_what_a_page_reads_does_not_depend_on_the_pages_made_before_it(seed_project: Path) -> None:
    # Render workers are dealt pages as they finish, so a page may come first in its
    # process or after any other: a value kept from an earlier page must not hide a read.
    from generator.pages.assets import collect
    from generator.pages.plan import plan
    from generator.pages.render import environment, render_one

    linked, (assets, _), env = check_content(seed_project), collect(seed_project), environment(seed_project)

    def reads_of(pages: list[str]) -> dict[str, set]:
        reads = Reads()
        planned = plan(tracked(linked, reads), assets, None, {})
        by_file = {o.file: o for o in planned.outputs}
        got = {}
        for page in pages:
            with reads.page() as read:
                render_one(env, by_file[page], planned.contexts)
            got[page] = set(read)
        return got

    pages = [o.file for o in plan(linked, assets, None, {}).outputs if o.template and o.template.endswith(".html")]
    after_all = reads_of(pages + pages)  # each page again, once every other page was made
    for page in pages:
        assert reads_of([page])[page] == after_all[page], page


def test_each_page_notes_its_own_lookups_in_the_models_indexes_and_site():
    # The tracked model keeps its index and site wrappers from one look to the next; what
    # they find is noted for every page that looks, not for the first alone.
    lk = _Linked(_site(_note("a")), {"a": "A"})
    reads = Reads()
    model = tracked(lk, reads)
    got = []
    for _ in range(2):
        with reads.page() as read:
            assert model.names["a"] == "A" and model.site.title == "T"
        got.append(set(read))
    assert got == [{("ix", "names", "a"), ("site", "title")}] * 2
    assert model.names is model.names  # kept: found without a call


@pytest.mark.parametrize("cached", [False, True], ids=["in memory", "from the cache"])
def test_the_sites_markdown_extensions_are_read_by_every_page_that_converts_markdown(seed_project: Path, cached: bool):
    # Views are set up before any page is made: the extensions they convert with were read
    # then, by no page, and a page converted anew when site.yaml changed them was not.
    builder = Builder(seed_project, persist=cached)
    builder.build()
    page = seed_project / "site/notes/sanctions-and-their-erosion/index.html"
    assert "<br" not in page.read_text()
    with (seed_project / "content/site.yaml").open("a") as f:
        f.write("markdown_extensions:\n  - nl2br\n")
    rendered = (Builder(seed_project, persist=True) if cached else builder).build().rendered
    assert "notes/sanctions-and-their-erosion/index.html" in rendered and "<br" in page.read_text()
    clean = seed_project.parent / "clean"
    build(seed_project, clean)
    assert page.read_bytes() == (clean / "notes/sanctions-and-their-erosion/index.html").read_bytes()
