"""`kiroku check` finds every kind of damage and names the file."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from kiroku import storage
from kiroku.importers import service_export
from kiroku.project import Project
from kiroku.schema import Label, Rejection
from testkit import DATA

CSV = DATA / "csv"
CHATGPT = DATA / "exports" / "chatgpt_branches_hidden_reasoning_attachments.json"


@pytest.fixture
def imported(project: Project, kiroku) -> Project:
    assert kiroku("import", str(CSV / "two_trials_crlf.csv")).exit_code == 0
    assert kiroku("check").exit_code == 0
    return project


def load_with_one_label_taxonomy(project: Project) -> storage.Loaded:
    """The imported log, in a project whose taxonomy knows only `ends-in-n`."""
    project.taxonomy_path.write_text(
        "labels:\n  - id: ends-in-n\n    group: rule-break\n"
        "    name: {ja: 「ん」で終わる, en: Ends in ん}\n    description: {ja: 負け, en: Loses}\n",
        encoding="utf-8",
    )
    return storage.load(project.log_path("test-two-trials"))


def failing_check(kiroku) -> str:
    result = kiroku("check")
    assert result.exit_code == 1
    return result.stderr


def test_a_changed_raw_file_is_detected(imported: Project, kiroku):
    raw = imported.archive_dir / "two_trials_crlf.csv"
    raw.write_bytes(raw.read_bytes() + b"3,x,False,2026-04-21T04:52:41\r\n")
    assert "source archive/two_trials_crlf.csv changed: its sha256" in failing_check(kiroku)


def test_a_turn_edited_away_from_its_source_is_detected(imported: Project, kiroku):
    path = imported.log_path("test-two-trials")
    path.write_text(
        path.read_text(encoding="utf-8").replace("りんご🍎", "りんご"), encoding="utf-8"
    )
    assert (
        "the recorded turns differ from what archive/two_trials_crlf.csv parses to"
        in failing_check(kiroku)
    )


def test_a_missing_raw_file_is_detected(imported: Project, kiroku):
    (imported.archive_dir / "two_trials_crlf.csv").unlink()
    assert "is missing from the archive" in failing_check(kiroku)


def test_an_unknown_label_id_is_detected(imported: Project, kiroku):
    loaded = load_with_one_label_taxonomy(imported)
    path = loaded.path
    loaded.doc.trials[0].labels.append(Label(id="made-up", by="emi", at=datetime.now(UTC)))
    storage.save(loaded.doc, path)
    assert "label 'made-up' is not in taxonomy.yaml" in failing_check(kiroku)


def test_an_unknown_label_typed_by_hand_is_located_by_line(imported: Project, kiroku):
    loaded = load_with_one_label_taxonomy(imported)
    path = loaded.path
    loaded.doc.trials[1].labels.append(Label(id="ends-in-m", by="emi", at=datetime.now(UTC)))
    storage.save(loaded.doc, path)
    line = path.read_text(encoding="utf-8").splitlines().index("      - id: ends-in-m") + 1
    assert f"test-two-trials.yaml:{line}: label 'ends-in-m' is not in" in failing_check(kiroku)


def test_an_unknown_id_in_a_dismissal_is_detected(imported: Project, kiroku):
    loaded = load_with_one_label_taxonomy(imported)
    path = loaded.path
    loaded.doc.trials[1].rejected.append(Rejection(id="typo-label", by="emi", at=datetime.now(UTC)))
    storage.save(loaded.doc, path)
    assert "label 'typo-label' is not in taxonomy.yaml" in failing_check(kiroku)


def test_an_id_that_does_not_match_its_file_is_detected(imported: Project, kiroku):
    path = imported.log_path("test-two-trials")
    path.rename(imported.logs_dir / "renamed.yaml")
    stderr = failing_check(kiroku)
    assert "renamed.yaml: id 'test-two-trials' does not match the file name" in stderr


def test_a_file_broken_by_hand_names_file_and_line(imported: Project, kiroku):
    path = imported.log_path("test-two-trials")
    text = path.read_text(encoding="utf-8").replace("kind: batch", "kind: batch\n  bad indent: [")
    path.write_text(text, encoding="utf-8")
    assert f"{path}:3: invalid YAML" in failing_check(kiroku)


def test_check_passes_on_the_committed_archive():
    from kiroku.check import check_project
    from testkit import REPO

    assert [str(p) for p in check_project(Project(REPO))] == []


def test_an_export_is_parsed_once_for_all_its_logs(project: Project, kiroku, monkeypatch):
    assert kiroku("import", str(CHATGPT)).exit_code == 0
    opened = []
    original = service_export.open_conversations

    def counting(raw):
        opened.append(raw.path.name)
        return original(raw)

    monkeypatch.setattr(service_export, "open_conversations", counting)
    result = kiroku("check")
    assert result.exit_code == 0, result.stderr
    assert "check: 3 log(s) OK" in result.output
    assert opened == [CHATGPT.name]


def test_one_edited_conversation_of_an_export_is_the_only_one_reported(project: Project, kiroku):
    assert kiroku("import", str(CHATGPT)).exit_code == 0
    path = project.log_path("gpt-4o-plotting-a-chart")
    loaded = storage.load(path)
    loaded.doc.units()[0].text = "edited by hand"
    storage.save(loaded.doc, path)
    stderr = failing_check(kiroku)
    assert f"{path}: the recorded turns differ from what archive/{CHATGPT.name}" in stderr
    assert "check: 1 problem(s) in 3 log(s)" in stderr


MANIFEST_HEADER = "# published URLs\n"


def test_a_published_url_that_disappeared_is_reported(imported: Project, kiroku):
    manifest = imported.root / "urls.manifest"
    manifest.write_text(
        MANIFEST_HEADER + "/logs/test-two-trials/\n/ja/logs/test-two-trials/\n/logs/gone/\n",
        encoding="utf-8",
    )
    stderr = failing_check(kiroku)
    assert f"{manifest}:4: published URL /logs/gone/ would disappear" in stderr


def test_a_published_url_kept_by_a_redirect_passes(imported: Project, kiroku):
    (imported.root / "urls.manifest").write_text(
        MANIFEST_HEADER + "/logs/test-two-trials/\n/logs/gone/\n", encoding="utf-8"
    )
    (imported.root / "mkdocs.yml").write_text(
        "site_name: x\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n  - search\n  - redirects:\n      redirect_maps:\n"
        "        logs/gone.md: logs/test-two-trials.md\n",
        encoding="utf-8",
    )
    result = kiroku("check")
    assert result.exit_code == 0, result.stderr


def test_a_log_removed_after_publishing_is_reported(imported: Project, kiroku):
    (imported.root / "urls.manifest").write_text(
        MANIFEST_HEADER + "/logs/test-two-trials/\n", encoding="utf-8"
    )
    assert kiroku("check").exit_code == 0
    imported.log_path("test-two-trials").unlink()
    stderr = failing_check(kiroku)
    assert "published URL /logs/test-two-trials/ would disappear" in stderr


def test_a_quote_left_open_by_hand_names_the_line_it_opens_on(imported: Project, kiroku):
    """The parser only stumbles at the next quote mark, lines below: point where it opened."""
    path = imported.log_path("test-two-trials")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines) if line.lstrip().startswith("output:"))
    key, value = lines[number].split(":", 1)
    lines[number] = f"{key}: '{value.strip().strip(chr(39))}\n"  # output: 'みかん  (no closing ')
    path.write_text("".join(lines), encoding="utf-8")
    stderr = failing_check(kiroku)
    assert f"{path}:{number + 1}: invalid YAML: a quote opened here closes only on line " in stderr
