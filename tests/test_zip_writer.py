"""Zips written from members deflated once: the bytes `zipfile` writes, a cache that cannot lie."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from kiroku.zip_writer import DeflatedCache, Member, zip_bytes

WHEN = (1980, 1, 1, 0, 0, 0)


def stdlib_zip(members: list[Member]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member in members:
            info = zipfile.ZipInfo(member.name, WHEN)
            info.compress_type = zipfile.ZIP_DEFLATED if member.deflate else zipfile.ZIP_STORED
            info.external_attr = member.mode << 16
            archive.writestr(info, member.data)
    return buffer.getvalue()


members = st.lists(
    st.builds(
        Member,
        st.from_regex(r"kiroku-dataset/[a-z_]{1,12}\.(csv|parquet|md)", fullmatch=True),
        st.binary(max_size=3000)
        | st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.booleans(),
    ),
    max_size=6,
    unique_by=lambda member: member.name,
)


@settings(max_examples=60, deadline=None)
@given(members)
def test_the_same_bytes_as_zipfile(chosen: list[Member]) -> None:
    assert zip_bytes(chosen, WHEN) == stdlib_zip(chosen)


def test_a_member_deflated_once_is_taken_from_the_cache_and_unzips(tmp_path: Path) -> None:
    cache = DeflatedCache(tmp_path / "deflated")
    units = Member("kiroku-dataset/units.csv", "log_id,text\nsynth,みかん\n".encode() * 5000)
    card = Member("kiroku-dataset/README.md", b"# card\n")
    first = zip_bytes([card, units], WHEN, cache)
    assert first == stdlib_zip([card, units])
    kept = sorted(p.name for p in (tmp_path / "deflated").iterdir())
    assert len(kept) == 2
    changed = Member("kiroku-dataset/README.md", b"# card, one label more\n")
    again = DeflatedCache(tmp_path / "deflated")
    second = zip_bytes([changed, units], WHEN, again)
    assert second == stdlib_zip([changed, units])
    again.prune()  # the old card's deflated bytes go, the units' stay
    left = sorted(p.name for p in (tmp_path / "deflated").iterdir())
    assert len(left) == 2 and len(set(left) & set(kept)) == 1
    with zipfile.ZipFile(io.BytesIO(second)) as archive:
        assert archive.testzip() is None
        assert archive.read("kiroku-dataset/units.csv") == units.data


def test_a_damaged_cache_file_is_deflated_again(tmp_path: Path) -> None:
    cache = DeflatedCache(tmp_path / "deflated")
    units = Member("kiroku-dataset/units.csv", b"a,b\n" * 4000)
    zip_bytes([units], WHEN, cache)
    (stored,) = (tmp_path / "deflated").iterdir()
    stored.write_bytes(stored.read_bytes()[:10])  # cut short, as a full disk would leave it
    assert zip_bytes([units], WHEN, DeflatedCache(tmp_path / "deflated")) == stdlib_zip([units])
