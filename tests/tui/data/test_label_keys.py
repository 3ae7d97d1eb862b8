"""The number keys' labels: the settings file when there is one, named with its line when wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from kiroku.errors import StorageError
from kiroku.taxonomy import load_taxonomy
from kiroku.tui.data.label_keys import default_keys, load_label_keys, settings_path

from tui.annotate_helpers import TUI_DATA

TAXONOMY = load_taxonomy(TUI_DATA / "taxonomy.yaml")


def test_without_a_file_the_taxonomy_order_gives_the_keys(tmp_path: Path) -> None:
    assert load_label_keys(tmp_path / "none.yaml", TAXONOMY) is None
    assert default_keys(TAXONOMY, "shiritori") == {
        "1": "ends-in-n",
        "2": "wrong-first-mora",
        "3": "self-correction",
        "4": "mikan",
    }


def test_the_defaults_are_the_labels_of_the_log_s_experiment() -> None:
    taxonomy = TAXONOMY.model_copy(
        update={
            "labels": [
                kind.model_copy(update={"experiments": ["conversation"]})
                if kind.id == "self-correction"
                else kind.model_copy(update={"experiments": ["shiritori"]})
                for kind in TAXONOMY.labels
            ]
        }
    )
    assert default_keys(taxonomy, "conversation") == {"1": "self-correction"}
    assert default_keys(taxonomy, "shiritori") == {
        "1": "ends-in-n",
        "2": "wrong-first-mora",
        "3": "mikan",
    }


def test_the_file_chooses_keys_in_any_order_and_comments_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "annotate.yaml"
    path.write_text("# mine\nlabel_keys:\n  9: mikan   # the study\n  '2': ends-in-n\n", "utf-8")
    assert load_label_keys(path, TAXONOMY) == {"2": "ends-in-n", "9": "mikan"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("label_keys:\n  1: mikan\n  0: ends-in-n\n", ":3: 0 is not a number key from 1 to 9"),
        ("label_keys:\n  1: nope\n", ":2: 'nope' is not a label of the taxonomy"),
        ("label_keys: [mikan]\n", ": expected `label_keys:` mapping number keys 1-9"),
        ("label_keys:\n  1: 'mikan\n", ":2: invalid YAML: a quote opened here is never closed"),
    ],
)
def test_a_mistake_names_the_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "annotate.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(StorageError) as raised:
        load_label_keys(path, TAXONOMY)
    assert str(raised.value).startswith(f"{path}{message}")


def test_the_settings_live_in_her_config_folder() -> None:
    assert settings_path({"XDG_CONFIG_HOME": "/x"}) == Path("/x/kiroku/annotate.yaml")
    assert settings_path({}) == Path.home() / ".config" / "kiroku" / "annotate.yaml"
