"""Raw files in any accepted encoding and line ending import alike; anything else is refused."""

from __future__ import annotations

import codecs
import shutil
from pathlib import Path

import pytest
from kiroku import storage
from kiroku.project import Project
from testkit import REPO, snapshot_tree

SIDECAR = (
    REPO / "archive" / "mikan-phenomenon" / "claude_fixed_prompt_kami_n50_20260420.csv.meta.yaml"
)
OUTPUTS = ["みかん", "画家\n\n訂正：**かがみ**", "ミカン🍊（蜜柑）", "～〜―ー①髙﨑"]
"""Kana, kanji, emoji, and characters that only cp932 (not plain Shift_JIS) can encode."""
CP932_SAFE = [text.replace("🍊", "").replace("〜", "") for text in OUTPUTS]
"""cp932 has no emoji, and maps WAVE DASH 〜 to FULLWIDTH TILDE ～ (by design, not mojibake)."""


def csv_text(outputs: list[str], newline: str) -> str:
    rows = ["trial,output,is_mikan,timestamp"]
    for number, output in enumerate(outputs, 1):
        body = output.replace("\n", newline)
        rows.append(f'{number},"{body}",False,2026-04-20T12:00:0{number}')
    return newline.join(rows) + newline


def write_raw(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(exist_ok=True)
    raw = folder / f"{name}.csv"
    raw.write_bytes(data)
    meta = SIDECAR.read_text(encoding="utf-8").replace(
        "id: claude-fixed-prompt-kami-n50-20260420", f"id: {name}"
    )
    raw.with_name(f"{name}.csv.meta.yaml").write_text(meta, encoding="utf-8")
    return raw


ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8-bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf-16-le-bom": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16-be-bom": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "cp932": lambda text: text.encode("cp932"),
}
NEWLINES = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}


@pytest.mark.parametrize("newline", NEWLINES)
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_decoded_correctly(project: Project, kiroku, tmp_path: Path, encoding: str, newline: str):
    outputs = CP932_SAFE if encoding == "cp932" else OUTPUTS
    name = f"enc-{encoding}-{newline}"
    raw = write_raw(
        tmp_path / "in", name, ENCODINGS[encoding](csv_text(outputs, NEWLINES[newline]))
    )
    result = kiroku("import", str(raw))
    assert result.exit_code == 0, result.stderr
    log = project.log_path(name)
    doc = storage.load(log).doc
    expected = [o.replace("\n", NEWLINES[newline]) for o in outputs]
    assert [t.output for t in doc.units()] == expected
    text = log.read_bytes().decode("utf-8")
    assert "みかん" in text and "\ufffd" not in text and "ã" not in text
    assert kiroku("check").exit_code == 0


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("latin-1", "trial,output\n1,caf\xe9 na\xefve \xff\xfe\n".encode("latin-1")),
        ("broken-utf8", "trial,output\n1,みかん画家\n".encode() + b"\xe3\x81\x80\xff\n"),
        ("utf-16-no-bom", "trial,output\n1,みかん\n".encode("utf-16-le")),
        # found by the soak: a byte order mark, then bytes its encoding cannot hold
        (
            "utf8-bom-broken",
            codecs.BOM_UTF8 + "trial,output\n1,みかん\n".encode() + b"\xed\xa0\x80",
        ),
        (
            "utf16-bom-lone-surrogate",
            codecs.BOM_UTF16_LE + "trial\n".encode("utf-16-le") + b"\x00\xd8",
        ),
    ],
)
def test_refused_with_a_clear_message(project: Project, kiroku, tmp_path: Path, name, data):
    raw = write_raw(tmp_path / "in", name, data)
    before = snapshot_tree(project.root)
    result = kiroku("import", str(raw))
    assert result.exit_code == 1
    assert f"{name}.csv" in result.stderr
    assert "decode" in result.stderr or "encoding" in result.stderr or "UTF" in result.stderr
    assert snapshot_tree(project.root) == before


@pytest.mark.parametrize(
    ("bom", "encoding", "broken"),
    [(codecs.BOM_UTF8, "utf-8", b"\xed\xa0\x80"), (codecs.BOM_UTF16_LE, "utf-16-le", b"\x00\xd8")],
)
def test_a_bom_then_bytes_its_encoding_cannot_hold_names_the_line(
    project: Project, kiroku, tmp_path: Path, bom: bytes, encoding: str, broken: bytes
):
    raw = write_raw(
        tmp_path / "in", "bom", bom + "trial,output\n1,みかん\n".encode(encoding) + broken
    )
    result = kiroku("import", str(raw))
    assert result.exit_code == 1
    assert "bom.csv:3: cannot decode" in result.stderr and "byte order mark" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_refused_file_among_good_ones_writes_nothing(project: Project, kiroku, tmp_path: Path):
    good = write_raw(tmp_path / "in", "good", csv_text(OUTPUTS, "\n").encode("utf-8"))
    bad = write_raw(tmp_path / "in", "bad", b"trial,output\n1,caf\xe9\xff\n")
    before = snapshot_tree(project.root)
    assert kiroku("import", str(good), str(bad)).exit_code == 1
    assert snapshot_tree(project.root) == before
    shutil.rmtree(tmp_path / "in")
