"""Each rule check on hand-written games, with and without its kind of break."""

from __future__ import annotations

from kiroku.analysis.morae import DEFAULT_RULES, MoraRules
from kiroku.analysis.played_word import describe
from kiroku.analysis.rules import (
    Game,
    Move,
    check_chain_broken,
    check_ends_in_n,
    check_first_token_commitment,
    check_game,
    check_word_repeated,
    check_wrong_player,
)
from kiroku.schema import Speaker


def move(anchor: str, speaker: Speaker, *words: str) -> Move:
    return Move(anchor, speaker, tuple(describe(w, "first-word") for w in words))


def game(*moves: tuple[Speaker, tuple[str, ...]]) -> Game:
    return Game(tuple(move(f"s1-t{i}", who, *words) for i, (who, words) in enumerate(moves, 1)))


def rules_found(g: Game, rules: MoraRules = DEFAULT_RULES) -> list[tuple[str, str]]:
    return [(f.anchor, f.rule) for f in check_game(g, rules)]


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


def test_wrong_player() -> None:
    umi = describe("うみ", "x")
    assert check_wrong_player(move("t", "model"), umi, "user") is not None
    assert check_wrong_player(move("t", "model", "みず"), umi, "user") is None
    assert check_wrong_player(move("t", "user"), umi, "model") is None
    assert check_wrong_player(move("t", "model"), umi, "model") is None
    assert check_wrong_player(move("t", "model"), None, None) is None


def test_no_wrong_player_after_a_word_ending_in_n_ends_the_game() -> None:
    g = game(("user", ("かみ",)), ("model", ("みみ",)), ("user", ("みかん",)), ("model", ()))
    assert rules_found(g) == [("s1-t3", "ends-in-n")]
    corrected = game(("user", ("みかん", "みかさ")), ("model", ()))
    assert ("s1-t2", "wrong-player") in rules_found(corrected)


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
        ("s1-t2", "wrong-player"),
        ("s1-t4", "chain-broken"),
        ("s1-t7", "ends-in-n"),
        ("s1-t7", "first-token-commitment"),
        ("s1-t11", "word-repeated"),
    ]


def test_a_trial_continues_the_prompts_game() -> None:
    opening = tuple(describe(w, "prompt") for w in ("りんご", "ごま", "かみ"))
    repeated = Game((move("trial-1", "model", "ごま"),), opening)
    assert [f.rule for f in check_game(repeated)] == ["chain-broken", "word-repeated"]
    silent = Game((move("trial-2", "model"),), opening)
    assert [f.rule for f in check_game(silent)] == ["wrong-player"]
