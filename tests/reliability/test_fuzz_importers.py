"""Importers fed arbitrary bytes either give valid documents or a KirokuError, nothing else."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kiroku import storage
from kiroku.errors import KirokuError
from kiroku.importers import IMPORTERS, Importer
from kiroku.importers.base import RawInput, load_sidecar
from kiroku.schema import to_data, validate_document
from testkit import REPO, soaked

from reliability.strategies import hostile_text

SIDECAR = load_sidecar(
    REPO / "archive" / "mikan-phenomenon" / "claude_fixed_prompt_kami_n50_20260420.csv.meta.yaml"
)
FUZZ = settings(
    max_examples=soaked(80), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
SUFFIX = {"csv-batch": ".csv", "json-batch": ".json", "markdown-chat": ".md"}


def parse_or_refuse(importer: Importer, data: bytes, sidecar: dict | None = None) -> None:
    name = "fuzz" + SUFFIX.get(importer.name, ".txt")
    raw = RawInput(
        path=Path(name),
        archive_path=f"archive/{name}",
        data=data,
        sha256=storage.sha256_bytes(data),
        sidecar=sidecar if sidecar is not None else {},
    )
    importer.sniff(raw.path, data[:4096])
    try:
        documents = importer.parse(raw)
    except KirokuError as error:
        assert str(error)
        return
    for doc in documents:
        assert validate_document(to_data(doc)) == doc


@FUZZ
@given(st.sampled_from(IMPORTERS), st.binary(max_size=600))
def test_any_bytes(importer: Importer, data: bytes) -> None:
    parse_or_refuse(importer, data, SIDECAR)


@FUZZ
@given(st.sampled_from(IMPORTERS), hostile_text, st.sampled_from(["utf-8", "utf-16", "cp932"]))
def test_any_text(importer: Importer, text: str, encoding: str) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogatepass")
    parse_or_refuse(importer, data, SIDECAR)


rows = st.lists(
    st.tuples(st.one_of(st.integers(-2, 60).map(str), hostile_text), hostile_text, hostile_text),
    max_size=6,
)


@FUZZ
@given(rows, st.sampled_from(["\n", "\r\n", "\r"]))
def test_csv_shaped_input(records: list[tuple[str, str, str]], newline: str) -> None:
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, lineterminator=newline)
    writer.writerow(["trial", "output", "timestamp"])
    writer.writerows(records)
    data = stream.getvalue().encode("utf-8", "surrogatepass")
    [csv_batch] = [i for i in IMPORTERS if i.name == "csv-batch"]
    parse_or_refuse(csv_batch, data, SIDECAR)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | hostile_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hostile_text, inner, max_size=3),
    max_leaves=12,
)


@FUZZ
@given(
    st.fixed_dictionaries(
        {"model": json_values, "prompt": json_values, "results": json_values},
        optional={"timestamp": json_values, "condition": json_values},
    )
)
def test_json_shaped_input(batch: dict) -> None:
    data = json.dumps(batch).encode("utf-8")
    for importer in IMPORTERS:
        if importer.name != "markdown-chat":
            parse_or_refuse(importer, data, {})
