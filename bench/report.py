"""Results (plain dicts, as saved in bench/work/results-<size>.json) into Markdown tables."""

from __future__ import annotations

from .measure import median
from .serve_edit import summary

ROWS = (
    ("hugo_cold", "Hugo: cold build (no output, no cache)"),
    ("hugo_warm", "Hugo: build again (output and cache present)"),
    ("ours_cold", "ours (1): cold full build (no site/, no .briefing-cache/)"),
    ("ours_template", "ours (2): full build after a template change (warm, site/ present)"),
    ("ours_unchanged", "ours (3): build with nothing changed"),
    ("pagefind", "(5) Pagefind alone on our built site"),
)


def _med(samples: list[dict], key: str) -> float:
    return median([s[key] for s in samples])


def _ratio(samples: list[dict], hugo: list[dict], key: str) -> str:
    pairs = [(s, h) for s, h in zip(samples, hugo)]
    if not pairs:
        return "–"

    def value(s: dict) -> float:
        return s["user"] + s["sys"] if key == "cpu" else s[key]

    return f"{median([value(s) / value(h) for s, h in pairs]):.2f}×"


def _range(t: tuple[float, float, float] | None, unit: str = "s") -> str:
    if t is None:
        return "–"
    med, lo, hi = t
    return f"{med:.2f} {unit} ({lo:.2f}–{hi:.2f})"


def _others(samples: list[dict]) -> str:
    values = [s.get("others") for s in samples if s.get("others") == s.get("others")]
    return f"{100 * median(values):.0f}%" if values and None not in values else "–"


def builds(r: dict) -> str:
    hugo = r["samples"]["hugo_cold"]
    pages = r["pages"]
    lines = [
        f"### {r['size']}: {r['countries']} countries × {r['notes'] // max(r['countries'], 1)} notes",
        "",
        f"Ours: {pages['ours_html']} HTML pages ({pages['ours_files']} files); "
        + (f"Hugo: {pages['hugo_html']} HTML pages; " if r["hugo"] else "Hugo: not run; ")
        + f"the {pages['compared']} country and note pages are the same set in both. "
        f"Median of {r['pairs']} round{'s' if r['pairs'] != 1 else ''}, measured {r['when']} on {r['machine']['cpus']} CPUs, "
        f"Python {r['machine']['python']}" + (f", Hugo {r['hugo']}" if r["hugo"] else "")
        + (f"; generator at {r['engine']}" if r.get("engine") else "") + "."
        + (f" Each round deleted both outputs {r['settle']:g} s before the cold builds (see bench/run.py, SETTLE)."
           if r.get("settle") else ""),
        "",
        "Ratios are ours ÷ Hugo's cold build in the same round (median over rounds). *Others*: the "
        "share of the machine's CPU time spent outside the measured process while it ran (median): "
        "other processes, and kernel threads such as the write-back of the files it wrote; a high "
        "value on a row that writes little means the row is noisy."
        + (f" {r['discarded_rounds']} round(s) were measured again because generator/ changed "
           "during them." if r.get("discarded_rounds") else ""),
        "",
        "| scenario | wall | × Hugo cold (wall) | user + sys CPU | × Hugo cold (CPU) | user | sys | peak RSS | files written | others |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key, label in ROWS:
        samples = r["samples"].get(key) or []
        if not samples:
            continue
        written = r["changed"].get(key)
        lines.append(
            f"| {label} | {_med(samples, 'wall'):.2f} s | {_ratio(samples, hugo, 'wall')} | "
            f"{median([s['user'] + s['sys'] for s in samples]):.2f} s | {_ratio(samples, hugo, 'cpu')} | "
            f"{_med(samples, 'user'):.2f} s | {_med(samples, 'sys'):.2f} s | {_med(samples, 'rss_mb'):.0f} MB | "
            f"{'/'.join(str(n) for n in written) if written else '–'} | {_others(samples)} |")
    return "\n".join(lines + _by_order(r))


def _by_order(r: dict) -> list[str]:
    """The cold-build ratio apart for each order: the file system favours whoever builds
    second after the wait (see bench/run.py, SETTLE), so an odd number of rounds leans."""
    ours, hugo, first = r["samples"]["ours_cold"], r["samples"]["hugo_cold"], r.get("first")
    if not hugo or not first:
        return []
    ratios = {who: [o["wall"] / h["wall"] for o, h, f in zip(ours, hugo, first) if f == who] for who in ("ours", "hugo")}
    parts = [f"{median(v):.2f}× when {'we' if who == 'ours' else 'Hugo'} built first ({len(v)} round{'s' if len(v) != 1 else ''})"
             for who, v in ratios.items() if v]
    return ["", "Cold build, ours ÷ Hugo, by who built first after the wait: " + "; ".join(parts) + "."]


def edits(runs: list[dict]) -> str:
    if not runs:
        return ""
    lines = [
        "### (4) One-note edit under the dev server",
        "",
        ("Each edit appends a sentence to one note. *Build done*: from the write until the server "
         "has finished a build holding it (ours: `/__briefing__/status`; Hugo: the note's URL serves "
         "it). *Browser*: until a headless Chromium page open on the note shows it after its "
         "livereload reload. Median (min–max)."),
        "",
        "| server | project | pages | start (first build) | edits | build done | server's own build time | pages rendered | browser shows it |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        e = run["edits"]
        rendered = sorted({x["rendered"] for x in e if x["rendered"] is not None})
        lines.append(
            f"| {run['tool']} | {run['label']} | {run['pages']} | {run['startup']:.2f} s | {len(e)} | "
            f"{_range(summary([x['build'] for x in e]))} | {_range(summary([x['server_seconds'] for x in e]))} | "
            f"{', '.join(map(str, rendered)) or '–'} | {_range(summary([x['browser'] for x in e]))} |")
    return "\n".join(lines)


def scaling(small: dict, large: dict) -> str:
    def row(label: str, a: float, b: float, unit: str = " s") -> str:
        return f"| {label} | {a:.2f}{unit} | {b:.2f}{unit} | {b / a:.1f}× |"

    pages = (small["pages"]["ours_html"], large["pages"]["ours_html"])
    lines = [
        "### (6) Scaling, small → large",
        "",
        (f"Small measured {small['when']}, large {large['when']}. Linear scaling would make every "
         f"time ratio equal the page ratio ({pages[1] / pages[0]:.1f}×)."),
        "",
        "| | small | large | large ÷ small |",
        "|---|---:|---:|---:|",
        f"| HTML pages (ours) | {pages[0]} | {pages[1]} | {pages[1] / pages[0]:.1f}× |",
    ]
    for key, label in (("ours_cold", "ours: cold build"), ("ours_template", "ours: template change"),
                       ("ours_unchanged", "ours: nothing changed"), ("hugo_cold", "Hugo: cold build"),
                       ("pagefind", "Pagefind alone")):
        a, b = small["samples"].get(key), large["samples"].get(key)
        if a and b:
            lines.append(row(label + " (wall)", _med(a, "wall"), _med(b, "wall")))
            if key in ("ours_cold", "hugo_cold"):
                lines.append(row(label + " (user + sys CPU)", median([s["user"] + s["sys"] for s in a]),
                                 median([s["user"] + s["sys"] for s in b])))
    a, b = small["samples"]["ours_cold"], large["samples"]["ours_cold"]
    lines.append(row("ours: cold build, per page", 1000 * _med(a, "wall") / pages[0],
                     1000 * _med(b, "wall") / pages[1], " ms"))
    return "\n".join(lines)


def document(result: dict, command: str, scaled: str = "") -> str:
    parts = [f"## Benchmark: {result['size']} corpus", "", f"Command: `{command}`", "", builds(result)]
    if result.get("serve"):
        parts += ["", edits(result["serve"])]
    if scaled:
        parts += ["", scaled]
    return "\n".join(parts) + "\n"
