"""`python -m bench`: the build benchmark (see bench/README.md).

    python -m bench run --size small --size large --pairs 4
    python -m bench corpus --size large          # only generate bench/work/large/
    python -m bench peers --size large           # cold builds beside MkDocs and Pelican
    python -m bench markup --notes 1000          # the Markdown conversion alone, CPU per note
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import sys
from pathlib import Path

from . import hugo, markup, peers, report, run, serve_edit

SEED = run.REPO / "content"


def _serve(size: str, result: dict, args: argparse.Namespace, say) -> list[dict]:
    project = Path(result["paths"]["project"])
    note = result["note"]
    browser = not args.no_browser
    runs = []
    say(f"[{size}] serve: {args.edits} edits of notes/{note} under briefing serve")
    engine = {"cwd": run.ENGINE.cwd, "env": run.ENGINE.env}
    runs.append({**serve_edit.ours(project, note, args.edits, browser, **engine).to_json(),
                 "label": f"{size} corpus"})
    if not args.no_seed:
        seed = Path(args.work) / "seed" / "project"
        shutil.rmtree(seed.parent, ignore_errors=True)
        shutil.copytree(SEED, seed / "content")
        first = min((seed / "content" / "notes").glob("*.md")).stem
        say(f"[{size}] serve: {args.edits} edits of notes/{first} on a copy of the seed site")
        runs.append({**serve_edit.ours(seed, first, args.edits, browser, **engine).to_json(),
                     "label": "seed site"})
    exe = hugo.binary()
    if exe and not args.no_hugo and not args.no_hugo_serve:
        say(f"[{size}] serve: {args.edits} edits of notes/{note} under hugo server")
        paths = run.Paths(Path(args.work) / size)
        done = serve_edit.hugo(exe, paths.hugo_src, paths.hugo_cache, note, args.edits, browser,
                               result["pages"]["hugo_html"])
        runs.append({**done.to_json(), "label": f"{size} corpus"})
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="measure, write bench/results-<size>.md and print it")
    r.add_argument("--size", action="append", choices=list(run.SIZES),
                   help="tiny (10×2), small (100×5) or large (200×50); repeatable [default: small]")
    r.add_argument("--pairs", type=int, default=4,
                   help="rounds of ours-and-Hugo builds; who builds first alternates, so an even number [default: 4]")
    r.add_argument("--edits", type=int, default=5, help="note edits under each dev server [default: 5]")
    r.add_argument("--no-serve", action="store_true", help="skip the dev-server edit scenario")
    r.add_argument("--no-browser", action="store_true", help="dev-server edits without Chromium")
    r.add_argument("--no-seed", action="store_true", help="skip the dev-server edit on the seed site")
    r.add_argument("--no-hugo", action="store_true", help="time ours only")
    r.add_argument("--no-hugo-serve", action="store_true", help="skip the edit under hugo server")
    r.add_argument("--work", type=Path, default=run.WORK, help="work folder [default: bench/work]")
    r.add_argument("--settle", type=float, metavar="SECONDS",
                   help="wait between deleting the outputs and the cold builds, so that neither tool "
                        f"pays for the file system's recently freed inodes [default: {run.SETTLE:g}; 0 for tiny]")
    r.add_argument("--engine", metavar="REV",
                   help="measure generator/ as committed at REV (e.g. HEAD), extracted under the work "
                        "folder, instead of the working tree")
    r.add_argument("--out", type=Path, help="also write all the results into this Markdown file")
    c = sub.add_parser("corpus", help="only generate a corpus (and its Hugo version)")
    c.add_argument("--size", choices=list(run.SIZES), default="small")
    c.add_argument("--work", type=Path, default=run.WORK)
    q = sub.add_parser("peers", help="cold builds of ours, Hugo, MkDocs and Pelican on one corpus")
    q.add_argument("--size", choices=list(run.SIZES), default="small")
    q.add_argument("--work", type=Path, default=run.WORK / "peers")
    q.add_argument("--rounds", type=int, default=1)
    q.add_argument("--settle", type=float, default=run.SETTLE, metavar="SECONDS")
    q.add_argument("--out", type=Path, help="also write the table into this Markdown file")
    m = sub.add_parser("markup", help="CPU per note of the Markdown conversion alone, ours and Python-Markdown's own")
    m.add_argument("--notes", type=int, default=1000, help="notes of the large corpus converted a round [default: 1000]")
    m.add_argument("--rounds", type=int, default=7, help="rounds of each way [default: 7]")
    m.add_argument("--corpus", type=Path, help="a corpus made by bench/corpus.py [default: a new one, in a temporary folder]")
    args = parser.parse_args(argv)

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if args.command == "corpus":
        corpus, paths = run.prepare(args.size, args.work, hugo.binary())
        say(f"{len(corpus.countries)} countries, {len(corpus.notes)} notes: {paths.project}, {paths.hugo_src}")
        return 0

    if args.command == "markup":
        print(markup.main(args.notes, args.rounds, args.corpus, say), flush=True)
        return 0

    if args.command == "peers":
        table = peers.measure(args.size, args.work, args.rounds, args.settle, say)
        print(table, flush=True)
        if args.out:
            args.out.write_text(table)
        return 0

    command = "python -m bench " + shlex.join(argv if argv is not None else sys.argv[1:])
    if args.engine:
        run.use_engine(run.snapshot_engine(args.engine, args.work))
    say(f"measuring the generator in {run.ENGINE.label} ({run.ENGINE.package})")
    documents = []
    for size in args.size or ["small"]:
        result = run.run_size(size, args.pairs, args.work, use_hugo=not args.no_hugo, say=say, settle=args.settle)
        if not args.no_serve:
            result["serve"] = _serve(size, result, args, say)
        run.save(result, args.work)
        small = run.load("small", args.work) if size == "large" else None
        scaled = report.scaling(small, result) if small else ""
        document = report.document(result, command, scaled)
        if Path(args.work).resolve() == run.WORK:
            (run.REPO / "bench" / f"results-{size}.md").write_text(document)
        documents.append(document)
        print(document, flush=True)
    if args.out:
        args.out.write_text("\n".join(documents))
    return 0


if __name__ == "__main__":
    sys.exit(main())
