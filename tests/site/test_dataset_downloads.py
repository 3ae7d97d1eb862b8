"""The tables page offers the whole archive as a dataset: a zip of Parquet files, one of CSVs."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import duckdb
import pytest
from kiroku import storage
from kiroku.project import Project
from kiroku.schema import ChatLog
from kiroku.site import generate
from kiroku.site.generate import SitePlan, plan_site

PARQUET = "tables/kiroku-dataset-parquet.zip"
CSV = "tables/kiroku-dataset-csv.zip"


def unzipped(data: bytes, folder: Path) -> Path:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(folder)
    return folder / "kiroku-dataset"


def tables_page(plan: SitePlan, lang: str) -> str:
    return next(page.body for page in plan.pages if page.url == "tables/" and page.lang == lang)


def test_the_zips_hold_the_export_with_its_card_and_licences(
    site_plan: SitePlan, tmp_path: Path
) -> None:
    with zipfile.ZipFile(io.BytesIO(site_plan.files[PARQUET])) as archive:
        names = archive.namelist()
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert names == sorted(names)
    assert {
        "kiroku-dataset/README.md",
        "kiroku-dataset/units.parquet",
        "kiroku-dataset/annotations.parquet",
        "kiroku-dataset/study_fisher.parquet",
        "kiroku-dataset/licences/archive/mikan-phenomenon/LICENSE",
        "kiroku-dataset/licences/archive/mikan-phenomenon/SOURCE.md",
    } <= set(names)
    folder = unzipped(site_plan.files[PARQUET], tmp_path / "parquet")
    rows = duckdb.sql(
        f"SELECT name_en, count(*) FILTER (WHERE reading = 'みかん'), count(*) "
        f"FROM '{folder}/units.parquet' JOIN '{folder}/conditions.parquet' USING (log_id) "
        "GROUP BY name_en ORDER BY name_en"
    ).fetchall()
    assert [row[1:] for row in rows] == [(50, 50), (30, 50), (50, 50)]
    csv_folder = unzipped(site_plan.files[CSV], tmp_path / "csv")
    assert sorted(p.name for p in csv_folder.glob("*.csv")) == sorted(
        p.name.replace(".parquet", ".csv") for p in folder.glob("*.parquet")
    )
    assert 'pd.read_csv("units.csv")' in (csv_folder / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("lang", "title"),
    [("en", "The whole archive as a dataset"), ("ja", "アーカイブ全体をデータセットとして")],
)
def test_the_tables_page_links_both_zips(site_plan: SitePlan, lang: str, title: str) -> None:
    body = tables_page(site_plan, lang)
    assert f'<h2 id="dataset">{title}</h2>' in body
    up = "../../tables/" if lang == "ja" else ""  # the files are shared by both languages
    assert f'<a href="{up}kiroku-dataset-parquet.zip" download="">Parquet\u00a0(zip)</a>' in body
    assert f'<a href="{up}kiroku-dataset-csv.zip" download="">CSV\u00a0(zip)</a>' in body
    assert body.index('id="dataset"') < body.index('id="table-batches"')
    assert {"/" + PARQUET, "/" + CSV} <= site_plan.published_urls()


def test_an_edited_log_is_the_only_one_read_again(
    site_project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs_dir = tmp_path / "docs-gen"
    first = plan_site(site_project, docs_dir)
    generate.write_docs(first, docs_dir)
    again = plan_site(site_project, docs_dir)
    assert again.files[PARQUET] == first.files[PARQUET] and again.files[CSV] == first.files[CSV]
    path = site_project.log_path("annotated-chat")
    loaded = storage.load(path)
    assert isinstance(loaded.doc, ChatLog)
    loaded.doc.sessions[0].turns[0].translation_en = "Let's play shiritori! (edited)"
    storage.save(loaded.doc, path)
    read: list[str] = []
    real = generate.load

    def counting(log_path: Path) -> storage.Loaded:
        read.append(log_path.stem)
        return real(log_path)

    monkeypatch.setattr(generate, "load", counting)
    edited = plan_site(site_project, docs_dir)
    assert read == ["annotated-chat"]
    assert edited.files[PARQUET] != first.files[PARQUET]
    folder = unzipped(edited.files[PARQUET], tmp_path / "edited")
    translations = duckdb.sql(
        f"SELECT translation_en FROM '{folder}/units.parquet' "
        "WHERE log_id = 'annotated-chat' AND anchor = 's1-t1'"
    ).fetchall()
    assert translations == [("Let's play shiritori! (edited)",)]
    kept = [page.unchanged for page in edited.pages if page.url == "tables/"]
    assert kept == [True, True], "the tables page does not change with a translation"


def _label_first_trial(project: Project, log_id: str, by: str) -> None:
    from datetime import UTC, datetime

    from kiroku.schema import BatchLog, Label

    path = project.log_path(log_id)
    loaded = storage.load(path)
    assert isinstance(loaded.doc, BatchLog)
    at = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    loaded.doc.trials[0].labels.append(Label(id="ends-in-n", by=by, at=at))
    storage.save(loaded.doc, path, expect_sha256=loaded.sha256)


def _zips_of_a_cold_build(project: Project, folder: Path) -> dict[str, bytes]:
    """The zips planned with none of the dataset's caches (what a first build publishes)."""
    import shutil

    for cache in project.cache_dir.glob("dataset-*"):
        shutil.rmtree(cache)
    plan = plan_site(project, folder)
    return {name: plan.files[name] for name in (PARQUET, CSV)}


def test_after_a_label_the_zips_are_those_of_a_cold_build(
    site_project: Project, tmp_path: Path
) -> None:
    """The tables a label changes are written again from each table's rows as the last
    build assembled them: the bytes are those of an export from nothing, and the label is
    in them; a damaged assembly is read past, not published."""
    batch = next(p.stem for p in site_project.log_paths() if p.stem.startswith("claude-"))
    docs_dir = tmp_path / "docs-gen"
    plan_site(site_project, docs_dir)
    _label_first_trial(site_project, batch, "first reader")
    warm = plan_site(site_project, docs_dir)
    wholes = sorted(p.name for p in (site_project.cache_dir / "dataset-logs").glob("whole-*"))
    assert any(name.startswith("whole-annotations-") for name in wholes)
    folder = unzipped(warm.files[PARQUET], tmp_path / "warm")
    labelled = duckdb.sql(
        f"SELECT count(*) FROM '{folder}/annotations.parquet' "
        f"WHERE log_id = '{batch}' AND label = 'ends-in-n' AND author = 'first reader'"
    ).fetchall()
    assert labelled == [(1,)]

    _label_first_trial(site_project, batch, "second reader")
    for whole in (site_project.cache_dir / "dataset-logs").glob("whole-annotations-*"):
        whole.write_bytes(whole.read_bytes()[:100])  # damaged: cut short
    again = plan_site(site_project, docs_dir)
    found = {name: again.files[name] for name in (PARQUET, CSV)}
    assert found == _zips_of_a_cold_build(site_project, tmp_path / "cold-docs")
    csv_text = zipfile.ZipFile(io.BytesIO(found[CSV])).read("kiroku-dataset/annotations.csv")
    assert b"second reader" in csv_text and b"first reader" in csv_text


def test_a_damaged_index_of_the_logs_tables_costs_a_reread_not_a_wrong_zip(
    site_project: Project, tmp_path: Path
) -> None:
    batch = next(p.stem for p in site_project.log_paths() if p.stem.startswith("claude-"))
    docs_dir = tmp_path / "docs-gen"
    plan_site(site_project, docs_dir)
    _label_first_trial(site_project, batch, "a reader")
    index = site_project.cache_dir / "dataset-logs" / "index.sqlite"
    assert index.is_file()
    index.write_bytes(b"not a database")
    again = plan_site(site_project, docs_dir)
    found = {name: again.files[name] for name in (PARQUET, CSV)}
    assert found == _zips_of_a_cold_build(site_project, tmp_path / "cold-docs")
