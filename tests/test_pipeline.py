"""`make site` end to end: each step reuses what it proved, and notices whatever it read changed."""

from __future__ import annotations

import gzip
import json
import os
import re
import shlex
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from kiroku import analyse_logs, code_version, proofs, storage, sync_logs
from kiroku.cli import cli
from kiroku.project import Project
from testkit import DATA, REPO, snapshot_tree

EXAMPLES = sorted((REPO / "archive" / "examples").glob("*.md"))
BATCH = DATA / "csv" / "two_trials_crlf.csv"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
_LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")


def make_site_steps() -> list[list[str]]:
    """The `kiroku` commands of the Makefile's `site` recipe, read from the Makefile itself."""
    lines = (REPO / "Makefile").read_text(encoding="utf-8").splitlines()
    start = lines.index("site: $(BIN)/kiroku") + 1
    steps = []
    for line in lines[start:]:
        if not line.startswith("\t"):
            break
        words = shlex.split(line.strip())
        assert words[0] == "$(BIN)/kiroku"
        steps.append(words[1:])
    return steps


class FixedClock(datetime):
    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        return NOW


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """New suggestions carry the time of the analysis: the same in a cold and a warm run."""
    monkeypatch.setattr(analyse_logs, "datetime", FixedClock)


def run_make_site(project: Project) -> str:
    """Run the Makefile's `site` recipe in `project`; every step's output, joined."""
    return run_steps(project, make_site_steps())


@pytest.fixture
def make_site(project: Project):
    return lambda: run_make_site(project)


@pytest.fixture
def archive(project: Project, kiroku) -> Project:
    """The example chats and a two-trial batch imported, with the repository's taxonomy."""
    shutil.copy(REPO / "logs" / "taxonomy.yaml", project.taxonomy_path)
    incoming = project.root / "incoming"
    incoming.mkdir()
    for path in [*EXAMPLES, BATCH, BATCH.with_name(BATCH.name + ".meta.yaml")]:
        shutil.copy(path, incoming / path.name)
    result = kiroku("import", *(str(incoming / p.name) for p in [*EXAMPLES, BATCH]))
    assert result.exit_code == 0, result.stderr
    shutil.rmtree(incoming)
    return project


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site; the sitemap's build dates blanked."""
    files = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            files[path.relative_to(site).as_posix()] = _LASTMOD.sub(b"<lastmod/>", data)
    return files


def cold_copy(project: Project, folder: Path) -> Project:
    """The project as it is, without its site, caches or generated pages."""
    top = str(project.root)
    shutil.copytree(
        project.root,
        folder,
        ignore=lambda path, names: {"site", ".kiroku", "docs-gen"} if path == top else set(),
    )
    return Project(folder)


def edit_raw_batch(project: Project) -> None:
    """The archived CSV rewritten with a third trial (archived files must not change, but a
    sync is how a person would bring an edited archive back into its log)."""
    raw = project.archive_dir / BATCH.name
    raw.write_bytes(
        raw.read_bytes() + b"3,\xe3\x81\xbf\xe3\x81\x8b\xe3\x82\x93,True,2026-04-21T04:52:41\r\n"
    )


def set_translation(project: Project, text: str) -> str:
    path = project.log_path("example-claude-shiritori-mikan")
    loaded = storage.load(path)
    turn = loaded.doc.sessions[0].turns[1]
    loaded.doc.sessions[0].turns[1] = turn.model_copy(update={"translation_en": text})
    storage.save(loaded.doc, path, expect_sha256=loaded.sha256)
    return loaded.doc.id


def test_make_site_again_reuses_every_proof_and_changes_no_byte(archive: Project, make_site):
    make_site()
    logs, site = snapshot_tree(archive.logs_dir), site_files(archive.root / "site")
    again = make_site()
    assert "sync: 0 log(s) changed, 4 of 4 source(s) unchanged" in again
    assert "analyse: 0 of 4 log(s) changed, 4 already analysed" in again
    assert snapshot_tree(archive.logs_dir) == logs
    assert site_files(archive.root / "site") == site


def test_after_changes_a_warm_make_site_equals_a_cold_one_file_by_file(
    archive: Project, make_site, tmp_path: Path
):
    make_site()
    log_id = set_translation(archive, "Bench: a mandarin, and you lose.")
    edit_raw_batch(archive)
    before_cold = cold_copy(archive, tmp_path / "cold")

    out = make_site()

    assert "updated   logs/test-two-trials.yaml" in out
    assert "3 of 4 source(s) unchanged" in out
    assert "analyse: 1 of 4 log(s) changed, 2 already analysed" in out
    page = archive.root / "site" / "logs" / log_id / "index.html"
    assert "Bench: a mandarin, and you lose." in page.read_text(encoding="utf-8")
    trials = (archive.root / "site" / "logs" / "test-two-trials" / "index.html").read_text()
    assert 'id="trial-3"' in trials
    cold = run_make_site(before_cold)
    assert "already analysed" not in cold
    assert snapshot_tree(archive.logs_dir) == snapshot_tree(before_cold.logs_dir)
    assert site_files(archive.root / "site") == site_files(before_cold.root / "site")


def test_a_label_removed_from_the_taxonomy_is_noticed_by_the_next_check(archive: Project, kiroku):
    assert kiroku("analyse").exit_code == 0
    assert kiroku("check").exit_code == 0
    text = archive.taxonomy_path.read_text(encoding="utf-8")
    kept = re.sub(r"\n  - id: ends-in-n\n(?:    .*\n)+", "\n", text)
    assert kept != text
    archive.taxonomy_path.write_text(kept, encoding="utf-8")
    result = kiroku("check")
    assert result.exit_code == 1
    assert "label 'ends-in-n' is not in taxonomy.yaml" in result.stderr


def test_a_log_edited_by_hand_is_checked_again(archive: Project, kiroku):
    assert kiroku("check").exit_code == 0
    path = archive.log_path("test-two-trials")
    path.write_text(path.read_text(encoding="utf-8").replace("りんご🍎", "りんご"), "utf-8")
    result = kiroku("check")
    assert result.exit_code == 1
    assert "the recorded turns differ from what archive/two_trials_crlf.csv parses to" in (
        result.stderr
    )


def test_a_changed_raw_file_is_noticed_by_check_and_sync(archive: Project, kiroku):
    assert kiroku("sync").exit_code == 0
    assert kiroku("check").exit_code == 0
    edit_raw_batch(archive)
    assert "source archive/two_trials_crlf.csv changed" in kiroku("check").stderr
    out = kiroku("sync").output
    assert "updated   logs/test-two-trials.yaml" in out
    assert len(storage.load(archive.log_path("test-two-trials")).doc.trials) == 3


def test_a_new_analysis_version_analyses_every_log_again(
    archive: Project, kiroku, monkeypatch: pytest.MonkeyPatch
):
    assert kiroku("analyse").exit_code == 0
    assert "4 already analysed" in kiroku("analyse").output
    from kiroku.analysis import suggest

    seen: list[str] = []
    annotate = suggest.annotate

    def counting(doc, now, *args, **kwargs):
        seen.append(doc.id)
        return annotate(doc, now, *args, **kwargs)

    monkeypatch.setattr(suggest, "annotate", counting)
    version = code_version.analysis_version()
    monkeypatch.setattr(analyse_logs, "analysis_version", lambda: version + "-next")
    out = kiroku("analyse").output
    assert "already analysed" not in out
    assert len(seen) == 4


def test_a_new_importer_version_parses_its_sources_again(
    archive: Project, kiroku, monkeypatch: pytest.MonkeyPatch
):
    assert kiroku("sync").exit_code == 0
    assert "4 of 4 source(s) unchanged" in kiroku("sync").output
    real = code_version.parser_version

    def newer_csv(format_name: str) -> str:
        return real(format_name) + ("-next" if format_name == "csv-batch" else "")

    monkeypatch.setattr(sync_logs, "parser_version", newer_csv)
    assert "3 of 4 source(s) unchanged" in kiroku("sync").output


def test_the_analysis_version_follows_every_analysis_module(tmp_path: Path):
    modules = code_version.package_modules("kiroku.analysis")
    assert "kiroku.analysis.played_word" in modules
    assert "kiroku.analysis.suggest" in modules
    assert code_version.analysis_version() == code_version.code_version(modules)
    digest = code_version.code_version(("kiroku.analysis.suggest",))
    other = code_version.code_version(("kiroku.importers.csv_batch",))
    assert digest != other


def test_a_broken_proof_file_is_ignored(archive: Project, kiroku):
    assert kiroku("sync").exit_code == 0
    broken = sorted((archive.cache_dir / "proofs").glob("*.sqlite"))
    assert [path.name for path in broken] == ["logs.sqlite", "stamps.sqlite", "sync.sqlite"]
    for path in broken:
        path.write_text("{not a database", encoding="utf-8")
    result = kiroku("sync")
    assert result.exit_code == 0, result.output
    assert "sync: 0 log(s) changed" in result.output
    assert "unchanged" not in result.output
    assert len(proofs.ProofBook(archive, "sync", proofs.pipeline_version())) > 0
    assert "unchanged" in kiroku("sync").output


def test_proofs_of_the_json_files_before_are_dropped_and_made_again(archive: Project, kiroku):
    """A project synced by a Kiroku that kept its proofs as JSON files: they are not read
    (the run is cold), removed, and the proofs are made again in their place."""
    folder = archive.cache_dir / "proofs"
    folder.mkdir(parents=True)
    old = {"version": 1, "stamps": {}}
    (folder / "stamps.json").write_text(json.dumps(old), encoding="utf-8")
    (folder / "sync.json").write_text('{"version": "x", "proofs": {}}', encoding="utf-8")
    (folder / "logs.json").write_text("{half written", encoding="utf-8")
    result = kiroku("sync")
    assert result.exit_code == 0, result.output
    assert "unchanged" not in result.output
    assert sorted(path.name for path in folder.iterdir() if path.suffix == ".json") == []
    assert "unchanged" in kiroku("sync").output


def test_check_lists_the_published_urls_without_rendering_a_page(
    archive: Project, make_site, kiroku, monkeypatch: pytest.MonkeyPatch
):
    make_site()
    assert (archive.root / "urls.manifest").is_file()
    shutil.rmtree(archive.cache_dir / "proofs")
    from kiroku.site import generate

    def refuse(*args, **kwargs):
        raise AssertionError("a page was rendered")

    monkeypatch.setattr(generate, "chat_page", refuse)
    monkeypatch.setattr(generate, "batch_page", refuse)
    assert kiroku("check").exit_code == 0
    archive.log_path("test-two-trials").unlink()
    result = kiroku("check")
    assert result.exit_code == 1
    assert "logs/test-two-trials/" in result.stderr


def test_each_importer_version_is_found_without_importing_the_table():
    from kiroku.importers import IMPORTERS

    for importer in IMPORTERS:
        module = importer.parse.__module__
        assert code_version.parser_version(importer.name) == code_version.code_version((module,))


def test_an_edit_keeping_the_size_and_modification_time_is_still_noticed(archive: Project, kiroku):
    """Stamps trust a file while its size, mtime, ctime, inode and device hold (as git
    does): an edit that puts the old mtime back still changes the ctime, which cannot be set."""
    assert kiroku("check").exit_code == 0
    path = archive.log_path("test-two-trials")
    text = path.read_text(encoding="utf-8")
    assert "りんご🍎" in text
    before = path.stat()
    path.write_text(text.replace("りんご🍎", "りんご🍊"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    result = kiroku("check")
    assert result.exit_code == 1
    assert "the recorded turns differ" in result.stderr


def test_a_file_changed_just_before_it_was_hashed_is_hashed_again(tmp_path: Path):
    """A file written within the timestamp granularity of its hashing could change again
    with the same stat ("racily clean" in git): its stamp is not trusted until later."""
    from kiroku.file_stamps import Stamps

    path = tmp_path / "log.yaml"
    path.write_text("a", encoding="utf-8")
    book = Stamps(tmp_path / ".kiroku")
    first = book.sha256(path)
    book.save()
    path.write_text("b", encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns))
    assert Stamps(tmp_path / ".kiroku").sha256(path) != first


def test_a_file_changed_between_two_questions_of_one_run_is_hashed_again(tmp_path: Path):
    """One run asks for a file several times (`kiroku site` runs four steps) and trusts what
    it saw while the stat holds: a change in between, its size and mtime put back, is seen."""
    from kiroku.file_stamps import Stamps

    path = tmp_path / "log.yaml"
    path.write_text("a", encoding="utf-8")
    old = time.time_ns() - 10_000_000_000  # long before it is hashed: not racily clean
    os.utime(path, ns=(old, old))
    book = Stamps(tmp_path / ".kiroku")
    book.save()
    book = Stamps(tmp_path / ".kiroku")
    first = book.sha256(path)
    assert book.sha256(path) == first  # trusted the second time
    path.write_text("b", encoding="utf-8")
    os.utime(path, ns=(old, old))
    assert book.sha256(path) not in (None, first)
    path.unlink()
    assert book.sha256(path) is None


def add_label(project: Project, log_id: str, label: str = "ends-in-n") -> None:
    from kiroku.schema import Label

    path = project.log_path(log_id)
    loaded = storage.load(path)
    loaded.doc.units()[0].labels.append(Label(id=label, by="tester", at=NOW))
    storage.save(loaded.doc, path, expect_sha256=loaded.sha256)


def test_a_saved_label_leaves_a_log_analysed_without_running_the_analysis(
    archive: Project, make_site, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    make_site()
    make_site()  # every proof found again: the next run must still know what it proved
    add_label(archive, "test-two-trials")
    before_cold = cold_copy(archive, tmp_path / "cold")
    from kiroku.analysis import suggest

    def refuse(*args, **kwargs):
        raise AssertionError("the analysis ran for a label")

    monkeypatch.setattr(suggest, "annotate", refuse)
    out = make_site()
    assert "analyse: 0 of 4 log(s) changed, 4 already analysed" in out
    page = (archive.root / "site" / "logs" / "test-two-trials" / "index.html").read_text()
    assert 'data-label="ends-in-n"' in page
    monkeypatch.undo()
    run_make_site(before_cold)
    assert snapshot_tree(archive.logs_dir) == snapshot_tree(before_cold.logs_dir)
    assert site_files(archive.root / "site") == site_files(before_cold.root / "site")


def test_make_site_after_a_label_lists_no_url_again_and_starts_no_mkdocs(
    archive: Project, make_site, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    make_site()
    make_site()  # the first check after a build finds the URLs it listed
    add_label(archive, "test-two-trials")
    before_cold = cold_copy(archive, tmp_path / "cold")
    from kiroku import check
    from mkdocs.commands import build

    def refuse(*args, **kwargs):
        raise AssertionError("the site was planned again or MkDocs started")

    monkeypatch.setattr(check, "manifest_problems", refuse)
    monkeypatch.setattr(build, "build", refuse)
    make_site()
    page = (archive.root / "site" / "logs" / "test-two-trials" / "index.html").read_text()
    assert 'data-label="ends-in-n"' in page
    add_label(archive, "test-two-trials", "chain-broken")
    make_site()  # and again: the build's own record of the URLs keeps the check's
    monkeypatch.undo()
    add_label(archive, "test-two-trials", "word-repeated")
    add_label(before_cold, "test-two-trials", "chain-broken")
    add_label(before_cold, "test-two-trials", "word-repeated")
    make_site()
    run_make_site(before_cold)
    assert snapshot_tree(archive.logs_dir) == snapshot_tree(before_cold.logs_dir)
    assert site_files(archive.root / "site") == site_files(before_cold.root / "site")


def test_what_the_list_of_urls_reads_of_a_log_is_all_but_one_person_s_labels(archive: Project):
    """A label changes no URL, unless a second person judged the unit: the agreement table
    (a URL of its own) exists once two annotators judged a unit."""
    from kiroku.schema import Label

    doc = storage.load(archive.log_path("test-two-trials")).doc
    before = proofs.url_inputs(doc)
    doc.units()[0].labels.append(Label(id="ends-in-n", by="tester", at=NOW))
    assert proofs.url_inputs(doc) == before
    doc.units()[0].labels.append(Label(id="chain-broken", by="another", at=NOW))
    assert proofs.url_inputs(doc) != before
    doc.units()[0].labels.pop()
    doc.units()[0].output = "みかん"  # type: ignore[union-attr]
    assert proofs.url_inputs(doc) != before


def test_the_analysis_reads_no_label_and_no_rejection(archive: Project):
    """What `analyse_logs.NOT_READ` promises: labels and rejections change no played word
    and no suggestion (else a saved label would have to be analysed again)."""
    from kiroku.analysis.suggest import annotate
    from kiroku.schema import Label, Rejection

    for path in [*archive.log_paths(), *sorted((DATA / "analysis").glob("*.yaml"))]:
        doc = storage.load(path).doc
        bare, marked = doc.model_copy(deep=True), doc.model_copy(deep=True)
        for unit in bare.units():
            unit.labels, unit.rejected = [], []
        for unit in marked.units():
            unit.labels = [Label(id=i, by="tester", at=NOW) for i in ("ends-in-n", "chain-broken")]
            unit.rejected = [Rejection(id="ends-in-n", by="tester", at=NOW)]
        one, other = annotate(bare, NOW), annotate(marked, NOW)
        for a, b in zip(one.units(), other.units(), strict=True):
            unread = {"labels", "rejected"}
            assert a.model_dump(exclude=unread) == b.model_dump(exclude=unread), path.name


def test_make_site_with_nothing_changed_does_not_start_mkdocs(
    archive: Project, make_site, monkeypatch: pytest.MonkeyPatch
):
    make_site()  # writes urls.manifest, which the next build reads as the build left it
    site = site_files(archive.root / "site")
    from mkdocs.commands import build

    def refuse(*args, **kwargs):
        raise AssertionError("MkDocs was started")

    monkeypatch.setattr(build, "build", refuse)
    make_site()
    assert site_files(archive.root / "site") == site
    index = archive.root / "site" / "index.html"
    index.write_bytes(index.read_bytes().replace(b"</body>", b"<p>edited</p></body>"))
    with pytest.raises(AssertionError, match="MkDocs was started"):
        make_site()  # an output changed: the build runs
    monkeypatch.undo()
    make_site()
    assert site_files(archive.root / "site") == site
    monkeypatch.setattr(build, "build", refuse)
    (archive.root / "docs").mkdir(exist_ok=True)
    (archive.root / "docs" / "about.md").write_text("# About\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="MkDocs was started"):
        make_site()  # an input changed


def test_names_copied_to_keep_the_steps_light_agree_with_their_source():
    """`sync` and `check` name the sidecar suffix and the manifest without importing the
    importers or the site (which cost more than a step with nothing to do)."""
    from kiroku import check
    from kiroku.importers.base import SIDECAR_SUFFIX
    from kiroku.site.manifest import MANIFEST_NAME

    assert sync_logs.SIDECAR_SUFFIX == SIDECAR_SUFFIX
    assert check.MANIFEST_NAME == MANIFEST_NAME


def run_steps(project: Project, steps: list[list[str]]) -> str:
    out = []
    for step in steps:
        result = CliRunner().invoke(cli, ["--root", str(project.root), *step])
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert result.exit_code == 0, f"{step}: {result.stderr}"
        out.append(result.stdout)
    return "".join(out)


SEPARATE_STEPS = [["sync"], ["analyse"], ["check"], ["build", "--incremental"]]


def test_make_site_runs_kiroku_site_which_does_what_the_four_commands_do(
    archive: Project, tmp_path: Path
):
    """`make site` is one process (`kiroku site`); the four commands, run one by one on a
    copy, print the same lines and leave the same logs and site, cold and after a label."""
    assert make_site_steps() == [["site"]]
    apart = cold_copy(archive, tmp_path / "apart")
    together = run_steps(archive, [["site"]])
    one_by_one = run_steps(apart, SEPARATE_STEPS)
    assert together == one_by_one
    assert together.index("sync:") < together.index("analyse:") < together.index("check:")
    assert together.index("check:") < together.index("build:")
    assert snapshot_tree(archive.logs_dir) == snapshot_tree(apart.logs_dir)
    assert site_files(archive.root / "site") == site_files(apart.root / "site")
    for project in (archive, apart):
        add_label(project, "test-two-trials")
        set_translation(project, "Together or apart, the same page.")
    assert run_steps(archive, [["site"]]) == run_steps(apart, SEPARATE_STEPS)
    assert snapshot_tree(archive.logs_dir) == snapshot_tree(apart.logs_dir)
    assert site_files(archive.root / "site") == site_files(apart.root / "site")
    page = (archive.root / "site" / "logs" / "test-two-trials" / "index.html").read_text()
    assert 'data-label="ends-in-n"' in page


def test_kiroku_site_stops_at_a_failing_check_and_builds_nothing(archive: Project, kiroku):
    add_label(archive, "test-two-trials", "no-such-label")
    result = kiroku("site")
    assert result.exit_code == 1
    assert "check: 1 problem(s) in 4 log(s)" in result.stderr
    assert "label 'no-such-label' is not in taxonomy.yaml" in result.stderr
    assert "build:" not in result.output
    assert not (archive.root / "site").exists()
