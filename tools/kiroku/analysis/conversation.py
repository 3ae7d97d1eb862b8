"""Figures of a chat that is not a game: each turn's measures, what a reply repeats, the shape.

Everything here is a pure function of a session's turns. Repeats are looked for in the model's
turns only, against the model's earlier turns of the same session: a reply that answers the
user with the user's own figure is not repeating itself.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeGuard

from kiroku.analysis.amounts import Figure, figures
from kiroku.analysis.text_units import Sentence, Word, emoji, paragraphs, sentences, words
from kiroku.schema import BatchLog, ChatLog, Session, Speaker

PHRASE_WORDS = 5
"""A phrase is this many words in a row (Japanese words as MeCab cuts them)."""
PHRASE_CONTENT_WORDS = 2
"""A repeated phrase holds at least this many content words: `のではないでしょうか` alone
(seven words, none of them content) is how Japanese is written, not a repeat."""
CLOSING_SIMILARITY = 0.6
"""Two closing sentences are the same call when this share of their words (in order) match."""
CLOSING_MIN_WORDS = 3
"""Shorter closings (`ありがとう！`, `Good luck!`) are not compared: too common to mean much."""
CLOSING_CONTENT_WORDS = 2
"""Two closings match only if they share this many content words too: どう思いますか？ and
どうしますか？ are alike in form but ask different things."""
WINDOW = 5
"""Exchanges (a user turn and the reply to it) in each sliding window of the shape."""


def is_conversation(doc: ChatLog | BatchLog) -> TypeGuard[ChatLog]:
    """A chat whose experiment is not a game: the logs these figures are for."""
    return isinstance(doc, ChatLog) and doc.experiment != "shiritori"


# ── Per turn ──────────────────────────────────────────────────────────────────────────────────

_QUESTION_END = re.compile(
    r"(?:[?？]|(?:です|ます|でしょう|ません|ました|ませんでした|の)か[。.]?)$"
)
_TRAILING = re.compile(r"[\s\W_]+$")


@dataclass(frozen=True)
class TurnFigures:
    """What one turn measures: its length, sentences, paragraphs, emoji, questions, figures."""

    anchor: str
    speaker: Speaker
    characters: int
    """Characters other than whitespace (so a Japanese and an English reply compare fairly)."""
    words: int
    sentences: int
    paragraphs: int
    emoji: int
    questions: int
    """Sentences that ask: ending in ? or ？, or in a question's か (ですか, でしょうか)."""
    figures: tuple[Figure, ...]
    """Numbers, prices and amounts stated, in order."""


def _is_question(text: str) -> bool:
    core = text.rstrip()
    while core and not (core[-1].isalnum() or core[-1] in "?？"):
        core = core[:-1].rstrip()
    return bool(_QUESTION_END.search(core))


@dataclass(frozen=True)
class _Parsed:
    """A turn cut once into what every figure needs."""

    anchor: str
    speaker: Speaker
    text: str
    words: list[Word]
    sentences: list[Sentence]
    figures: list[Figure]


def _parse(anchor: str, speaker: Speaker, text: str) -> _Parsed:
    return _Parsed(anchor, speaker, text, words(text), sentences(text), figures(text))


def _turn_figures(parsed: _Parsed) -> TurnFigures:
    text = parsed.text
    return TurnFigures(
        anchor=parsed.anchor,
        speaker=parsed.speaker,
        characters=sum(1 for c in text if not c.isspace()),
        words=len(parsed.words),
        sentences=len(parsed.sentences),
        paragraphs=paragraphs(text),
        emoji=len(emoji(text)),
        questions=sum(1 for s in parsed.sentences if _is_question(text[s.start : s.end])),
        figures=tuple(parsed.figures),
    )


def turn_figures(text: str, anchor: str = "", speaker: Speaker = "model") -> TurnFigures:
    """The figures of one text on its own."""
    return _turn_figures(_parse(anchor, speaker, text))


# ── Repeats ───────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Repeat:
    """A stretch of a turn's text found again, with the earlier turns it links to."""

    start: int
    end: int
    text: str
    earlier: tuple[str, ...]
    """Anchors of the earlier model turns it appeared in, in order."""


@dataclass(frozen=True)
class FigureRepeat:
    figure: Figure
    earlier: tuple[str, ...]
    """Earlier model turns that stated the same amount (however written)."""


@dataclass(frozen=True)
class TurnRepeats:
    """What a model turn repeats from the model's earlier turns of its session."""

    anchor: str
    phrases: tuple[Repeat, ...]
    """Phrases (word n-grams, merged where they overlap) shared with earlier model turns."""
    closing: Repeat | None
    """The closing sentence; `earlier` holds the earlier closings it matches (maybe none)."""
    figures: tuple[FigureRepeat, ...]
    """Figures stated again (bare numbers are not followed: too many mean nothing)."""
    structure: str
    """The reply's shape: its paragraphs' kinds and how it closes, e.g. `text+list+text | ! emoji`."""
    same_structure: tuple[str, ...]
    """Earlier model turns of exactly the same shape."""
    sentences: int
    sentences_with_phrases: int
    """Sentences holding at least one repeated phrase."""

    @property
    def repeats_anything(self) -> bool:
        closing = self.closing is not None and bool(self.closing.earlier)
        return bool(self.phrases or self.figures or closing)


def _sentence_words(turn: _Parsed) -> list[list[int]]:
    """The indexes of each sentence's words: a phrase never runs from one sentence on to the next."""
    found: list[list[int]] = [[] for _ in turn.sentences]
    k = 0
    for i, word in enumerate(turn.words):
        while k < len(turn.sentences) and turn.sentences[k].end <= word.start:
            k += 1
        if k < len(turn.sentences) and turn.sentences[k].start <= word.start:
            found[k].append(i)
    return found


def _windows(turn: _Parsed) -> list[tuple[int, tuple[str, ...]]]:
    """Each phrase of the turn with the index of its first word."""
    found = []
    for indexes in _sentence_words(turn):
        norms = [turn.words[i].norm for i in indexes]
        for j in range(len(norms) - PHRASE_WORDS + 1):
            found.append((indexes[j], tuple(norms[j : j + PHRASE_WORDS])))
    return found


def _phrases(
    turn: _Parsed, seen: dict[tuple[str, ...], list[str]], order: dict[str, int]
) -> list[Repeat]:
    runs: list[tuple[int, int, set[str]]] = []  # first word, last word, earlier anchors
    for first, ngram in _windows(turn):
        before = seen.get(ngram)
        if not before:
            continue
        last = first + PHRASE_WORDS - 1
        if runs and first <= runs[-1][1]:  # overlapping: within one sentence
            runs[-1] = (runs[-1][0], last, runs[-1][2] | set(before))
        else:
            runs.append((first, last, set(before)))
    found = []
    for first, last, anchors in runs:
        span = turn.words[first : last + 1]
        if sum(w.content for w in span) < PHRASE_CONTENT_WORDS:
            continue
        start, end = span[0].start, span[-1].end
        earlier = tuple(sorted(anchors, key=order.__getitem__))
        found.append(Repeat(start, end, turn.text[start:end], earlier))
    return found


@dataclass(frozen=True)
class Closing:
    """A closing sentence as it is compared: its words and emoji in order, its content words."""

    tokens: tuple[str, ...]
    content: frozenset[str]


def _closing(turn: _Parsed) -> tuple[Sentence, Closing] | None:
    """The last sentence with words in it."""
    if not turn.sentences:
        return None
    last = turn.sentences[-1]
    inside = [w for w in turn.words if last.start <= w.start < last.end]
    if len(inside) < CLOSING_MIN_WORDS:
        return None
    marks = [
        turn.text[last.start + e.start : last.start + e.end]
        for e in emoji(turn.text[last.start : last.end])
    ]
    tokens = tuple(w.norm for w in inside) + tuple(marks)
    return last, Closing(tokens, frozenset(w.norm for w in inside if w.content))


def same_closing(a: Closing, b: Closing) -> bool:
    """The same call returning, perhaps reworded: most words match in order, content included."""
    if len(a.content & b.content) < CLOSING_CONTENT_WORDS:
        return False
    matcher = difflib.SequenceMatcher(None, a.tokens, b.tokens, autojunk=False)
    return (
        matcher.real_quick_ratio() >= CLOSING_SIMILARITY
        and matcher.quick_ratio() >= CLOSING_SIMILARITY
        and matcher.ratio() >= CLOSING_SIMILARITY
    )


class _Closings:
    """The closings said so far, found by their content words and grouped when worded alike:
    a reply is compared once with each different closing that shares enough of its words, so a
    long session is not compared pair by pair."""

    def __init__(self) -> None:
        self.groups: list[tuple[Closing, list[int]]] = []
        """Each different closing with the positions (in `anchors`) of the replies ending so."""
        self.group_of: dict[tuple[str, ...], int] = {}
        self.by_word: dict[str, list[int]] = {}
        self.anchors: list[str] = []

    def matching(self, closing: Closing) -> tuple[str, ...]:
        shared: dict[int, int] = {}
        for word in closing.content:
            for g in self.by_word.get(word, ()):
                shared[g] = shared.get(g, 0) + 1
        found: list[int] = []
        for g, n in shared.items():
            other, positions = self.groups[g]
            if n >= CLOSING_CONTENT_WORDS and same_closing(closing, other):
                found.extend(positions)
        return tuple(self.anchors[i] for i in sorted(found))

    def add(self, anchor: str, closing: Closing) -> None:
        g = self.group_of.get(closing.tokens)
        if g is None:
            g = self.group_of[closing.tokens] = len(self.groups)
            self.groups.append((closing, []))
            for word in closing.content:
                self.by_word.setdefault(word, []).append(g)
        self.groups[g][1].append(len(self.anchors))
        self.anchors.append(anchor)


_LIST_LINE = re.compile(r"^\s*(?:[-*+・•]|\d+[.)、])\s")


def structure(turn: _Parsed) -> str:
    """How a reply is built: the kind of each paragraph, then how its last sentence ends."""
    kinds = []
    for block in re.split(r"\n[ \t\u3000]*\n", turn.text):
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if all(_LIST_LINE.match(line) for line in lines[1:] or lines) and _LIST_LINE.match(
            lines[-1]
        ):
            kinds.append("list")
        elif all(line.lstrip().startswith(">") for line in lines):
            kinds.append("quote")
        elif lines[0].lstrip().startswith("#"):
            kinds.append("heading")
        else:
            kinds.append("text")
    ending = []
    if turn.sentences:
        last = turn.text[turn.sentences[-1].start : turn.sentences[-1].end]
        if _is_question(last):
            ending.append("?")
        core = _TRAILING.sub("", last)
        tail = last[len(core) :]
        if "!" in tail or "！" in tail:
            ending.append("!")
        if emoji(last):
            ending.append("emoji")
    return "+".join(kinds) + (" | " + " ".join(ending) if ending else "")


# ── Shape ─────────────────────────────────────────────────────────────────────────────────────


def variation(values: Sequence[int]) -> float | None:
    """Coefficient of variation (population standard deviation / mean); None under two values."""
    if len(values) < 2:
        return None
    mean = statistics.fmean(values)
    return statistics.pstdev(values) / mean if mean else None


@dataclass(frozen=True)
class WindowShape:
    """The variation of reply lengths over a few exchanges in a row."""

    first: str
    last: str
    """Anchors of the first and last turns of the window."""
    model_cv: float | None
    user_cv: float | None


@dataclass(frozen=True)
class Shape:
    """How much the model's reply length varies against how much the user's does."""

    model_turns: int
    user_turns: int
    model_mean: float | None
    user_mean: float | None
    model_cv: float | None
    user_cv: float | None
    length_correlation: float | None
    """Pearson's r between a user turn's length and the length of the reply to it."""
    windows: tuple[WindowShape, ...]
    """Sliding windows of `WINDOW` exchanges."""

    @property
    def cv_ratio(self) -> float | None:
        """model_cv / user_cv: well under 1 when the replies keep their length whatever she writes."""
        if self.model_cv is None or not self.user_cv:
            return None
        return self.model_cv / self.user_cv


def shape(turns: Sequence[TurnFigures]) -> Shape:
    """The shape of a session, from its turns' lengths in characters."""
    model = [t.characters for t in turns if t.speaker == "model"]
    user = [t.characters for t in turns if t.speaker == "user"]
    exchanges: list[tuple[TurnFigures, TurnFigures]] = []
    for before, after in itertools.pairwise(turns):
        if before.speaker == "user" and after.speaker == "model":
            exchanges.append((before, after))
    correlation = None
    if len(exchanges) >= 3:
        asked = [u.characters for u, _ in exchanges]
        replied = [m.characters for _, m in exchanges]
        if len(set(asked)) > 1 and len(set(replied)) > 1:
            correlation = statistics.correlation(asked, replied)
    windows = tuple(
        WindowShape(
            first=exchanges[i][0].anchor,
            last=exchanges[i + WINDOW - 1][1].anchor,
            model_cv=variation([m.characters for _, m in exchanges[i : i + WINDOW]]),
            user_cv=variation([u.characters for u, _ in exchanges[i : i + WINDOW]]),
        )
        for i in range(len(exchanges) - WINDOW + 1)
    )
    return Shape(
        model_turns=len(model),
        user_turns=len(user),
        model_mean=statistics.fmean(model) if model else None,
        user_mean=statistics.fmean(user) if user else None,
        model_cv=variation(model),
        user_cv=variation(user),
        length_correlation=correlation,
        windows=windows,
    )


# ── A session ─────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class SessionFigures:
    """Everything measured in one session of a conversation."""

    session: int
    turns: tuple[TurnFigures, ...]
    repeats: tuple[TurnRepeats, ...]
    """One per model turn, in order."""
    shape: Shape

    @functools.cached_property
    def _by_anchor(self) -> tuple[dict[str, TurnFigures], dict[str, TurnRepeats]]:
        return {t.anchor: t for t in self.turns}, {r.anchor: r for r in self.repeats}

    def figures_of(self, anchor: str) -> TurnFigures | None:
        return self._by_anchor[0].get(anchor)

    def repeats_of(self, anchor: str) -> TurnRepeats | None:
        """What the model turn at `anchor` repeats; None for a user turn."""
        return self._by_anchor[1].get(anchor)


def session_figures(session: Session) -> SessionFigures:
    """Figures, repeats and shape of one session."""
    parsed = [
        _parse(f"s{session.index}-t{turn.index}", turn.speaker, turn.text) for turn in session.turns
    ]
    order = {p.anchor: i for i, p in enumerate(parsed)}
    seen_phrases: dict[tuple[str, ...], list[str]] = {}
    closings = _Closings()
    seen_figures: dict[tuple[str, str, float], list[str]] = {}
    shapes: list[tuple[str, str]] = []
    repeats = []
    for turn in parsed:
        if turn.speaker != "model":
            continue
        phrases = _phrases(turn, seen_phrases, order)
        closing = None
        closed = _closing(turn)
        if closed is not None:
            sentence, said = closed
            earlier = closings.matching(said)
            closing = Repeat(
                sentence.start, sentence.end, turn.text[sentence.start : sentence.end], earlier
            )
            closings.add(turn.anchor, said)
        stated: list[FigureRepeat] = []
        keys_here: set[tuple[str, str, float]] = set()
        for figure in turn.figures:
            if figure.kind == "number":
                continue
            before = seen_figures.get(figure.key)
            if before:
                stated.append(FigureRepeat(figure, tuple(before)))
            keys_here.add(figure.key)
        for key in keys_here:
            seen_figures.setdefault(key, []).append(turn.anchor)
        built = structure(turn)
        with_phrases = sum(
            1 for s in turn.sentences if any(p.start < s.end and s.start < p.end for p in phrases)
        )
        repeats.append(
            TurnRepeats(
                anchor=turn.anchor,
                phrases=tuple(phrases),
                closing=closing,
                figures=tuple(stated),
                structure=built,
                same_structure=tuple(a for a, other in shapes if other == built),
                sentences=len(turn.sentences),
                sentences_with_phrases=with_phrases,
            )
        )
        shapes.append((turn.anchor, built))
        for ngram in dict.fromkeys(ngram for _, ngram in _windows(turn)):
            seen_phrases.setdefault(ngram, []).append(turn.anchor)
    turns = tuple(_turn_figures(p) for p in parsed)
    return SessionFigures(session.index, turns, tuple(repeats), shape(turns))


def conversation_figures(doc: ChatLog) -> list[SessionFigures]:
    """The figures of every session of a conversation log."""
    return [session_figures(session) for session in doc.sessions]
