"""The cache files read by key: what a run touched is kept, the rest dropped; a damaged file is made again."""

from __future__ import annotations

from pathlib import Path

from kiroku import keyed_store
from kiroku.keyed_store import KeyedStore


def test_a_save_keeps_what_the_run_read_or_wrote_and_drops_the_rest(tmp_path: Path):
    path = tmp_path / "proofs" / "sync.sqlite"
    first = KeyedStore(path, "v1")
    for number in range(600):  # more than one batch of noted keys
        first.put(f"key-{number}", {"number": number, "text": "みかん🍊"})
    first.save()

    second = KeyedStore(path, "v1")
    assert second.previous("key-7") == {"number": 7, "text": "みかん🍊"}
    second.keep("key-7")
    second.put("key-8", "again")
    assert second.previous("key-8") == {"number": 8, "text": "みかん🍊"}
    assert second.current("key-8") == "again"
    second.put("new", [1, 2])
    second.keep("key-9")
    second.forget("key-9")
    second.save()

    third = KeyedStore(path, "v1")
    assert dict(third.items()) == {
        "key-7": {"number": 7, "text": "みかん🍊"},
        "key-8": "again",
        "new": [1, 2],
    }
    assert third.previous("key-9") is None


def test_entries_of_another_version_are_not_read_and_a_save_drops_them(tmp_path: Path):
    path = tmp_path / "analyse.sqlite"
    old = KeyedStore(path, "old")
    old.put("kept", True)
    old.save()
    new = KeyedStore(path, "new")
    assert new.previous("kept") is None
    assert new.current("kept") is None
    assert len(new) == 0
    new.put("fresh", True)
    new.save()
    assert dict(KeyedStore(path, "new").items()) == {"fresh": True}
    assert len(KeyedStore(path, "old")) == 0


def test_a_file_that_is_not_a_store_is_made_again_empty(tmp_path: Path):
    path = tmp_path / "stamps.sqlite"
    path.write_bytes(b'{"version": 1, "stamps": {}}\x00 half written')
    store = KeyedStore(path, "1")
    assert store.previous("anything") is None
    store.put("anything", "found")
    store.save()
    assert KeyedStore(path, "1").previous("anything") == "found"


def test_the_json_file_it_replaces_is_removed(tmp_path: Path):
    legacy = tmp_path / "logs.json"
    legacy.write_text('{"version": "x", "proofs": {"a": 1}}', encoding="utf-8")
    store = KeyedStore(tmp_path / "logs.sqlite", "x", legacy=legacy)
    assert not legacy.exists()
    assert store.previous("a") is None


def test_a_cache_that_cannot_be_written_works_in_memory(tmp_path: Path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    store = KeyedStore(blocked / "sync.sqlite", "v")
    store.put("key", True)
    assert store.current("key") is True
    store.save()
    assert store.previous("key") is True
    assert not store.replaced()


def test_a_removed_cache_is_noticed(tmp_path: Path):
    path = tmp_path / "stamps.sqlite"
    store = KeyedStore(path, "1")
    assert not store.replaced()
    path.unlink()
    assert store.replaced()


def test_keys_are_noted_in_batches(monkeypatch, tmp_path: Path):
    monkeypatch.setattr(keyed_store, "FLUSH_EVERY", 3)
    store = KeyedStore(tmp_path / "s.sqlite", "v")
    for number in range(10):
        store.put(str(number), number)
    assert len(store._pending) < 3
    assert [store.current(str(number)) for number in range(10)] == list(range(10))


def test_prefetched_entries_answer_as_queries_do(tmp_path: Path, monkeypatch):
    """A loop over every log reads its keys 500 at a time (`prefetch`): each lookup after it
    answers what a query of its own would (the last save's value, none for an unknown key,
    this run's write once there is one), and asks SQLite nothing."""
    path = tmp_path / "logs.sqlite"
    first = KeyedStore(path, "v1")
    for number in range(1200):
        first.put(f"sha-{number}", {"facts": number})
    first.save()

    store = KeyedStore(path, "v1")
    keys = [f"sha-{number}" for number in range(0, 1300, 3)]  # some never saved
    store.prefetch(keys)
    store.put("sha-3", "written after the prefetch")
    store.keep("sha-6")
    asked: list[str] = []
    real = store._query

    def counting(sql: str, *args: object):
        asked.append(sql)
        return real(sql, *args)

    monkeypatch.setattr(store, "_query", counting)
    assert store.previous("sha-0") == {"facts": 0}
    assert store.previous("sha-1299") is None  # prefetched: no entry
    assert store.current("sha-3") == "written after the prefetch"
    assert store.current("sha-9") == {"facts": 9}
    assert [store.previous(key) for key in keys[5:400]] == [
        {"facts": int(key[4:])} if int(key[4:]) < 1200 else None for key in keys[5:400]
    ]
    assert asked == []
    assert store.current("sha-6") == {"facts": 6}  # kept in this run: asked of SQLite
    assert store.previous("sha-0") == {"facts": 0}  # each prefetched entry answers once
    assert len(asked) == 2
    store.save()
    assert KeyedStore(path, "v1").previous("sha-3") == "written after the prefetch"


def test_a_store_of_another_version_prefetches_nothing(tmp_path: Path):
    path = tmp_path / "check.sqlite"
    old = KeyedStore(path, "old")
    old.put("proof", True)
    old.save()
    new = KeyedStore(path, "new")
    new.prefetch(["proof"])
    assert new.previous("proof") is None and new.current("proof") is None
