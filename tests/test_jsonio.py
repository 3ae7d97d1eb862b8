"""The caches' JSON: what is written is read back the same, small or large, lone surrogates included."""

from __future__ import annotations

from dataclasses import dataclass

from kiroku import jsonio


@dataclass
class Record:
    title: str
    search: list[dict[str, str]]


def test_a_large_payload_reads_back_as_a_small_one_does():
    entry = {"location": "logs/synth-00001/#trial-1", "title": "みかん 🍊", "text": "ん\u3000終"}
    small = {"pages": [entry] * 3, "size": 2**53 + 1, "rate": 0.1}
    large = {"pages": [entry] * 20_000, "size": 2**53 + 1, "rate": 0.1}
    assert len(jsonio.encode(large)) >= jsonio.LARGE > len(jsonio.encode(small))
    assert jsonio.decode(jsonio.encode(small)) == small
    assert jsonio.decode(jsonio.encode(large)) == large


def test_a_lone_surrogate_and_a_dataclass_are_written_and_read_back_at_any_size():
    record = Record("half a pair: \udc80", [{"text": "\ud83c"}])
    for copies in (1, 20_000):
        raw = jsonio.encode({"pages": [record] * copies})
        assert raw.isascii()
        pages = jsonio.decode(raw)["pages"]
        assert len(pages) == copies
        assert pages[0] == {"title": "half a pair: \udc80", "search": [{"text": "\ud83c"}]}


def test_sorted_encoding_is_the_same_for_equal_data_in_any_key_order():
    one = {"b": 1, "a": [{"y": "みかん", "x": None}]}
    other = {"a": [{"x": None, "y": "みかん"}], "b": 1}
    assert jsonio.encode_sorted(one) == jsonio.encode_sorted(other)
    assert jsonio.encode_sorted(one) != jsonio.encode_sorted({**one, "b": 2})
    lone = {"z": "\udc80", "a": 1}
    assert jsonio.encode_sorted(lone) == b'{"a":1,"z":"\\udc80"}'
    assert jsonio.decode(jsonio.encode_sorted(lone)) == lone
