"""Building test projects for the site: the real batches, an annotated chat and a BLNS log."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from kiroku.project import Project
from kiroku.schema import validate_document
from kiroku.storage import dump_document, sha256_file

REPO = Path(__file__).resolve().parents[2]
SITE_DATA = REPO / "tests" / "data" / "site"
BLNS_PATH = REPO.parent / "shared" / "corpus" / "blns" / "blns.json"
BLNS_ID = "blns-hostile-strings"


def blns_strings() -> list[str]:
    return json.loads(BLNS_PATH.read_text(encoding="utf-8"))


def blns_document(raw: Path, archive_path: str) -> bytes:
    """Every BLNS string as a turn's text, its translation and its note; the notes too."""
    strings = blns_strings()
    turns = [
        {
            "index": i,
            "speaker": "model" if i % 2 == 0 else "user",
            "text": s,
            "translation_en": s,
            "note": s,
        }
        for i, s in enumerate(strings, start=1)
    ]
    doc = validate_document(
        {
            "kind": "chat",
            "id": BLNS_ID,
            "title": {"en": "Big List of Naughty Strings", "ja": "危険な文字列の一覧"},
            "model": {"name": "none", "interface": "web"},
            "source": {"path": archive_path, "sha256": sha256_file(raw), "format": "json-chat"},
            "notes": {"en": strings[-1], "ja": strings[-2]},
            "sessions": [{"index": 1, "turns": turns}],
        }
    )
    return dump_document(doc)


def make_site_project(
    root: Path, blns: bool = True, batches: bool = True, handwritten: bool = False
) -> Project:
    """A project like the real one: real batches and archive, an annotated chat, a game whose
    words the search tests look for, a chat answered in markdown, a BLNS log."""
    (root / "logs").mkdir(parents=True)
    (root / "archive" / "site").mkdir(parents=True)
    if batches:
        shutil.copytree(
            REPO / "archive" / "mikan-phenomenon", root / "archive" / "mikan-phenomenon"
        )
        for path in (REPO / "logs").glob("claude-*.yaml"):
            shutil.copy(path, root / "logs" / path.name)
    shutil.copy(SITE_DATA / "annotated_chat.md", root / "archive" / "site" / "annotated_chat.md")
    shutil.copy(SITE_DATA / "annotated_chat.yaml", root / "logs" / "annotated-chat.yaml")
    shutil.copy(SITE_DATA / "strawberry_game.md", root / "archive" / "site" / "strawberry_game.md")
    shutil.copy(SITE_DATA / "strawberry_game.yaml", root / "logs" / "strawberry-game.yaml")
    shutil.copy(SITE_DATA / "formatted_chat.md", root / "archive" / "site" / "formatted_chat.md")
    shutil.copy(SITE_DATA / "formatted_chat.yaml", root / "logs" / "formatted-chat.yaml")
    shutil.copy(SITE_DATA / "taxonomy.yaml", root / "logs" / "taxonomy.yaml")
    if handwritten:
        shutil.copytree(REPO / "docs", root / "docs")
        hook = (REPO / "tools" / "kiroku" / "site" / "hook.py").as_posix()
        config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
        (root / "mkdocs.yml").write_text(config.replace("tools/kiroku/site/hook.py", hook))
    if blns:
        raw = root / "archive" / "site" / "blns.json"
        raw.write_text(json.dumps(blns_strings(), ensure_ascii=False), encoding="utf-8")
        (root / "logs" / f"{BLNS_ID}.yaml").write_bytes(
            blns_document(raw, "archive/site/blns.json")
        )
    return Project(root)
