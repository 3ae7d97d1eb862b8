"""The shipped example logs: a demo of every feature, whose human annotations survive sync and analyse."""

from __future__ import annotations

import shutil

from kiroku.schema import ChatLog
from kiroku.storage import load
from testkit import REPO

EXAMPLES = sorted((REPO / "logs").glob("example-*.yaml"))


def human_annotations(doc: ChatLog) -> dict[str, tuple]:
    """Per turn what only a person adds: translation, labels (with who and when), dismissals."""
    return {
        f"s{s.index}-t{t.index}": (
            t.translation_en,
            [(label.id, label.by, label.at, label.note) for label in t.labels],
            [(r.id, r.by, r.at, r.note) for r in t.rejected],
            t.note,
        )
        for s in doc.sessions
        for t in s.turns
    }


def test_the_examples_show_translations_labels_with_provenance_and_a_dismissal(tmp_path):
    docs = []
    for path in EXAMPLES:
        shutil.copy(path, tmp_path / path.name)  # loading writes a cache beside the file
        docs.append(load(tmp_path / path.name).doc)
    turns = [t for doc in docs for s in doc.sessions for t in s.turns]
    assert len(docs) == 3 and all(t.translation_en for t in turns), "every turn translated"
    labels = [label for t in turns for label in t.labels]
    assert len(labels) >= 3 and all(label.by and label.at for label in labels)
    dismissed = [(t, r) for t in turns for r in t.rejected]
    assert len(dismissed) == 1
    turn, rejection = dismissed[0]
    assert rejection.id in {s.id for s in turn.suggestions} and rejection.by and rejection.at
    assert any(doc.experiment == "conversation" for doc in docs)


def test_sync_and_analyse_keep_every_human_annotation_of_the_examples(project, kiroku):
    shutil.copytree(REPO / "archive" / "examples", project.archive_dir / "examples")
    shutil.copy(REPO / "logs" / "taxonomy.yaml", project.logs_dir / "taxonomy.yaml")
    before = {}
    for path in EXAMPLES:
        shutil.copy(path, project.logs_dir / path.name)
        before[path.stem] = human_annotations(load(project.logs_dir / path.name).doc)

    for command in ("sync", "analyse", "check"):
        result = kiroku(command)
        assert result.exit_code == 0, (command, result.output, result.stderr)

    after = {
        stem: human_annotations(load(project.logs_dir / f"{stem}.yaml").doc) for stem in before
    }
    assert after == before
    gemini = load(project.logs_dir / "example-gemini-shiritori-two-games.yaml").doc
    last = gemini.sessions[1].turns[-1]
    assert [s.id for s in last.suggestions] == ["ends-in-n"], "the rule still suggests it"
    assert [r.id for r in last.rejected] == ["ends-in-n"], "and the dismissal still stands"
