"""Each rule check on hand-written games, with and without its kind of break."""

from __future__ import annotations

from kiroku.analysis.game import Chain, Play, read_session
from kiroku.analysis.morae import DEFAULT_RULES, MoraRules
from kiroku.analysis.played_word import describe
from kiroku.analysis.rules import (
    Move,
    check_chain_broken,
    check_ends_in_n,
    check_first_token_commitment,
    check_turn_initiation,
    check_word_repeated,
)
from kiroku.schema import Speaker


def move(anchor: str, speaker: Speaker, *words: str) -> Move:
    return Move(anchor, speaker, tuple(describe(w, "first-word") for w in words))


def game(*moves: tuple[Speaker, tuple[str, ...]]) -> list[Play]:
    """Turns that play exactly the words given (their text is the words, space-separated)."""
    return [
        Play(f"s1-t{i}", who, " ".join(words), tuple(describe(w, "first-word") for w in words))
        for i, (who, words) in enumerate(moves, 1)
    ]


def rules_found(g: list[Play], rules: MoraRules = DEFAULT_RULES) -> list[tuple[str, str]]:
    return [(f.anchor, f.rule) for f in read_session(g, rules)[1]]


def test_ends_in_n() -> None:
    assert check_ends_in_n(move("t", "model", "みかん")) is not None
    assert check_ends_in_n(move("t", "model", "ミカン")) is not None
    assert check_ends_in_n(move("t", "model", "みかさ")) is None
    assert check_ends_in_n(move("t", "model")) is None


def test_ends_in_n_looks_at_the_committed_word() -> None:
    assert check_ends_in_n(move("t", "model", "みかさ", "みかん")) is None


def test_chain_broken() -> None:
    umi = describe("うみ", "first-word")
    finding = check_chain_broken(move("t", "model", "りんご"), umi)
    assert finding is not None
    assert finding.reason == "りんご starts with り, but うみ ends in み"
    assert check_chain_broken(move("t", "model", "みかん"), umi) is None
    assert check_chain_broken(move("t", "model", "ミルク"), umi) is None
    assert check_chain_broken(move("t", "model", "りんご"), None) is None


def test_chain_voicing_matters_unless_set_otherwise() -> None:
    kami = describe("かみ", "first-word")
    gorira = move("t", "user", "ごりら")
    rinko = describe("りんこ", "first-word")
    assert check_chain_broken(gorira, rinko) is not None
    assert check_chain_broken(gorira, rinko, MoraRules(voicing_matters=False)) is None
    assert check_chain_broken(move("t", "user", "みず"), kami) is None


def test_chain_after_a_final_long_vowel_and_small_kana() -> None:
    assert check_chain_broken(move("t", "user", "びわ"), describe("ルビー", "x")) is None
    assert check_chain_broken(move("t", "user", "しゃしん"), describe("いしゃ", "x")) is None
    assert check_chain_broken(move("t", "user", "しか"), describe("いしゃ", "x")) is not None


def test_word_repeated() -> None:
    earlier = {"りんご", "ごま", "まくら"}
    assert check_word_repeated(move("t", "user", "まくら"), earlier) is not None
    assert check_word_repeated(move("t", "user", "マクラ"), earlier) is not None
    assert check_word_repeated(move("t", "user", "まど"), earlier) is None


def test_turn_initiation_failure() -> None:
    umi = describe("うみ", "x")
    back = "「み」ですね！次は「み」から始まる言葉をお願いします！"
    assert check_turn_initiation(move("t", "model"), back, umi, "user") is not None
    assert check_turn_initiation(move("t", "model", "みず"), "みず", umi, "user") is None
    assert check_turn_initiation(move("t", "user"), back, umi, "model") is None
    assert check_turn_initiation(move("t", "model"), back, umi, "model") is None
    assert check_turn_initiation(move("t", "model"), back, None, None) is None


def test_calling_out_a_break_or_declaring_a_loss_is_not_handing_the_move_back() -> None:
    umi = describe("うみ", "x")
    for text in ("それはもう出ましたよ！", "「み」からじゃないですよ〜", "あ、私の負けです…"):
        assert check_turn_initiation(move("t", "model"), text, umi, "user") is None, text


def test_no_turn_initiation_failure_after_a_word_ending_in_n_ends_the_game() -> None:
    g = game(("user", ("かみ",)), ("model", ("みみ",)), ("user", ("みかん",)), ("model", ()))
    assert rules_found(g) == [("s1-t3", "ends-in-n")]
    corrected = game(("user", ("みかん", "みかさ")), ("model", ()))
    assert ("s1-t2", "turn-initiation-failure") in rules_found(corrected)


def test_a_word_opening_with_a_contracted_sound_may_follow_its_big_kana() -> None:
    for before, after in (("いち", "ちょうちょ"), ("ゆき", "きゅうしょく"), ("もじ", "じゃがいも")):
        assert check_chain_broken(move("t", "user", after), describe(before, "x")) is None
        strict = MoraRules(contracted_follows_big_kana=False)
        assert check_chain_broken(move("t", "user", after), describe(before, "x"), strict)
    assert check_chain_broken(move("t", "user", "しゃしん"), describe("いし", "x")) is None
    assert check_chain_broken(move("t", "user", "ちょうちょ"), describe("いし", "x")) is not None


def test_first_token_commitment() -> None:
    finding = check_first_token_commitment(move("t", "model", "みかん", "みかさ"))
    assert finding is not None
    assert "みか" in finding.reason
    assert check_first_token_commitment(move("t", "model", "みかん", "みず")) is None
    assert check_first_token_commitment(move("t", "model", "みかん")) is None


def test_a_clean_game_has_no_findings() -> None:
    g = game(("user", ("しりとり",)), ("model", ("りんご",)), ("user", ("ゴリラ",)),
             ("model", ("らっぱ",)), ("user", ("パン",)))  # fmt: skip
    assert rules_found(g) == [("s1-t5", "ends-in-n")]


def test_each_kind_of_break_in_one_game() -> None:
    g = game(
        ("user", ("うみ",)),
        ("model", ()),  # hands the turn back
        ("user", ()),  # a remark
        ("model", ("りす",)),  # chain broken
        ("user", ("すいか",)),
        ("model", ("かみ",)),
        ("user", ("みかん", "みかさ")),  # ends in ん, correction みか-
        ("model", ("さかな",)),  # continues from the correction
        ("user", ("なし",)),
        ("model", ("しか",)),
        ("user", ("かみ",)),  # repeated
    )
    assert rules_found(g) == [
        ("s1-t2", "turn-initiation-failure"),
        ("s1-t4", "chain-broken"),
        ("s1-t7", "ends-in-n"),
        ("s1-t7", "first-token-commitment"),
        ("s1-t11", "word-repeated"),
    ]


def test_a_trial_continues_the_prompts_game() -> None:
    opening = Chain().after(
        tuple(describe(w, "prompt") for w in ("りんご", "ごま", "かみ")), "user"
    )
    [repeated] = game(("model", ("ごま",)))
    found = read_session([repeated], opening=opening)[1]
    assert [f.rule for f in found] == ["chain-broken", "word-repeated"]
    [silent] = game(("model", ()))
    found = read_session([silent], opening=opening)[1]
    assert [f.rule for f in found] == ["turn-initiation-failure"]
