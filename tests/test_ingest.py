"""Import pipeline: the archive is never rewritten and annotations are never dropped silently."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from kiroku import storage
from kiroku.project import Project
from kiroku.schema import Label
from testkit import DATA, REPO, snapshot_tree

CSV = DATA / "csv"
WHEN = datetime(2026, 5, 1, tzinfo=UTC)


def import_two_trials(kiroku, tmp_path: Path) -> Path:
    incoming = tmp_path / "incoming"
    incoming.mkdir(exist_ok=True)
    for name in ("two_trials_crlf.csv", "two_trials_crlf.csv.meta.yaml"):
        shutil.copy(CSV / name, incoming / name)
    assert kiroku("import", str(incoming / "two_trials_crlf.csv")).exit_code == 0
    return incoming


def label_trial(project: Project, trial: int, **fields: str) -> None:
    path = project.log_path("test-two-trials")
    loaded = storage.load(path)
    unit = loaded.doc.trials[trial - 1]
    unit.labels.append(Label(id="silent-attractor", by="emi", at=WHEN))
    for name, value in fields.items():
        setattr(unit, name, value)
    storage.save(loaded.doc, path)


def test_import_copies_the_raw_file_and_its_sidecar_unchanged(project: Project, kiroku, tmp_path):
    import_two_trials(kiroku, tmp_path)
    archived = project.archive_dir / "two_trials_crlf.csv"
    assert archived.read_bytes() == (CSV / "two_trials_crlf.csv").read_bytes()
    assert (project.archive_dir / "two_trials_crlf.csv.meta.yaml").is_file()
    doc = storage.load(project.log_path("test-two-trials")).doc
    assert doc.source.path == "archive/two_trials_crlf.csv"
    assert doc.source.metadata == "archive/two_trials_crlf.csv.meta.yaml"


def test_importing_the_same_file_again_changes_nothing(project: Project, kiroku, tmp_path):
    incoming = import_two_trials(kiroku, tmp_path)
    before = snapshot_tree(project.root)
    result = kiroku("import", str(incoming / "two_trials_crlf.csv"))
    assert result.exit_code == 0
    assert "unchanged" in result.output
    assert snapshot_tree(project.root) == before


def test_an_archived_file_is_never_rewritten(project: Project, kiroku, tmp_path):
    incoming = import_two_trials(kiroku, tmp_path)
    raw = incoming / "two_trials_crlf.csv"
    raw.write_bytes(raw.read_bytes().replace("りんご".encode(), "りす".encode()))
    before = snapshot_tree(project.root)
    result = kiroku("import", str(raw))
    assert result.exit_code == 1
    assert "already exists with other content" in result.stderr
    assert snapshot_tree(project.root) == before


def test_an_annotated_log_is_only_updated_with_reimport(project: Project, kiroku, tmp_path):
    incoming = import_two_trials(kiroku, tmp_path)
    label_trial(project, 1, translation_en="From み! Mikan.")
    before = snapshot_tree(project.root)
    result = kiroku("import", str(incoming / "two_trials_crlf.csv"))
    assert result.exit_code == 1
    assert "already has annotations; pass --reimport" in result.stderr
    assert snapshot_tree(project.root) == before

    assert kiroku("import", "--reimport", str(incoming / "two_trials_crlf.csv")).exit_code == 0
    doc = storage.load(project.log_path("test-two-trials")).doc
    assert doc.trials[0].labels[0].id == "silent-attractor"
    assert doc.trials[0].translation_text() == "From み! Mikan."


def test_a_hand_edited_title_survives_reimport(project: Project, kiroku, tmp_path):
    incoming = import_two_trials(kiroku, tmp_path)
    path = project.log_path("test-two-trials")
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "en: Two trials", "en: Two trials  # mine\n  ja: 二試行"
        ),
        encoding="utf-8",
    )
    assert kiroku("import", "--reimport", str(incoming / "two_trials_crlf.csv")).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert "en: Two trials  # mine" in text
    assert "ja: 二試行" in text


def test_sync_is_idempotent_and_keeps_annotations(project: Project, kiroku, tmp_path):
    import_two_trials(kiroku, tmp_path)
    label_trial(project, 2, note="りんご breaks the chain")
    before = snapshot_tree(project.root)
    result = kiroku("sync")
    assert result.exit_code == 0
    assert "sync: 0 log(s) changed" in result.output
    assert snapshot_tree(project.root) == before


def test_a_log_id_is_never_reused_by_another_source(project: Project, kiroku, tmp_path):
    import_two_trials(kiroku, tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(CSV / "two_trials_bom.csv", other / "renamed.csv")
    shutil.copy(CSV / "two_trials_crlf.csv.meta.yaml", other / "renamed.csv.meta.yaml")
    before = snapshot_tree(project.root)
    result = kiroku("import", str(other / "renamed.csv"))
    assert result.exit_code == 1
    assert "'test-two-trials' is already used by archive/two_trials_crlf.csv" in result.stderr
    assert snapshot_tree(project.root) == before


def test_an_edited_raw_file_under_a_new_name_updates_its_log_with_reimport(
    project: Project, kiroku, tmp_path
):
    incoming = import_two_trials(kiroku, tmp_path)
    label_trial(project, 1, translation_en="From み! Mikan.")
    edited = incoming / "two_trials_v2.csv"
    raw = (incoming / "two_trials_crlf.csv").read_bytes()
    edited.write_bytes(raw.replace("りんご".encode(), "りす".encode()))
    shutil.copy(
        incoming / "two_trials_crlf.csv.meta.yaml", incoming / "two_trials_v2.csv.meta.yaml"
    )
    before = snapshot_tree(project.root)
    refused = kiroku("import", str(edited))
    assert refused.exit_code == 1
    assert "pass --reimport if this file is a new version" in refused.stderr
    assert snapshot_tree(project.root) == before

    result = kiroku("import", "--reimport", str(edited))
    assert result.exit_code == 0, result.stderr
    doc = storage.load(project.log_path("test-two-trials")).doc
    assert doc.source.path == "archive/two_trials_v2.csv"
    assert doc.trials[0].translation_text() == "From み! Mikan."
    assert (project.archive_dir / "two_trials_crlf.csv").read_bytes() == raw
    assert kiroku("check").exit_code == 0


def test_dry_run_writes_nothing(project: Project, kiroku):
    result = kiroku("import", "--dry-run", str(CSV / "two_trials_crlf.csv"))
    assert result.exit_code == 0
    assert "new       logs/test-two-trials.yaml  2 units" in result.output
    assert snapshot_tree(project.root) == {}


def test_an_unknown_format_is_refused(project: Project, kiroku, tmp_path):
    (tmp_path / "incoming").mkdir()
    odd = tmp_path / "incoming" / "notes.xyz"
    odd.write_text("something else entirely\n", encoding="utf-8")
    result = kiroku("import", str(odd))
    assert result.exit_code == 1
    assert "notes.xyz: unknown format" in result.stderr
    assert snapshot_tree(project.archive_dir) == snapshot_tree(project.logs_dir) == {}


def test_utf16_with_bom_decodes(project: Project, kiroku, tmp_path):
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    text = (CSV / "two_trials_crlf.csv").read_bytes().decode("utf-8")
    (incoming / "utf16.csv").write_bytes(text.encode("utf-16"))
    meta = (CSV / "two_trials_crlf.csv.meta.yaml").read_text(encoding="utf-8")
    (incoming / "utf16.csv.meta.yaml").write_text(meta.replace("test-two-trials", "utf16"))
    assert kiroku("import", str(incoming / "utf16.csv")).exit_code == 0
    doc = storage.load(project.log_path("utf16")).doc
    assert [t.output for t in doc.trials] == ["「み」からですね！\n\n**みかん** 🍊", "りんご🍎"]


def test_a_blank_file_with_a_format_given_is_refused(project: Project, kiroku, tmp_path):
    blank = tmp_path / "blank.json"
    blank.write_bytes(b" \n\t\r\n" * 100_000)
    result = kiroku("import", "--format", "claude-export", str(blank))
    assert result.exit_code == 1
    assert f"{blank}: empty file" in result.stderr
    assert snapshot_tree(project.archive_dir) == snapshot_tree(project.logs_dir) == {}


def test_sync_of_the_repository_keeps_every_log_and_its_id(project: Project, kiroku):
    """The shipped logs (examples and the real batches) stay what they are after `kiroku sync`."""
    shutil.copytree(REPO / "archive", project.archive_dir, dirs_exist_ok=True)
    shutil.copytree(REPO / "logs", project.logs_dir, dirs_exist_ok=True)
    before = snapshot_tree(project.root)
    result = kiroku("sync")
    assert (result.exit_code, result.output) == (0, "sync: 0 log(s) changed\n")
    assert snapshot_tree(project.root) == before
