"""The state of a shiritori game across a session: which turns are moves, which are talk.

A game ends when a player loses: a move ends in ん, or a player declares the loss (`負けです`,
`ゲームオーバー`, `I lose`, a called-out repeat accepted). What follows is talk about the game until
a new game starts (`もう1回`, `リベンジ`, `じゃあいきます` + a word) or the loss is taken back
(`まだ言ってないからセーフ！`): then the game goes on from the move before the loss. Talk plays no
word and gets no chain, repeat or turn-order check. Within a move, when several words are
candidates, the move is the first that chains from the previous word (`いいですよ！じゃあ、たまご！`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from kiroku.analysis import behaviours, talk
from kiroku.analysis.morae import DEFAULT_RULES, MoraRules, ends_in_n, follows, to_hiragana
from kiroku.analysis.played_word import GAME_NAME, is_noun_like, played_words
from kiroku.analysis.rules import (
    Finding,
    Move,
    check_chain_broken,
    check_ends_in_n,
    check_first_token_commitment,
    check_turn_initiation,
    check_word_repeated,
)
from kiroku.schema import PlayedWord, Speaker

Role = Literal["move", "no-move", "talk"]
"""`move` plays words; `no-move` is a turn in the game that plays none; `talk` is outside a game."""


@dataclass(frozen=True)
class Play:
    """One turn as the analysis reads it: its text, and the words it offers (or a person gave)."""

    anchor: str
    speaker: Speaker
    text: str
    candidates: tuple[PlayedWord, ...]
    """Every word the text offers, in order (or a person's correction of them)."""
    talk: bool = False
    """A person said this turn is talk, not a move."""
    by_person: bool = False
    """The candidates are a person's correction: they are the move as given, never re-chosen."""


@dataclass(frozen=True)
class Reading:
    """What a turn is in its game: its role, the words it played (the move first) and its game."""

    anchor: str
    speaker: Speaker
    role: Role
    words: tuple[PlayedWord, ...] = ()
    game: int = 1
    """1-based number of the game within the session."""
    previous: PlayedWord | None = None
    """The word the move had to continue from."""


@dataclass(frozen=True)
class Chain:
    """Where a game stands: the word to continue from, who played it, the readings played."""

    previous: PlayedWord | None = None
    previous_speaker: Speaker | None = None
    earlier: frozenset[str] = frozenset()

    def after(self, words: Sequence[PlayedWord], speaker: Speaker) -> Chain:
        readings = {word.reading or word.surface for word in words}
        return Chain(words[-1], speaker, self.earlier | readings)


@dataclass
class Loss:
    """How the last game ended, so that a take-back can resume it and a collapse be seen."""

    anchor: str
    before: Chain
    """The chain before the losing move: a take-back resumes from here."""
    correct: bool
    """The loss was real: the losing move ends in ん or repeated a word."""
    judged_by_model: bool = False
    loser: Speaker | None = None
    """Who lost: when they play a word in a later turn, the game resumes (`失礼しました。**画家**`)."""


@dataclass
class _State:
    chain: Chain = field(default_factory=Chain)
    over: bool = False
    game: int = 1
    loss: Loss | None = None
    restart_offered: bool = False
    last_move: tuple[Speaker, Chain, bool] | None = None
    """The latest move's player, the chain before it, and whether it broke a rule."""
    restarted_by: str | None = None
    """The turn that restarted the game with a marker: its words are those after the marker."""


def choose_move(
    candidates: Sequence[PlayedWord], previous: PlayedWord | None, rules: MoraRules = DEFAULT_RULES
) -> tuple[PlayedWord, ...]:
    """The move and the corrections after it: the first candidate that chains from `previous`.

    Words before it are remarks, and so is the game's name before another word
    (`しりとり！私から らっこ`); the previous word said again is a restatement
    (`**まめ**、いいチョイス！次は「め」だよ`), not a move. When none chains (or there is no
    previous word) the first candidate is the move, so a broken chain is still seen.
    """
    if len(candidates) > 1 and to_hiragana(candidates[0].surface) == GAME_NAME:
        candidates = candidates[1:]
    if previous is not None and previous.reading:
        candidates = [word for word in candidates if word.reading != previous.reading]
    if previous is not None and previous.last_mora is not None:
        for index, word in enumerate(candidates):
            if word.first_mora is not None and follows(
                previous.reading, previous.last_mora, word.first_mora, rules
            ):
                return tuple(candidates[index:])
    return tuple(candidates)


def read_session(
    plays: Sequence[Play], rules: MoraRules = DEFAULT_RULES, opening: Chain | None = None
) -> tuple[list[Reading], list[Finding]]:
    """Each turn's reading and every rule break and behaviour of a session, in turn order.

    `opening` is a game already under way (a batch prompt's moves) that the first turn continues.
    """
    state = _State(chain=opening or Chain())
    readings: list[Reading] = []
    findings: list[Finding] = []
    for index, play in enumerate(plays):
        before = plays[index - 1] if index else None
        if play.talk:
            readings.append(Reading(play.anchor, play.speaker, "talk", game=state.game))
            continue
        if state.over and not _reopens(play, state, rules):
            readings.append(Reading(play.anchor, play.speaker, "talk", game=state.game))
            findings.extend(_after_loss(play, before, state))
            continue
        if state.restarted_by is play.anchor and not play.by_person:
            play = replace(
                play, candidates=tuple(played_words(talk.after_restart(play.text), rules))
            )
        reading, found = _in_game(play, state, rules)
        readings.append(reading)
        findings.extend(found)
    findings.extend(behaviours.after_words_ending_in_n(readings, plays, rules))
    return readings, _without_split_moves(findings, readings)


def _without_split_moves(findings: list[Finding], readings: Sequence[Reading]) -> list[Finding]:
    """A move handed back is no failure when the model plays in its very next message."""
    following = {a.anchor: b for a, b in itertools.pairwise(readings)}
    return [
        finding
        for finding in findings
        if not (
            finding.rule == "turn-initiation-failure"
            and (nxt := following.get(finding.anchor)) is not None
            and nxt.speaker == "model"
            and nxt.role == "move"
        )
    ]


def _reopens(play: Play, state: _State, rules: MoraRules) -> bool:
    """Whether a turn after a loss starts a new game or takes the loss back (and so is in a game)."""
    loss = state.loss
    if loss is not None and not talk.restarts(play.text):
        resumed = talk.takes_back(play.text) or (
            play.speaker == loss.loser
            and play.candidates
            and not play.by_person
            and (play.candidates[0].found_by == "bold" or is_noun_like(play.candidates[0].surface))
        )
        if resumed:
            if not (loss.correct and talk.goes_on_from_n(play.text)):
                state.chain = loss.before
            state.over = False
            return True
    offered = talk.restarts(play.text)
    if offered and talk.offers_only(play.text) and not play.candidates:
        state.restart_offered = True
        return False
    if offered or (state.restart_offered and play.candidates):
        state.restarted_by = play.anchor if offered else None
        state.game += 1
        state.chain, state.over, state.loss = Chain(), False, None
        state.restart_offered, state.last_move = False, None
        return True
    return False


def _after_loss(play: Play, before: Play | None, state: _State) -> list[Finding]:
    loss = state.loss
    if loss is None:
        return []
    if play.speaker == "model" and (
        talk.declares_loss(play.text) or talk.acknowledges_n(play.text)
    ):
        loss.judged_by_model = True
    found = behaviours.confidence_collapse(play, before, loss.correct and loss.judged_by_model)
    return [found] if found is not None else []


def _in_game(play: Play, state: _State, rules: MoraRules) -> tuple[Reading, list[Finding]]:
    chain = state.chain
    words = (
        tuple(play.candidates)
        if play.by_person
        else choose_move(play.candidates, chain.previous, rules)
    )
    retry = _retried_from(play, words, state, rules)
    if retry is not None:
        chain = retry
        words = choose_move(play.candidates, chain.previous, rules)
    if not words:
        move = Move(play.anchor, play.speaker)
        handed_back = check_turn_initiation(
            move, play.text, chain.previous, chain.previous_speaker, rules
        )
        if talk.declares_loss(play.text):
            _lose_by_declaration(play, state)
        elif play.speaker == "user" and (mora := talk.handed_mora(play.text)) is not None:
            state.chain = _handed_over(chain, mora)
        reading = Reading(
            play.anchor, play.speaker, "no-move", game=state.game, previous=chain.previous
        )
        return reading, [handed_back] if handed_back is not None else []
    move = Move(play.anchor, play.speaker, words)
    checks = (
        check_ends_in_n(move, rules),
        check_chain_broken(move, chain.previous, rules),
        check_word_repeated(move, chain.earlier),
        check_first_token_commitment(move),
    )
    broken = [finding for finding in checks if finding is not None]
    state.chain = chain.after(words, play.speaker)
    state.last_move = (play.speaker, chain, any(f.rule != "first-token-commitment" for f in broken))
    final = words[-1]
    if ends_in_n(final.reading or "", rules):
        state.over = True
        state.loss = Loss(play.anchor, chain, correct=True,
                          judged_by_model=play.speaker == "model" and talk.acknowledges_n(play.text),
                          loser=play.speaker)  # fmt: skip
    elif talk.declares_loss(play.text):
        _lose_by_declaration(play, state)
    reading = Reading(play.anchor, play.speaker, "move", words, state.game, chain.previous)
    return reading, broken


def _retried_from(
    play: Play, words: Sequence[PlayedWord], state: _State, rules: MoraRules
) -> Chain | None:
    """The chain a player's retry continues: their last move broke a rule, the other side only
    talked since (`「え」からだよ！`), and the new word chains from the move before it
    (`あ、失礼しました！… **えのぐ**`). The retracted word no longer counts as played.
    """
    if play.by_person or not words or state.last_move is None:
        return None
    mover, before, broke_a_rule = state.last_move
    if not broke_a_rule or mover != play.speaker or state.chain.previous_speaker != play.speaker:
        return None
    if before.previous is None or before.previous.last_mora is None:
        return None
    if _continues(state.chain.previous, words[0], rules):
        return None
    retried = choose_move(play.candidates, before.previous, rules)
    return before if retried and _continues(before.previous, retried[0], rules) else None


def _continues(previous: PlayedWord | None, word: PlayedWord, rules: MoraRules) -> bool:
    return (
        previous is not None
        and previous.last_mora is not None
        and word.first_mora is not None
        and follows(previous.reading, previous.last_mora, word.first_mora, rules)
    )


def _handed_over(chain: Chain, mora: str) -> Chain:
    """The user hands the move over with its mora (`「ご」からどうぞ！`): the model continues from it."""
    kana = to_hiragana(mora)
    handed = PlayedWord(surface=f"「{mora}」", last_mora=kana, found_by="handover")
    return Chain(handed, "user", chain.earlier)


def _lose_by_declaration(play: Play, state: _State) -> None:
    """A declared loss ends the game; taken back, it resumes before the move it was about."""
    state.over = True
    if state.last_move is not None:
        mover, before, broke_a_rule = state.last_move
        state.loss = Loss(play.anchor, before, correct=broke_a_rule,
                          judged_by_model=play.speaker == "model", loser=mover)  # fmt: skip
    else:
        state.loss = Loss(play.anchor, state.chain, correct=False)
