"""JSON trial batches written by the open-weight experiment scripts."""

from __future__ import annotations

from datetime import date

from kiroku import storage
from kiroku.project import Project
from kiroku.schema import BatchLog
from testkit import DATA, snapshot_tree

JSON = DATA / "json"


def test_an_open_weight_batch_imports(project: Project, kiroku):
    result = kiroku("import", str(JSON / "open_weight_batch.json"))
    assert result.exit_code == 0, result.stderr
    [path] = project.log_paths()
    assert path.name == "qwen3-8b-natural-imprecise-20260501-103000.yaml"
    doc = storage.load(path).doc
    assert isinstance(doc, BatchLog)
    assert doc.model.id == "Qwen/Qwen3-8B"
    assert doc.model.interface == "api"
    assert doc.date == date(2026, 5, 1)
    assert doc.condition.user_prompt == "しりとりをしましょう。私からはじめます。うみ"
    assert [t.output for t in doc.trials] == ["みかん！", "みず", "**みかん** 🍊"]
    assert doc.trials[0].recorded == {"is_mikan": True}
    assert doc.recorded == {"timestamp": "20260501_103000", "mikan_rate": 0.6667}
    assert kiroku("check").exit_code == 0


def test_truncated_json_names_the_line(project: Project, kiroku):
    result = kiroku("import", str(JSON / "truncated.json"))
    assert result.exit_code == 1
    assert "truncated.json:2: invalid JSON" in result.stderr
    assert snapshot_tree(project.root) == {}
