"""Site build figures: time per page, against a bare Material build, page and index sizes."""

from __future__ import annotations

import json
import re
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiroku.bench.figures import Figure, cheaper, user_environment
from kiroku.bench.synth import SynthSpec, write_archive
from kiroku.errors import KirokuError
from kiroku.project import Project

ATTRACTOR = "みかん"
PAGE_LIMIT = 80 * 1024
INDEX_LIMIT = 20 * 2**20
BARE_CONFIG = """\
# The reference: Material with static-i18n and no nav key, so every page is in the nav.
site_name: Bare
theme:
  name: material
plugins:
  - search
  - i18n:
      docs_structure: folder
      languages:
        - locale: en
          default: true
          name: English
          build: true
        - locale: ja
          name: 日本語
          build: true
"""
_TAG = re.compile(r"<[^>]*>")
_NAV_LINK = re.compile(r'<nav class="md-nav md-nav--primary".*?</nav>', re.S)


@dataclass(frozen=True)
class Timed:
    """One command's cost: CPU seconds of the child (steadier than wall time on a busy
    machine: the reference runs in the same conditions) and the wall time."""

    cpu: float
    wall: float


def run_timed(args: list[str], cwd: Path) -> Timed:
    """Run a command to completion in a fresh process; raise with its stderr if it fails."""
    env = user_environment()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise KirokuError(f"bench: {' '.join(args[1:4])} failed: {result.stderr.strip()[-600:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timed(cpu, wall)


def kiroku_build(root: Path, *extra: str) -> Timed:
    return run_timed([sys.executable, "-m", "kiroku", "--root", str(root), "build", *extra], root)


def bare_build(docs: Path, folder: Path) -> Timed:
    """The same page markdown built by Material + static-i18n with default navigation."""
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(docs, folder / "docs")
    (folder / "mkdocs.yml").write_text(BARE_CONFIG, encoding="utf-8")
    return run_timed([sys.executable, "-m", "mkdocs", "build", "-q"], folder)


def kiroku_analyse(root: Path) -> Timed:
    """`kiroku analyse`, as `make site` runs it before the build: the pages show, and the
    search indexes, the words the analysis decided each turn played."""
    return run_timed([sys.executable, "-m", "kiroku", "--root", str(root), "analyse"], root)


def warm_cache(root: Path) -> None:
    """Load every log once, as any earlier command would have: builds then read the cache,
    and the first timed build does not pay for parsing YAML the other builds never see."""
    from kiroku.storage import load

    for path in Project(root).log_paths():
        load(path)


def built_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("index.html"))


def log_pages(site: Path) -> list[Path]:
    return [*site.glob("logs/*/index.html"), *site.glob("*/logs/*/index.html")]


def nav_log_links(site: Path) -> int:
    """Links to log pages in the primary navigation of the home page (the nav must stay
    small: a nav listing every log makes each page's size and time grow with the archive)."""
    home = (site / "index.html").read_text(encoding="utf-8")
    nav = _NAV_LINK.search(home)
    return len(re.findall(r'href="[^"]*logs/[^"/]+/"', nav.group(0))) if nav else 0


def index_sizes(site: Path) -> dict[str, int]:
    """Bytes of each language's search index (English at the root, Japanese under ja/)."""
    sizes = {}
    for path in sorted(site.rglob("search/search_index.json")):
        lang = path.relative_to(site).parts[0] if path.parent.parent != site else "en"
        sizes[lang] = path.stat().st_size
    return sizes


def logs_playing(root: Path, word: str) -> set[str]:
    """Ids of the logs in which some turn or trial plays `word`, as the analysis decided and the
    site shows it (`analysis.verdicts.played_words`: talk after a loss plays nothing). The
    archive must have been analysed: an unanalysed log plays no word."""
    from kiroku.analysis.verdicts import played_words
    from kiroku.schema import ChatLog
    from kiroku.storage import load

    found = set()
    for path in Project(root).log_paths():
        doc = load(path).doc
        units = (
            [t for s in doc.sessions for t in s.turns] if isinstance(doc, ChatLog) else doc.trials
        )
        if any(w.surface == word for unit in units for w in played_words(unit)):
            found.add(doc.id)
    return found


def logs_found_by(site: Path, word: str) -> dict[str, set[str]]:
    """Per language, the log ids whose index entry has a term the browser's search matches
    with `word` (the index's own separator, lower-cased, `word` as a prefix of a term)."""
    found: dict[str, set[str]] = {}
    for path in sorted(site.rglob("search/search_index.json")):
        lang = path.relative_to(site).parts[0] if path.parent.parent != site else "en"
        index = json.loads(path.read_text(encoding="utf-8"))
        separator = re.compile(index["config"]["separator"])
        ids = found.setdefault(lang, set())
        for entry in index["docs"]:
            location = entry["location"]
            if not location.startswith("logs/") or location.count("/") != 2:
                continue
            text = _TAG.sub(" ", entry["title"] + " " + entry["text"]).lower()
            if any(term.startswith(word) for term in separator.split(text) if term):
                ids.add(location.split("/")[1])
    return found


def change_one_translation(root: Path) -> tuple[str, str]:
    """Set one turn's English translation, as the terminal app would; (log id, the text)."""
    from kiroku.schema import ChatLog, RevisedText
    from kiroku.storage import load, save

    text = "Bench: you ended in n, so you lose."
    for path in Project(root).log_paths():
        loaded = load(path)
        if isinstance(loaded.doc, ChatLog):
            turn = loaded.doc.sessions[0].turns[0]
            loaded.doc.sessions[0].turns[0] = turn.model_copy(
                update={"translation_en": RevisedText(text=text)}
            )
            save(loaded.doc, path, expect_sha256=loaded.sha256)
            return loaded.doc.id, text
    raise KirokuError("bench: the synthetic archive has no chat log to change")


def site_figures(
    folder: Path,
    sizes: tuple[int, ...],
    units: int,
    seed: int,
    progress: Callable[[str], None] = lambda message: None,
) -> list[Figure]:
    """Build synthetic archives of `sizes` logs in both languages and judge the builds.

    The per-page time of each size is compared with the smallest size's; the size nearest
    1,000 is also built bare (Material + static-i18n, default navigation) and rebuilt with
    `--incremental` after one translation changes; sizes are judged at the largest size.
    Those two targets are stated for 1,000 logs: below `JUDGED_FROM` logs (where starting
    MkDocs outweighs the pages) they are printed for information only.
    """
    sizes = tuple(sorted(set(sizes)))
    middle = min(sizes, key=lambda size: abs(size - 1000))
    figures: list[Figure] = []
    per_page: dict[int, float] = {}
    full: dict[int, Timed] = {}
    for size in sizes:
        root = folder / f"site-{size}"
        (root / "archive").mkdir(parents=True)
        (root / "logs").mkdir()
        progress(f"site: writing {size:,} synthetic logs")
        write_archive(Project(root), SynthSpec(size, units, seed))
        progress(f"site: analysing {size:,} synthetic logs")
        kiroku_analyse(root)
        warm_cache(root)
        progress(f"site: building {size:,} logs")
        full[size] = kiroku_build(root)
        site = root / "site"
        pages = built_pages(site)
        per_page[size] = full[size].cpu / pages
        nav_links = nav_log_links(site)
        note = f"{pages:,} pages, CPU time; wall {full[size].wall:.0f} s"
        name = f"site build, {size:,} logs × 2 languages, per page"
        if size == sizes[0]:
            figures.append(Figure(name, per_page[size], "s", note=note))
        else:
            smallest = sizes[0]
            figures.append(
                cheaper(name, per_page[size], per_page[smallest], f"at {smallest:,}", 1.5, note)
            )
        if nav_links:
            figures.append(
                Figure(
                    f"log links in the nav at {size:,} logs",
                    nav_links,
                    "",
                    target="0",
                    passed=False,
                )
            )
        if size == middle:
            figures += _against_bare(root, folder / f"bare-{size}", size, full[size], progress)
            figures += _incremental(root, size, full[size], progress)
        if size == sizes[-1]:
            figures += _sizes(root, size)
        if size != sizes[-1]:
            shutil.rmtree(root, ignore_errors=True)
    return figures


JUDGED_FROM = 1000
"""The archive size at which the bare-build and incremental targets are stated."""


def target_at(target: float, size: int) -> float | None:
    return target if size >= JUDGED_FROM else None


def note_at(note: str, size: int) -> str:
    return note if size >= JUDGED_FROM else f"{note}; for information: the target is at 1,000 logs"


def _against_bare(
    root: Path, folder: Path, size: int, ours: Timed, progress: Callable[[str], None]
) -> list[Figure]:
    progress(f"site: bare Material + i18n build of the same {size:,} logs")
    bare = bare_build(root / "docs-gen", folder)
    nav = nav_log_links(folder / "site")
    shutil.rmtree(folder, ignore_errors=True)
    note = f"CPU time; wall {ours.wall:.0f} s vs {bare.wall:.0f} s; bare nav lists {nav:,} logs"
    return [
        cheaper(
            f"site build, {size:,} logs × 2 languages",
            ours.cpu,
            bare.cpu,
            "bare Material + i18n",
            target_at(0.5, size),
            note_at(note, size),
        )
    ]


def _incremental(
    root: Path, size: int, full: Timed, progress: Callable[[str], None]
) -> list[Figure]:
    """The incremental rebuild against the full build (the target), and, for information,
    against a full build repeated with every cache warm (generated pages kept, figures cached,
    templates compiled), where only MkDocs' rendering of every page is left."""
    progress(f"site: incremental rebuild of {size:,} logs after one translation")
    repeated = kiroku_build(root)
    log_id, text = change_one_translation(root)
    rebuild = kiroku_build(root, "--incremental")
    page = (root / "site" / "logs" / log_id / "index.html").read_text(encoding="utf-8")
    shown = text in page
    figure = cheaper(
        f"rebuild after one translation changes, {size:,} logs (--incremental)",
        rebuild.cpu,
        full.cpu,
        "full build",
        target_at(0.1, size),
        note_at(f"CPU time; wall {rebuild.wall:.1f} s", size)
        + ("" if shown else "; CHANGE NOT SHOWN"),
    )
    if not shown:
        figure = Figure(**{**figure.__dict__, "passed": False})
    warm = cheaper(
        "same, against a repeated full build, caches warm",
        rebuild.cpu,
        repeated.cpu,
        "`kiroku build` again",
        None,
        "for information: the target is against the full build",
    )
    return [figure, warm]


def _sizes(root: Path, size: int) -> list[Figure]:
    site = root / "site"
    pages = log_pages(site)
    largest = max(pages, key=lambda path: path.stat().st_size)
    figures = [
        Figure(
            f"largest log page HTML at {size:,} logs ({largest.parent.name})",
            largest.stat().st_size,
            "B",
            target="≤80 KB",
            passed=largest.stat().st_size <= PAGE_LIMIT,
        )
    ]
    sizes = index_sizes(site)
    for lang, value in sizes.items():
        figures.append(
            Figure(
                f"search index ({lang}) at {size:,} logs",
                value,
                "B",
                target="≤20 MB",
                passed=value <= INDEX_LIMIT,
            )
        )
    total = sum(sizes.values())
    figures.append(
        Figure(
            f"search index (all languages) at {size:,} logs",
            total,
            "B",
            target="≤20 MB",
            passed=total <= INDEX_LIMIT,
        )
    )
    playing = logs_playing(root, ATTRACTOR)
    found = logs_found_by(site, ATTRACTOR)
    for lang, ids in found.items():
        missed = sorted(playing - ids)
        figures.append(
            Figure(
                f"logs playing {ATTRACTOR} found by searching it ({lang})",
                len(playing & ids),
                "logs",
                reference=len(playing),
                reference_name="play it",
                target="all",
                passed=not missed,
                note=f"missed {', '.join(missed[:3])}" if missed else "",
            )
        )
    return figures
