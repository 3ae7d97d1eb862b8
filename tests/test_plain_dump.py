"""`kiroku.plain_dump` writes the very bytes of ruamel's round-trip dumper, for any document."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kiroku import storage
from kiroku.analysis.suggest import annotate
from kiroku.bench.synth import SynthSpec, synth_documents
from kiroku.plain_dump import dump_plain, splice_units
from kiroku.schema import BatchLog, ChatLog, Label, Trial, to_data
from reliability.strategies import documents, hostile_text
from testkit import DATA, REPO, blns_strings, soaked

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def ruamel_dump(doc: ChatLog | BatchLog) -> bytes:
    """What Kiroku's round-trip dumper writes for a new file (the reference)."""
    return storage.dump_yaml(storage.to_node(to_data(doc)))


def logs_on_disk() -> list[Path]:
    paths = [*(REPO / "logs").glob("*.yaml"), *DATA.rglob("*.yaml")]
    return sorted(p for p in paths if p.name != "taxonomy.yaml" and ".meta." not in p.name)


def loadable(path: Path) -> ChatLog | BatchLog | None:
    try:
        return storage.load(path).doc
    except Exception:
        return None


@pytest.mark.parametrize("path", logs_on_disk(), ids=lambda p: p.name)
def test_every_log_of_the_repository_and_the_fixtures_is_dumped_alike(path: Path, tmp_path):
    copy = tmp_path / "logs" / path.name
    copy.parent.mkdir()
    copy.write_bytes(path.read_bytes())
    doc = loadable(copy)
    if doc is None:
        pytest.skip("a fixture of a broken log")
    assert storage.dump_document(doc) == ruamel_dump(doc)
    assert storage.dump_document(annotate(doc, NOW)) == ruamel_dump(annotate(doc, NOW))


def test_synthetic_chats_and_batches_analysed_or_not_are_dumped_alike():
    for doc, _ in synth_documents(SynthSpec(40, 20, seed=11)):
        analysed = annotate(doc, NOW)
        assert dump_plain(to_data(doc)) == ruamel_dump(doc), doc.id
        assert dump_plain(to_data(analysed)) == ruamel_dump(analysed), doc.id


def test_every_blns_string_as_a_turn_a_title_and_a_key_is_dumped_alike():
    doc = next(d for d, _ in synth_documents(SynthSpec(1, 5, seed=3)) if isinstance(d, ChatLog))
    for text in blns_strings():
        turn = doc.sessions[0].turns[0]
        changed = doc.model_copy(deep=True)
        changed.sessions[0].turns[0] = turn.model_copy(update={"text": text, "note": text})
        changed.title.en = text
        assert storage.dump_document(changed) == ruamel_dump(changed), repr(text)
    batch = next(d for d, _ in synth_documents(SynthSpec(10, 2)) if isinstance(d, BatchLog))
    for text in blns_strings():
        changed = batch.model_copy(deep=True)
        changed.trials[0] = changed.trials[0].model_copy(update={"recorded": {text: text}})
        assert storage.dump_document(changed) == ruamel_dump(changed), repr(text)


@settings(max_examples=soaked(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_any_document_is_dumped_alike(doc: ChatLog | BatchLog) -> None:
    assert storage.dump_document(doc) == ruamel_dump(doc)


@settings(max_examples=soaked(200), deadline=None)
@given(st.one_of(hostile_text, st.from_regex(r"[0-9a-z:#\- '\"\n]{0,12}", fullmatch=True)))
def test_any_text_in_any_place_is_dumped_alike(text: str) -> None:
    data = {"a": text, "b": [text, {"c": text, "d": [{"e": text}]}], "f": {"g": text}}
    assert dump_plain(data) in (None, storage.dump_yaml(storage.to_node(data)))


def test_a_plain_file_saved_with_every_unit_changed_is_what_a_full_save_writes(tmp_path: Path):
    doc = next(d for d, _ in synth_documents(SynthSpec(4, 30)) if d.kind == "batch")
    path = tmp_path / "logs" / f"{doc.id}.yaml"
    storage.save(doc, path)
    loaded = storage.load(path)
    analysed = annotate(loaded.doc, NOW)
    storage.save(analysed, path, expect_sha256=loaded.sha256)
    assert path.read_bytes() == ruamel_dump(analysed)
    by_hand = path.read_text(encoding="utf-8").replace("trials:\n", "trials:  # mine\n", 1)
    path.write_text(by_hand, encoding="utf-8")
    loaded = storage.load(path)
    again = annotate(loaded.doc, datetime(2027, 1, 1, tzinfo=UTC))
    again.trials[0].note = "kept"
    storage.save(again, path, expect_sha256=loaded.sha256)
    assert "trials:  # mine\n" in path.read_text(encoding="utf-8")


def spliced(before: ChatLog | BatchLog, after: ChatLog | BatchLog) -> bytes | None:
    """`splice_units` from the plain dump of `before` to `after`."""
    return splice_units(
        to_data(before, units_ordered=False),
        to_data(after, units_ordered=False),
        storage.dump_document(before),
    )


def relabelled(doc: ChatLog | BatchLog, at: int) -> ChatLog | BatchLog:
    """`doc` with a label on one unit and the text of another changed."""
    changed = doc.model_copy(deep=True)
    units = changed.units()
    units[at % len(units)].labels.append(Label(id="ends-in-n", by="tester", at=NOW))
    other = units[(at + 1) % len(units)]
    if isinstance(other, Trial):
        other.output = "みかん\n\n  - trials:\n  - not an item"
    else:
        other.text = "みかん\n\n      - index: 9\nturns:\n"
    return changed


@pytest.mark.parametrize("path", logs_on_disk(), ids=lambda p: p.name)
def test_splicing_a_plain_file_writes_what_a_full_dump_writes(path: Path, tmp_path):
    """An analysis, a label and a changed text spliced into the plain dump of every log and
    fixture: the bytes of a full dump, or None (then the caller dumps it whole)."""
    copy = tmp_path / "logs" / path.name
    copy.parent.mkdir()
    copy.write_bytes(path.read_bytes())
    doc = loadable(copy)
    if doc is None or not doc.units():
        pytest.skip("a fixture of a broken or empty log")
    analysed = annotate(doc, NOW)
    for before, after in [(doc, analysed), (analysed, relabelled(analysed, 3)), (doc, doc)]:
        found = spliced(before, after)
        if found is not None:
            assert found == ruamel_dump(after)


def test_a_first_analysis_of_synthetic_chats_and_batches_is_spliced_byte_for_byte():
    found = 0
    for doc, _ in synth_documents(SynthSpec(40, 20, seed=11)):
        analysed = annotate(doc, NOW)
        for before, after in [(doc, analysed), (analysed, relabelled(analysed, 7))]:
            out = spliced(before, after)
            assert out is None or out == ruamel_dump(after), doc.id
            found += out is not None
    assert found >= 70  # nearly every one is spliced, not left to a full dump


def test_blns_strings_in_a_unit_are_spliced_byte_for_byte():
    batch = next(d for d, _ in synth_documents(SynthSpec(10, 3)) if isinstance(d, BatchLog))
    for text in blns_strings():
        before = batch.model_copy(deep=True)
        before.trials[1] = before.trials[1].model_copy(update={"output": text, "note": text})
        after = annotate(before, NOW)
        after.trials[2].note = text
        out = spliced(before, after)
        assert out is None or out == ruamel_dump(after), repr(text)


@settings(max_examples=soaked(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.integers(min_value=0, max_value=50))
def test_any_document_analysed_and_labelled_is_spliced_byte_for_byte(doc, at: int) -> None:
    if not doc.units():
        return
    analysed = annotate(doc, NOW)
    for before, after in [(doc, analysed), (analysed, relabelled(analysed, at))]:
        out = spliced(before, after)
        assert out is None or out == ruamel_dump(after)


def test_a_first_analyse_splices_the_analysis_into_each_imported_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """What `storage.save` does with Kiroku's own dump: the outputs are not written again."""
    from kiroku import plain_dump

    doc = next(d for d, _ in synth_documents(SynthSpec(4, 30)) if d.kind == "batch")
    path = tmp_path / "logs" / f"{doc.id}.yaml"
    storage.save(doc, path)
    loaded = storage.load(path)
    analysed = annotate(loaded.doc, NOW)
    written: list[object] = []
    scalar = plain_dump._scalar

    def counting(out, value, indent):
        written.append(value)
        scalar(out, value, indent)

    monkeypatch.setattr(plain_dump, "_scalar", counting)
    plain_dump._flat_item.cache_clear()  # items written before (another test) are not again
    storage.save(analysed, path, expect_sha256=loaded.sha256)
    monkeypatch.undo()
    assert path.read_bytes() == ruamel_dump(analysed)
    outputs = {trial.output for trial in analysed.trials if "\n" in trial.output}
    assert written and outputs  # the played words written, no output (a single word may be both)
    assert not outputs & {value for value in written if isinstance(value, str)}
