"""A deterministic synthetic archive: chat logs and trial batches of realistic Japanese text."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from kiroku import storage
from kiroku.project import Project
from kiroku.schema import BatchLog, ChatLog

Document = ChatLog | BatchLog

JST = timezone(timedelta(hours=9))
_WORD_LIST = """
    りんご ごりら らっぱ ぱんだ だるま まくら らくだ だんご ごま まど
    どうろ ろうそく くま まめ めだか かみ みかん みみず ずかん すいか
    からす すずめ めがね ねこ こあら らいおん おにぎり りす すし しか
    かがみ みそしる るすばん ちから ぱんち うみ みずうみ みつばち ちきゅう
    うさぎ ぎんこう うどん でんしゃ やま あひる いるか うま えんぴつ
    おりがみ かえる きりん くじら けむし こども さくら しまうま すいとう
    せんす そら たぬき つばめ てぶくろ とんぼ なまこ にんじん ぬいぐるみ
    ねずみ のはら はさみ ひまわり ふうせん ほたる まつり みみずく むぎ
    めだま もみじ やかん ゆうやけ よなか らくがき りんどう るり ろば
    わかめ がっこう ぐみ げた ごぼう ざる ずきん ぜんまい ぞう だいこん
    ちくわ でんわ どんぐり ばなな ぶどう べると ぼうし ぱせり ぴあの
    ぽすと くるま くつした こたつ こけし すみれ めろん めいろ ねじ こま
    こおり らっこ らいむ まき かさ かめ かに かき りぼん すずむし うし
    うちわ みち みかづき ねぎ くり くし どあ どんぶり ぱじゃま ばけつ
    えだまめ ぶらんこ きって ぬま つみき いちご あさがお おばけ けいさつ
    しお すな たまご とけい なす にわとり はと ひよこ ふね へび ほし
    もも やぎ ゆき わに きのこ きつね さかな さる せみ たいこ たこ ちず
    つくえ てがみ じしゃく れいぞうこ びわ れたす
"""
SHIRITORI_WORDS = tuple(_WORD_LIST.split())
"""Kana words a synthetic player offers: enough that a 50-turn game need not repeat itself."""
KANJI_PHRASES = (
    "次の言葉は",
    "しりとりを続けましょう",
    "前の言葉の最後の文字から始めます",
    "「ん」で終わると負けです",
    "画家",
    "漢字で書くと",
    "読み方は",
    "今日は天気が良いですね",
    "考えてみます",
    "すみません、訂正します",
    "最後の文字は",
    "ですね",
    "では私の番です",
    "ルールを確認すると",
    "勝負あり",
    "記録",
    "果物の名前",
    "動物の名前",
    "季節の言葉",
    "東京都",
    "日本語の単語",
    "正解です",
)
ENGLISH = (
    "Wait, that ends in ん which means I lose.",
    "Let me try again:",
    "Your turn!",
    "Hmm, tricky.",
    "(reading: mikan)",
    "Good game!",
)
EMOJI = ("🍊", "😊", "🎌", "🤔", "🙇", "✨", "🐱", "🍎", "👍", "🎉")
SPEAKER_NAMES = {"user": "ユーザー", "model": "Claude"}


@dataclass(frozen=True)
class SynthSpec:
    """What to generate: `documents` logs of about `units` turns or trials each."""

    documents: int
    units: int = 20
    seed: int = 2026
    chat_share: float = 0.7
    """Fraction of documents that are chat logs; the rest are batches."""


def synth_text(rng: random.Random, low: int = 20, high: int = 200, bold_share: float = 0.35) -> str:
    """A turn of `low`..`high` characters mixing kana words (`bold_share` of the pieces in
    bold, as a model marks the words it offers), kanji phrases, emoji and English."""
    target = rng.randint(low, high)
    parts: list[str] = []
    length = 0
    while length < target:
        roll = rng.random()
        if roll < bold_share:
            piece = f"**{rng.choice(SHIRITORI_WORDS)}**"
        elif roll < 0.7:
            piece = rng.choice(KANJI_PHRASES) + rng.choice(("。", "、", "！", "？", ""))
        elif roll < 0.8:
            piece = rng.choice(EMOJI)
        elif roll < 0.92:
            piece = " " + rng.choice(ENGLISH) + " "
        else:
            piece = "\n\n" if parts else rng.choice(SHIRITORI_WORDS)
        parts.append(piece)
        length += len(piece)
    return "".join(parts)[:target].strip() or rng.choice(SHIRITORI_WORDS)


_PIECE_ENDS = frozenset("。、！？ \n")
_SENTENCE_ENDS = frozenset("。！？\n")
"""Where a move goes in a turn's talk: between sentences, never inside `Your turn!`."""
_MOVE_ENDS = ("！", "。", "\n\n", " 🍊")
"""What follows a move: a word run on into the sentence (`**らっぱ**では…`) reads as a mention."""
CORRECTION_SHARE = 0.1
"""Game turns that take their word back and play another (`すみません、訂正します`)."""


CHAIN_SHARE = 0.85
"""Moves that take up the last kana of the word before, as most moves of a real game do (the
rest break the chain or follow a word no listed word continues, like a word ending in ん)."""


def next_move(rng: random.Random, previous: str | None, played: set[str]) -> str:
    """The word a synthetic player offers after `previous`, mostly one that takes up its last
    kana and was not played yet in the game (`played`)."""
    if previous is not None and rng.random() < CHAIN_SHARE:
        options = [w for w in SHIRITORI_WORDS if w[0] == previous[-1] and w not in played]
        if options:
            return rng.choice(options)
    return rng.choice(SHIRITORI_WORDS)


REMARKS = (
    "しりとりを続けましょう",
    "前の言葉の最後の文字から始めます",
    "「ん」で終わると負けです",
    "今日は天気が良いですね",
    "考えてみます",
    "では私の番です",
    "ルールを確認すると、最後の文字から始めます",
    "正解です",
    "いい言葉ですね",
    "次はあなたの番です",
)
"""What a player says around a move: sentences, never a bare noun (`画家。` on its own is how
a move is written in plain text, so talk made of such nouns would play them)."""
TALK_ENGLISH = ("Your turn!", "Hmm, tricky.", "(reading: mikan)", "Good game!")
"""English remarks; `Let me try again:` is a retry and belongs only before a new word."""


def synth_talk(rng: random.Random, low: int, high: int) -> str:
    """About `low`..`high` characters of talk around a move: whole sentences, emoji and a
    little English, with no word in it a player would be taken to play."""
    target = rng.randint(low, max(low, high))
    parts: list[str] = []
    length = 0
    while length < target:
        roll = rng.random()
        if roll < 0.65:
            piece = rng.choice(REMARKS) + rng.choice(("。", "！", "？"))
        elif roll < 0.8:
            piece = rng.choice(EMOJI)
        elif roll < 0.92:
            piece = " " + rng.choice(TALK_ENGLISH) + " "
        else:
            piece = "\n\n"
        if length + len(piece) > high and length >= low:
            break
        parts.append(piece)
        length += len(piece)
    return "".join(parts)


def synth_game_turn(
    rng: random.Random, low: int = 20, high: int = 200, moves: list[str] | None = None
) -> str:
    """A game turn of `low`..`high` characters: talk around the word it plays, in bold as the
    web UIs show a move (`moves`: the move, then a correction if any; else one word at random
    and now and then a correction). (A turn of `synth_text` offers a bold word in every third
    piece: about 300 played words in a 50-turn log, where a real game plays one a turn.)"""
    if moves is None:
        moves = [rng.choice(SHIRITORI_WORDS)]
        if rng.random() < CORRECTION_SHARE:
            moves.append(rng.choice(SHIRITORI_WORDS))
    words = [f"**{moves[0]}**{rng.choice(_MOVE_ENDS)}"]
    words.extend(f"すみません、訂正します、**{word}**！" for word in moves[1:])
    room = sum(len(word) for word in words)
    talk = synth_talk(rng, max(1, low - room), high - room)
    breaks = [0, len(talk), *(i + 1 for i, c in enumerate(talk) if c in _SENTENCE_ENDS)]
    at = rng.choice(sorted(set(breaks)))
    return (talk[:at] + "".join(words) + talk[at:]).strip()


def synth_session_turns(rng: random.Random, count: int, start: datetime) -> list[dict[str, Any]]:
    """`count` alternating turns of one game, each move mostly taking up the one before (a
    correction takes it up again, and the next move follows the correction)."""
    turns: list[dict[str, Any]] = []
    played: set[str] = set()
    previous: str | None = None
    for t in range(count):
        moves = [next_move(rng, previous, played)]
        if rng.random() < CORRECTION_SHARE:
            moves.append(next_move(rng, previous, played | {moves[0]}))
        played.update(moves)
        previous = moves[-1]
        speaker = "user" if t % 2 == 0 else "model"
        turns.append(
            {
                "index": t + 1,
                "speaker": speaker,
                "name": SPEAKER_NAMES[speaker],
                "text": synth_game_turn(rng, moves=moves),
                "created": (start + timedelta(minutes=t)).isoformat(),
            }
        )
    return turns


def _doc_id(kind: str, number: int) -> str:
    return f"synth-{kind}-{number:05d}"


def synth_chat(rng: random.Random, number: int, turns: int) -> ChatLog:
    """A chat log of `turns` turns over one to three sessions (games)."""
    doc_id = _doc_id("chat", number)
    session_count = min(turns, rng.randint(1, 3)) or 1
    start = datetime(2026, 1, 1, 9, tzinfo=JST) + timedelta(hours=number)
    sessions: list[dict[str, Any]] = []
    for s in range(session_count):
        share = turns // session_count + (1 if s < turns % session_count else 0)
        session_turns = synth_session_turns(rng, share, start + timedelta(minutes=s * 60))
        sessions.append({"index": s + 1, "turns": session_turns})
    return ChatLog.model_validate(
        {
            "id": doc_id,
            "title": {"ja": f"しりとり対局 {number}", "en": f"Shiritori game {number}"},
            "model": {"name": "Claude Sonnet 4.6", "id": "claude-sonnet-4-6", "interface": "web"},
            "date": start.date(),
            "source": {
                "path": f"archive/synth/{doc_id}.md",
                "sha256": "0" * 64,
                "format": "markdown-chat",
            },
            "tags": ["synthetic"],
            "sessions": sessions,
        }
    )


def synth_trials(rng: random.Random, count: int) -> list[dict[str, Any]]:
    """`count` single-turn outputs: mostly the word alone, else the word and a remark, now and
    then a second word after it (1 to 3 played words a trial, as in the real batches)."""
    start = datetime(2026, 4, 20, 12, tzinfo=JST)
    trials = []
    for t in range(count):
        word = next_move(rng, str(CONDITION["prior_word"]), set())
        output = word
        if rng.random() >= 0.6:  # the word, then a remark, as the real batches' outputs read
            output += f"\n\n{synth_talk(rng, 20, 120).strip()}"
            if rng.random() < CORRECTION_SHARE * 3:  # `Wait, that ends in ん … みかさ`
                output += f"\n\n{rng.choice(SHIRITORI_WORDS)}"
        trials.append(
            {
                "trial": t + 1,
                "output": output,
                "timestamp": (start + timedelta(seconds=7 * t)).isoformat(),
                "recorded": {"is_mikan": "True" if word == "みかん" else "False"},
            }
        )
    return trials


CONDITION = {
    "name": {"ja": "固定プロンプト・直前の語「かみ」", "en": "fixed prompt, prior word かみ"},
    "system_prompt": "あなたはしりとりゲームのプレイヤーBです。単語のみを答えてください。",
    "user_prompt": "しりとりを続けます。\nA: りんご\nB: ごま\nA: かみ\nB:",
    "prior_word": "かみ",
    "parameters": {"temperature": 1.0, "max_tokens": 500},
}


def batch_csv(trials: list[dict[str, Any]]) -> bytes:
    """The raw CSV a batch script writes (naive JST timestamps, as in the real corpus)."""
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(["trial", "output", "is_mikan", "timestamp"])
    for trial in trials:
        naive = datetime.fromisoformat(trial["timestamp"]).replace(tzinfo=None)
        writer.writerow(
            [trial["trial"], trial["output"], trial["recorded"]["is_mikan"], naive.isoformat()]
        )
    return stream.getvalue().encode("utf-8")


def batch_sidecar(doc_id: str) -> bytes:
    """The `<file>.meta.yaml` declaring what the CSV does not record."""
    lines = [
        f"id: {doc_id}",
        "title:",
        f"  en: Synthetic batch {doc_id}",
        "model:",
        "  name: Claude Sonnet 4.6",
        "  id: claude-sonnet-4-6",
        "  interface: api",
        'timezone: "+09:00"',
        "tags: [synthetic]",
        "condition:",
        "  name:",
        f"    ja: {CONDITION['name']['ja']}",  # type: ignore[index]
        f"    en: {CONDITION['name']['en']}",  # type: ignore[index]
        f"  system_prompt: {CONDITION['system_prompt']}",
        "  user_prompt: |-",
        *(f"    {line}" for line in str(CONDITION["user_prompt"]).split("\n")),
        f"  prior_word: {CONDITION['prior_word']}",
        "  parameters:",
        "    temperature: 1.0",
        "    max_tokens: 500",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


@dataclass(frozen=True)
class RawBatch:
    """A synthetic batch as raw files: the CSV and its sidecar."""

    name: str
    csv: bytes
    sidecar: bytes


def synth_raw_batch(rng: random.Random, number: int, trials: int) -> RawBatch:
    doc_id = _doc_id("batch", number)
    return RawBatch(f"{doc_id}.csv", batch_csv(synth_trials(rng, trials)), batch_sidecar(doc_id))


def chat_markdown(doc: ChatLog) -> bytes:
    """The raw markdown a person would paste from a chat UI, one `##` heading per game."""
    lines = [f"# {doc.title.ja}", ""]
    for session in doc.sessions:
        lines += [f"## Game {session.index}", ""]
        for turn in session.turns:
            lines += [f"**{turn.name}:** {turn.text}", ""]
    return "\n".join(lines).encode("utf-8")


def _rng(spec: SynthSpec, number: int) -> random.Random:
    """One generator per document, so document n is the same whatever the archive's size."""
    return random.Random(f"{spec.seed}:{number}")


def is_chat(spec: SynthSpec, number: int) -> bool:
    return (number * 7919 % 100) < spec.chat_share * 100


def synth_documents(spec: SynthSpec) -> Iterator[tuple[Document, dict[str, bytes]]]:
    """Every document with the raw files it came from (archive path relative to `archive/`)."""
    from kiroku.importers import csv_batch
    from kiroku.importers.base import RawInput
    from kiroku.storage import parse_yaml

    for number in range(1, spec.documents + 1):
        rng = _rng(spec, number)
        if is_chat(spec, number):
            doc = synth_chat(rng, number, spec.units)
            raw = chat_markdown(doc)
            doc.source.sha256 = storage.sha256_bytes(raw)
            yield doc, {f"synth/{doc.id}.md": raw}
            continue
        batch = synth_raw_batch(rng, number, spec.units)
        sidecar = dict(parse_yaml(batch.sidecar.decode("utf-8"), Path(batch.name)))
        parsed = csv_batch.parse(
            RawInput(
                path=Path(batch.name),
                archive_path=f"archive/synth/{batch.name}",
                data=batch.csv,
                sha256=storage.sha256_bytes(batch.csv),
                sidecar=sidecar,
                sidecar_path=f"archive/synth/{batch.name}.meta.yaml",
                sidecar_sha256=storage.sha256_bytes(batch.sidecar),
            )
        )
        yield (
            parsed[0],
            {
                f"synth/{batch.name}": batch.csv,
                f"synth/{batch.name}.meta.yaml": batch.sidecar,
            },
        )


def write_archive(project: Project, spec: SynthSpec) -> list[Path]:
    """Write the raw files into `archive/synth/` and their logs into `logs/`; the log paths."""
    paths = []
    for doc, raw_files in synth_documents(spec):
        for relative, data in raw_files.items():
            storage.atomic_write(project.archive_dir / relative, data)
        path = project.log_path(doc.id)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(storage.dump_document(doc))
        paths.append(path)
    return paths


def write_raw_batches(folder: Path, spec: SynthSpec) -> list[Path]:
    """Only raw CSV batches with sidecars, ready for `kiroku import` (the import benchmark)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(1, spec.documents + 1):
        batch = synth_raw_batch(_rng(spec, number), number, spec.units)
        (folder / batch.name).write_bytes(batch.csv)
        (folder / f"{batch.name}.meta.yaml").write_bytes(batch.sidecar)
        paths.append(folder / batch.name)
    return paths


def big_chat(turns: int, seed: int = 2026) -> ChatLog:
    """One chat log of `turns` turns in a single session (the storage and TUI figures)."""
    doc = synth_chat(random.Random(f"{seed}:big"), 0, turns)
    turns_all = [turn for session in doc.sessions for turn in session.turns]
    for position, turn in enumerate(turns_all, 1):
        turn.index = position
    doc.sessions = [doc.sessions[0].model_copy(update={"turns": turns_all})]
    doc.id = f"synth-big-{turns}"
    return doc
