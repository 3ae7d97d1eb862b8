"""What a turn says about the game itself: a loss declared, a restart, a loss taken back, doubt.

Each is a pure function over a turn's exact text, written from the shapes real players produce
(`私の負けです`, `もう1回！`, `まだ言ってないからセーフ！`, `えっ、待って…`). A rule stated as a rule
(`「ん」で終わったら負け`) declares nothing: a conditional before 負け makes it a rule.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata

_LOSS = re.compile(
    r"(?<![たばと])(?<!たら)(?<!方が)(?<!人が)(?<!ほうが)(?<!側が)(?<!者が)"
    r"(?:負け(?:です|でした|ました|ちゃった|ちゃいました|だ|だね|だな|ですね|か|ね|！|!|…|。|\s|$)"
    r"|負けを認め|負けました|負けちゃ)"
    r"|ゲームオーバー|ゲーム・オーバー|自爆|アウト[!！]|アウトです|アウトだ"
    r"|\bI lose\b|\bI lost\b|\byou lose\b|\bgame over\b|\bI(?:'d| would) lose\b",
    re.IGNORECASE,
)
"""A loss declared: `私の負けです`, `負けちゃった`, `ゲームオーバー`, `自爆`, `I lose` (not `言ったら負け`)."""

_RULE_STATEMENT = re.compile(r"(?:たら|れば|すると|したら|ると|ったら|えたら|わったら)負け")

_RESTART = re.compile(
    r"もう[1１一]回|もういっかい|もう[1１一]度|もういちど|リベンジ|再戦|もう[1１一]ゲーム"
    r"|新しいゲーム|次のゲーム|最初から|はじめから|初めから|仕切り直し|リスタート"
    r"|じゃあ(?:、)?(?:いきます|行きます|いくよ|行くよ|始めます|はじめます)"
    r"|[0-9０-９一二三四五六七八九十]+(?:回目|回戦|戦目|ゲーム目)|第[0-9０-９一二三四五六七八九十]+(?:ゲーム|回戦|戦)"
    r"|もう一戦|もういっせん|ラウンド[0-9０-９]"
    r"|今度は(?:私|わたし|僕|ぼく|俺|おれ|こっち|あなた|君|きみ|[^、。！!？?\s]{1,12}さん|[A-Za-z]+)?(?:から|が先)"
    r"|\b(?:again|rematch|new game|play another|round [0-9]+)\b",
    re.IGNORECASE,
)
"""A new game: `もう1回`, `リベンジ`, `じゃあいきます`, `今度は私から` (asked as a question it is only an offer)."""

_TAKE_BACK = re.compile(
    r"セーフ|ノーカン|ノーカウント|なしにしよう|なしにします|取り消し|とりけし|今のなし"
    r"|まだ言って(?:い)?ない|まだ出て(?:い)?ない|言ってなかった|続けよう|続けましょう|続けて(?:ください|いい)|続ける(?:よ|ね|！|!|。|$)|続けます|続けて[！!。]|続けて$"
    r"|続きから|続行|\b(?:not a repeat|keep going|let'?s continue)\b",
    re.IGNORECASE,
)
"""A loss taken back: `まだ言ってないからセーフ！`, `ノーカンで`, `続けよう`."""

_CALLED_OUT = re.compile(
    r"(?:もう|すでに|既に|さっき|前に|先に|一度)(?:出|言|使)|出ました(?:よ|ね)|言いました(?:よ|ね)"
    r"|出てる|出ている|言ってる|重複|かぶって|被って|から(?:じゃ|では)(?:ない|なく|ありません)"
    r"|始まって(?:い)?ない|つながって(?:い)?ない|繋がって(?:い)?ない|already|doesn'?t start",
    re.IGNORECASE,
)
"""A rule break called out: `それはもう出ましたよ`, `「ご」からじゃないよ`."""

_ACKNOWLEDGED_N = re.compile(
    r"[んン]」?\s*で終わ(?:って(?:しま|る|い(?:る|ます)|た|ちゃ)|った(?!ら)|りました|っちゃ|ってる)"
    r"|[んン]」?が(?:つ|付)い(?:て(?:しま|る|い)|た)|しまった|やってしまい|やっちゃ"
    r"|ends? (?:in|with) [\"'“‘「]?[んン]|\bI lose\b|\bI(?:'d| would) lose\b"
)
"""The ん noticed: `「ん」で終わってしまいました`, `Wait, that ends in 'ん'`."""

_FROM_N = re.compile(
    r"「[んン]」から|[んン]から(?:始|はじ|どうぞ|お願い|スタート)|次は「?[んン]」?(?:です|だ|ね|！|!|。|$)"
    r"|(?:next|start) (?:is |with |from )?[\"'“‘「]?[んン]"
    r"|どうぞ|あなたの番|君の番|お願いします|your turn|go ahead",
    re.IGNORECASE,
)
"""The game carried on after ん: `次は「ん」からどうぞ`, or only `どうぞ！` with no word of loss."""

_PUSHBACK = re.compile(
    r"^(?:いやいや|いや|いやー|え|えっ|えー|えぇ|ほんと|ほんとに|本当|本当に|ほんとう|ほんとうに|そう"
    r"|そうかな|そうかなあ|そうかなぁ|違う|ちがう|違うよ|ちがうよ|違くない|うーん|んー|really|are you sure)"
    r"[？?！!〜ー…。、\s]*$",
    re.IGNORECASE,
)
"""A mild pushback, the whole turn: `いやいや`, `ほんとに？`, `そうかな？`."""

_DOUBT = re.compile(
    r"待って|まって|あれ[っ？?、…]|えっ|もしかして|勘違い|間違(?:え|い)|じゃない[？?]|ない[？?]"
    r"|でしょうか[？?]|かも(?:しれ)?|取り消|撤回|負けじゃな|セーフ|\b(?:wait|actually|maybe)\b",
    re.IGNORECASE,
)
"""The model doubting its own judgement: `えっ、待って…`, `もしかして`, `勘違いでした`."""

_QUESTION_END = re.compile(r"[？?]\s*$")


@functools.lru_cache(maxsize=256)
def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("**", "")


@functools.lru_cache(maxsize=256)
def declares_loss(text: str) -> bool:
    """Whether the turn declares that someone lost (`私の負けです`), not only states the rule."""
    plain = _plain(text)
    for match in _LOSS.finditer(plain):
        if not _RULE_STATEMENT.search(plain[max(0, match.start() - 6) : match.end()]):
            return True
    return False


def restarts(text: str) -> bool:
    """Whether the turn starts a new game (`もう1回やろう！`, `リベンジ`, `じゃあいきます`)."""
    return _RESTART.search(_plain(text)) is not None


def after_restart(text: str) -> str:
    """The text after the last restart marker (`もう1回！じゃあ私から、「ごりら」` → `じゃあ私から、「ごりら」`),
    as written: a move in bold after remarks (`もう1回！テーマは動物。**ねこ**`) stays the move."""
    starts = []  # where each character of `text` begins in its normalized form
    normalized = ""
    for character in text:
        starts.append(len(normalized))
        normalized += unicodedata.normalize("NFKC", character)
    found = list(_RESTART.finditer(normalized))
    if not found:
        return text
    rest = text[bisect.bisect_left(starts, found[-1].end()) :]
    if text[: len(text) - len(rest)].count("**") % 2:  # the marker was in bold: close it
        rest = rest.replace("**", "", 1)
    return rest


_HANDED = re.compile(
    r"「(?P<mora>[\u3041-\u30ff]{1,2})」\s*(?:から|で)(?:どうぞ|お願い|おねがい|始め|はじめ|スタート|ね|！|!)"
    r"|(?<![\u3041-\u30ff])(?P<bare>[\u3041-\u30ff][ゃゅょャュョ]?)から(?:どうぞ|お願い|おねがい)"
)


def handed_mora(text: str) -> str | None:
    """The mora a turn hands over for the next word (`「ご」からどうぞ！`), the last one named."""
    found = list(_HANDED.finditer(_plain(text)))
    if not found:
        return None
    return found[-1]["mora"] or found[-1]["bare"]


def offers_only(text: str) -> bool:
    """Whether a restart is only offered as a question (`もう一度やりますか？`)."""
    return _QUESTION_END.search(_plain(text).strip()) is not None


_GOES_ON_FROM_N = re.compile(r"「[んン]」から|[んン]から(?:続け|始め|はじめ|どうぞ)")


def goes_on_from_n(text: str) -> bool:
    """Whether a take-back lets the losing word stand and asks to go on from its ん."""
    return _GOES_ON_FROM_N.search(_plain(text)) is not None


def takes_back(text: str) -> bool:
    """Whether the turn takes a loss back (`まだ言ってないからセーフ！`)."""
    return _TAKE_BACK.search(_plain(text)) is not None


def calls_out(text: str) -> bool:
    """Whether the turn points at a rule break of the other side (`それはもう出ましたよ`)."""
    return _CALLED_OUT.search(_plain(text)) is not None


def acknowledges_n(text: str) -> bool:
    """Whether the text notices a word ending in ん, or the loss it means."""
    return declares_loss(text) or _ACKNOWLEDGED_N.search(_plain(text)) is not None


def carries_on_from_n(text: str) -> bool:
    """Whether the text asks to go on from ん, or names ん as the next mora."""
    return _FROM_N.search(_plain(text)) is not None


def is_pushback(text: str) -> bool:
    """Whether the whole turn is a mild pushback (`いやいや`, `ほんとに？`)."""
    plain = "".join(c for c in _plain(text) if unicodedata.category(c) not in {"So", "Sk", "Mn"})
    return _PUSHBACK.match(plain.strip()) is not None


def doubts(text: str) -> bool:
    """Whether the text doubts or reverses a judgement (`えっ、待って…終わってない？`)."""
    return _DOUBT.search(_plain(text)) is not None
