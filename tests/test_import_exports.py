"""`kiroku import` of chat service exports and pasted transcripts, end to end."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from kiroku import storage
from kiroku.errors import KirokuError
from kiroku.ingest import apply, plan_import
from kiroku.project import Project
from kiroku.schema import ChatLog, Label
from testkit import DATA, blns_strings, snapshot_tree

EXPORTS = DATA / "exports"
CHATGPT = EXPORTS / "chatgpt_branches_hidden_reasoning_attachments.json"
CLAUDE = EXPORTS / "claude_tree_thinking_tools_attachments.json"
PASTED = EXPORTS / "pasted_custom_speakers_crlf.txt"
WHEN = datetime(2026, 5, 1, tzinfo=UTC)
CHATGPT_IDS = ["gpt-4o-mini-2026-04-22", "gpt-4o-plotting-a-chart", "gpt-4o-regenerate-edit"]


def export_zip(folder: Path, export: Path, name: str = "export.zip") -> Path:
    path = folder / name
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("chat.html", "<html></html>")
        archive.write(export, "conversations.json")
    return path


def log_ids(project: Project) -> list[str]:
    return [path.stem for path in project.log_paths()]


def loaded_from_yaml(project: Project, log_id: str) -> ChatLog:
    """The log as read back from its YAML (not from the JSON cache)."""
    shutil.rmtree(project.cache_dir, ignore_errors=True)
    doc = storage.load(project.log_path(log_id)).doc
    assert isinstance(doc, ChatLog)
    return doc


class TestChatGPTExport:
    def test_zip_is_archived_once_and_each_conversation_becomes_a_log(
        self, project: Project, kiroku, tmp_path: Path
    ) -> None:
        path = export_zip(tmp_path / "incoming", CHATGPT)
        run = kiroku("import", str(path))
        assert run.exit_code == 0, run.stderr
        assert sorted(p.name for p in project.archive_dir.iterdir()) == ["export.zip"]
        assert log_ids(project) == CHATGPT_IDS
        doc = loaded_from_yaml(project, "gpt-4o-regenerate-edit")
        assert doc.source.path == "archive/export.zip"
        assert doc.source.item == "c0ffee00-0000-4000-8000-00000000000a"
        assert doc.sessions[0].turns[1].alternatives[0].text == "ごりら"
        check = kiroku("check")
        assert check.exit_code == 0, check.output + check.stderr

    def test_dry_run_lists_conversations_and_writes_nothing(self, project: Project, kiroku) -> None:
        before = snapshot_tree(project.root)
        run = kiroku("import", "--dry-run", "--select", "date=2026-04-21..", str(CHATGPT))
        assert run.exit_code == 0, run.stderr
        assert "[c0ffee00-0000-4000-8000-00000000000b] 2026-04-21  Plotting a chart" in run.output
        assert "skip     [c0ffee00-0000-4000-8000-00000000000a] 2026-04-20" in run.output
        assert "dry run: nothing written" in run.output
        assert snapshot_tree(project.root) == before

    @pytest.mark.parametrize(
        ("select", "expected"),
        [
            (["title=しりとり"], ["gpt-4o-regenerate-edit"]),
            (["PLOTTING"], ["gpt-4o-plotting-a-chart"]),
            (["id=c0ffee00-0000-4000-8000-00000000000c"], ["gpt-4o-mini-2026-04-22"]),
            (["date=2026-04-20..2026-04-21", "title=chart"], ["gpt-4o-plotting-a-chart"]),
        ],
    )
    def test_select_imports_only_matching_conversations(
        self, project: Project, kiroku, select: list[str], expected: list[str]
    ) -> None:
        options = [arg for value in select for arg in ("--select", value)]
        run = kiroku("import", *options, str(CHATGPT))
        assert run.exit_code == 0, run.stderr
        assert log_ids(project) == expected

    def test_sync_after_a_selective_import_adds_no_other_conversation(
        self, project: Project, kiroku
    ) -> None:
        assert kiroku("import", "--select", "しりとり", str(CHATGPT)).exit_code == 0
        run = kiroku("sync")
        assert run.exit_code == 0, run.stderr
        assert log_ids(project) == ["gpt-4o-regenerate-edit"]
        assert kiroku("check").exit_code == 0

    def test_select_matching_nothing_is_an_error_and_writes_nothing(
        self, project: Project, kiroku
    ) -> None:
        before = snapshot_tree(project.root)
        run = kiroku("import", "--select", "title=no such title", str(CHATGPT))
        assert run.exit_code == 1
        assert "no conversation matches --select (3 left out)" in run.stderr
        assert snapshot_tree(project.root) == before

    def test_a_newer_export_updates_the_same_logs_under_the_same_ids(
        self, project: Project, kiroku, tmp_path: Path
    ) -> None:
        assert kiroku("import", "--into", "chatgpt/2026-04", str(CHATGPT)).exit_code == 0
        conversations = json.loads(CHATGPT.read_text(encoding="utf-8"))
        conversations[1]["title"] = "A renamed chat"
        newer = tmp_path / "newer" / CHATGPT.name
        newer.parent.mkdir()
        newer.write_text(json.dumps(conversations, ensure_ascii=False), encoding="utf-8")
        run = kiroku("import", "--into", "chatgpt/2026-05", str(newer))
        assert run.exit_code == 0, run.stderr
        assert log_ids(project) == CHATGPT_IDS
        doc = loaded_from_yaml(project, "gpt-4o-plotting-a-chart")
        assert doc.source.path == f"archive/chatgpt/2026-05/{CHATGPT.name}"
        assert kiroku("check").exit_code == 0

    def test_an_id_taken_by_another_log_is_never_reused(
        self, project: Project, kiroku, tmp_path: Path
    ) -> None:
        assert kiroku("import", str(CHATGPT)).exit_code == 0
        conversations = json.loads(CHATGPT.read_text(encoding="utf-8"))
        other = {**conversations[1], "id": "new-one", "conversation_id": "new-one"}
        path = tmp_path / "another-export.json"
        path.write_text(json.dumps([other]), encoding="utf-8")
        run = kiroku("import", str(path))
        assert run.exit_code == 0, run.stderr
        assert "gpt-4o-plotting-a-chart-2" in log_ids(project)
        assert loaded_from_yaml(project, "gpt-4o-plotting-a-chart").source.item == (
            "c0ffee00-0000-4000-8000-00000000000b"
        )
        assert kiroku("check").exit_code == 0

    def test_broken_export_is_a_clear_error_and_nothing_is_written(
        self, project: Project, kiroku, tmp_path: Path
    ) -> None:
        path = tmp_path / "conversations.json"
        text = CHATGPT.read_text(encoding="utf-8")
        path.write_text(text[: len(text) // 2], encoding="utf-8")
        before = snapshot_tree(project.root)
        run = kiroku("import", str(path), str(CLAUDE))
        assert run.exit_code == 1
        assert run.stderr.startswith(f"error: {path}:")
        assert "invalid JSON in conversation 1: parse error: premature EOF" in run.stderr
        assert snapshot_tree(project.root) == before


class TestStreamedImport:
    """Exports are validated whole in a first pass, then written one conversation at a time."""

    def test_a_broken_conversation_in_the_middle_is_named_and_nothing_is_written(
        self, project: Project, kiroku, tmp_path: Path
    ) -> None:
        first, last = json.loads(CLAUDE.read_text(encoding="utf-8"))
        broken = {key: value for key, value in last.items() if key != "uuid"}
        path = tmp_path / "conversations.json"
        path.write_text(json.dumps([first, broken, last], ensure_ascii=False), encoding="utf-8")
        before = snapshot_tree(project.root)
        run = kiroku("import", str(path))
        assert run.exit_code == 1
        assert f"error: {path}: conversation 2 has no `uuid`" in run.stderr
        assert snapshot_tree(project.root) == before

    def test_the_plan_of_an_export_keeps_summaries_not_documents(
        self, project: Project, tmp_path: Path
    ) -> None:
        plan = plan_import(project, [export_zip(tmp_path / "incoming", CHATGPT)])
        assert sorted(planned.summary.id for planned in plan.logs) == CHATGPT_IDS
        assert [planned.doc for planned in plan.logs] == [None, None, None]
        apply(plan)
        assert log_ids(project) == CHATGPT_IDS
        assert loaded_from_yaml(project, "gpt-4o-regenerate-edit").sessions[0].turns[1].text

    def test_an_export_rewritten_during_the_import_is_not_archived(
        self, project: Project, tmp_path: Path
    ) -> None:
        path = tmp_path / CHATGPT.name
        shutil.copy(CHATGPT, path)
        plan = plan_import(project, [path])
        path.write_bytes(path.read_bytes().replace(b"Plotting", b"Plotted!"))
        before = snapshot_tree(project.root)
        with pytest.raises(KirokuError, match="changed while it was being imported"):
            apply(plan)
        assert snapshot_tree(project.root) == before
        assert [p.name for p in project.archive_dir.iterdir()] == []

    def test_reimport_of_an_export_carries_annotations_through_the_second_pass(
        self, project: Project, kiroku, tmp_path: Path
    ) -> None:
        assert kiroku("import", "--into", "2026-04", str(CHATGPT)).exit_code == 0
        path = project.log_path("gpt-4o-regenerate-edit")
        loaded = storage.load(path)
        turn = loaded.doc.units()[0]
        turn.labels.append(Label(id="silent-attractor", by="emi", at=WHEN))
        turn.note = "みかん again"
        storage.save(loaded.doc, path)
        conversations = json.loads(CHATGPT.read_text(encoding="utf-8"))
        conversations[0]["title"] = "しりとり (renamed)"
        newer = tmp_path / "newer" / CHATGPT.name
        newer.parent.mkdir()
        newer.write_text(json.dumps(conversations, ensure_ascii=False), encoding="utf-8")
        before = snapshot_tree(project.root)
        refused = kiroku("import", "--into", "2026-05", str(newer))
        assert refused.exit_code == 1
        assert "already has annotations; pass --reimport" in refused.stderr
        assert snapshot_tree(project.root) == before
        run = kiroku("import", "--into", "2026-05", "--reimport", str(newer))
        assert run.exit_code == 0, run.stderr
        assert log_ids(project) == CHATGPT_IDS
        doc = loaded_from_yaml(project, "gpt-4o-regenerate-edit")
        assert doc.units()[0].note_text() == "みかん again"
        assert [label.id for label in doc.units()[0].labels] == ["silent-attractor"]
        assert doc.source.sha256 == hashlib.sha256(newer.read_bytes()).hexdigest()
        assert kiroku("check").exit_code == 0


class TestClaudeExport:
    def test_import_zip_then_check(self, project: Project, kiroku, tmp_path: Path) -> None:
        path = export_zip(tmp_path, CLAUDE, "data-2026-04-21.zip")
        run = kiroku("import", str(path))
        assert run.exit_code == 0, run.stderr
        assert log_ids(project) == ["claude-2026-04-21", "claude-retry-edit"]
        assert loaded_from_yaml(project, "claude-retry-edit").experiment == "shiritori"
        assert kiroku("check").exit_code == 0


class TestPastedTranscript:
    def test_speakers_option_is_kept_as_an_archived_sidecar(self, project: Project, kiroku) -> None:
        run = kiroku("import", "--speakers", "Emi=user,Bot=model", str(PASTED))
        assert run.exit_code == 0, run.stderr
        sidecar = project.archive_dir / (PASTED.name + ".meta.yaml")
        assert "Emi: user" in sidecar.read_text(encoding="utf-8")
        doc = loaded_from_yaml(project, "pasted-custom-speakers-crlf")
        assert [t.speaker for t in doc.sessions[0].turns] == ["user", "model"]
        assert kiroku("check").exit_code == 0
        assert kiroku("sync").output.strip() == "sync: 0 log(s) changed"

    def test_unknown_speakers_are_a_clear_error_and_nothing_is_written(
        self, project: Project, kiroku
    ) -> None:
        before = snapshot_tree(project.root)
        run = kiroku("import", str(PASTED))
        assert run.exit_code == 1
        assert f"{PASTED}:1: no turns" in run.stderr
        assert snapshot_tree(project.root) == before

    def test_bad_speakers_option_is_refused(self, project: Project, kiroku) -> None:
        run = kiroku("import", "--speakers", "Emi=human", str(PASTED))
        assert run.exit_code == 1
        assert "--speakers wants Name=user or Name=model" in run.stderr
        assert log_ids(project) == []


def _chatgpt_blns(strings: list[str]) -> list[dict]:
    mapping: dict[str, dict] = {"root": {"id": "root", "message": None, "parent": None}}
    parent = "root"
    for number, text in enumerate(strings):
        node = f"n{number}"
        role = "user" if number % 2 == 0 else "assistant"
        message = {"author": {"role": role}, "content": {"content_type": "text", "parts": [text]}}
        mapping[node] = {"id": node, "message": message, "parent": parent}
        mapping[parent]["children"] = [node]
        parent = node
    mapping[parent]["children"] = []
    return [{"id": "blns", "title": "blns", "mapping": mapping, "current_node": parent}]


def _claude_blns(strings: list[str]) -> list[dict]:
    messages = [
        {
            "uuid": f"m{number}",
            "sender": "human" if number % 2 == 0 else "assistant",
            "text": text,
            "content": [{"type": "text", "text": text}],
        }
        for number, text in enumerate(strings)
    ]
    return [{"uuid": "blns", "name": "blns", "chat_messages": messages}]


class TestHostileStrings:
    @pytest.mark.parametrize("service", ["chatgpt", "claude"])
    def test_blns_round_trip_through_an_export(
        self, project: Project, kiroku, tmp_path: Path, service: str
    ) -> None:
        strings = blns_strings()
        build = _chatgpt_blns if service == "chatgpt" else _claude_blns
        path = tmp_path / "conversations.json"
        path.write_text(json.dumps(build(strings)), encoding="utf-8")
        run = kiroku("import", str(path))
        assert run.exit_code == 0, run.stderr
        (log_id,) = log_ids(project)
        turns = loaded_from_yaml(project, log_id).sessions[0].turns
        assert [turn.text for turn in turns] == strings
        assert kiroku("check").exit_code == 0

    def test_blns_round_trip_through_a_pasted_transcript(
        self, project: Project, kiroku, tmp_path: Path
    ) -> None:
        strings = blns_strings()
        path = tmp_path / "blns.txt"
        speakers = ("Me", "Claude")
        lines = [f"{speakers[n % 2]}: {text}" for n, text in enumerate(strings)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        run = kiroku("import", str(path))
        assert run.exit_code == 0, run.stderr
        turns = loaded_from_yaml(project, "blns").sessions[0].turns
        assert [turn.text for turn in turns] == strings
        assert kiroku("check").exit_code == 0
