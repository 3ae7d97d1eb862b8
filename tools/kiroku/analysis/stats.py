"""The study's tables, computed from the texts: attractor rates, first words, Fisher's test, labels."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable

from pydantic import BaseModel, Field

from kiroku.analysis.conversation_stats import ConversationRow, conversation_rows
from kiroku.analysis.morae import DEFAULT_RULES, MoraRules
from kiroku.analysis.reading import reading
from kiroku.analysis.suggest import analyse
from kiroku.schema import BatchLog, ChatLog

Document = ChatLog | BatchLog

ATTRACTOR = "みかん"
"""The word the study is about: models reach for it after a word ending in み."""


class WordCount(BaseModel):
    word: str
    count: int


class BatchFigures(BaseModel):
    """One batch's figures, from the played words found in its outputs (never from `is_mikan`)."""

    log_id: str
    model: str
    condition: str
    """The condition's English name (else its Japanese name, else the batch id)."""
    condition_ja: str | None = None
    """The condition's Japanese name, if it has one."""
    prior_word: str | None
    outputs: int
    attractor: str
    attractor_count: int
    """Outputs whose first played word is the attractor (by reading, so ミカン and 蜜柑 count)."""
    attractor_rate: float
    first_words: list[WordCount]
    """How often each word was played first, most frequent first."""
    no_word: int
    """Outputs that play no word at all."""
    chain_breaks: int
    """Outputs whose first word does not start with the prior word's last mora."""
    all_start_with: str | None
    """The one word every output starts with, if there is one."""
    corrected_outputs: int
    """Outputs that offer a second word after the first."""
    corrections: list[WordCount]
    """The words offered after the first, counted."""
    attempt_prefix: str = ""
    """The attractor's first two characters (`みか`): what a correction that cannot let go starts with."""
    attempts_with_prefix: int = 0
    """The paper's first-token figure: outputs whose correction attempt (the first paragraph after
    the first word's that opens in Japanese) begins with `attempt_prefix`, a played word or not."""
    corrections_with_prefix: int = 0
    """Kiroku's count: outputs whose first corrected word (a played word) begins with the prefix."""


class FisherTest(BaseModel):
    """Fisher's exact test, attractor vs other outputs, between two batches (two-sided)."""

    a: str
    b: str
    table: list[list[int]]
    """`[[a attractor, a other], [b attractor, b other]]`."""
    odds_ratio: float | None
    """None when infinite (a batch with no other outputs)."""
    p_value: float


class LabelCount(BaseModel):
    """How often a label was set by people and suggested by rules, for one model's chat logs."""

    model: str
    label: str
    human: int
    suggested: int


FAILURE_TYPES = (
    "turn-initiation-failure",
    "rule-representation-failure",
    "generation-verification-gap",
    "confidence-collapse",
)
"""The columns of the researcher's published table of failure types per model."""


class FailureTypeCell(BaseModel):
    suggested: int
    """Suggestions of the analysis on the model's turns (dismissed ones included)."""
    confirmed: int
    """Labels a person set (or accepted) on the model's turns."""


class FailureTypeRow(BaseModel):
    """One model's row of the table of failure types, from its chat logs."""

    model: str
    cells: dict[str, FailureTypeCell]


class Report(BaseModel):
    """Everything `kiroku stats` shows; the site renders the same object."""

    batches: list[BatchFigures]
    fisher: FisherTest | None
    labels: list[LabelCount]
    conversations: list[ConversationRow] = Field(default_factory=list)
    """A row per session of each conversation log (`analysis/conversation_stats.py`)."""
    failure_types: list[FailureTypeRow] = Field(default_factory=list)


def _counted(counter: Counter[str]) -> list[WordCount]:
    return [
        WordCount(word=w, count=c) for w, c in sorted(counter.items(), key=lambda i: (-i[1], i[0]))
    ]


def batch_figures(
    doc: BatchLog, rules: MoraRules = DEFAULT_RULES, attractor: str = ATTRACTOR
) -> BatchFigures:
    """The figures of one batch, from its outputs' text (a person's `played_override` wins)."""
    target = reading(attractor)
    firsts: Counter[str] = Counter()
    corrections: Counter[str] = Counter()
    hits = breaks = no_word = corrected = 0
    prefix = attractor[:2]
    attempts = with_prefix = 0
    for analysed in analyse(doc, rules):
        words = analysed.reading.words
        first = words[0].surface if words else ""
        attempts += correction_attempt(analysed.unit.output, first).startswith(prefix)  # type: ignore[attr-defined]
        with_prefix += len(words) > 1 and (words[1].reading or "").startswith(reading(prefix))
        if not words:
            no_word += 1
        else:
            firsts[words[0].surface] += 1
            hits += words[0].reading == target
        if len(words) > 1:
            corrected += 1
            corrections.update(word.surface for word in words[1:])
        breaks += any(f.rule == "chain-broken" for f in analysed.findings)
    outputs = len(doc.trials)
    only = next(iter(firsts)) if len(firsts) == 1 and not no_word else None
    return BatchFigures(
        log_id=doc.id,
        model=doc.model.name,
        condition=doc.condition.name.en or doc.condition.name.ja or doc.id,
        condition_ja=doc.condition.name.ja,
        prior_word=doc.condition.prior_word,
        outputs=outputs,
        attractor=attractor,
        attractor_count=hits,
        attractor_rate=hits / outputs if outputs else 0.0,
        first_words=_counted(firsts),
        no_word=no_word,
        chain_breaks=breaks,
        all_start_with=only,
        corrected_outputs=corrected,
        corrections=_counted(corrections),
        attempt_prefix=prefix,
        attempts_with_prefix=attempts,
        corrections_with_prefix=with_prefix,
    )


_OPENS_IN_JAPANESE = re.compile(r"^[\u3040-\u30ff\u3400-\u9fff*「『]")


def correction_attempt(output: str, first_word: str) -> str:
    """An output's correction attempt: the first line after the line of its first played word
    that opens in Japanese (`みかん` / `Wait, that ends in 'ん'…` / `みかさ` gives `みかさ`;
    a restatement such as `みかんは「ん」で終わるので…` counts too). Empty when there is none."""
    paragraphs = [p.strip().lstrip("*「『") for p in output.splitlines() if p.strip()]
    start = next((i for i, p in enumerate(paragraphs) if first_word and first_word in p), 0)
    for paragraph in paragraphs[start + 1 :]:
        if _OPENS_IN_JAPANESE.match(paragraph):
            return paragraph
    return ""


def fisher_test(a: BatchFigures, b: BatchFigures) -> FisherTest:
    """Is the attractor rate different between two batches? (scipy's two-sided exact test)."""
    from scipy.stats import fisher_exact

    table = [
        [a.attractor_count, a.outputs - a.attractor_count],
        [b.attractor_count, b.outputs - b.attractor_count],
    ]
    result = fisher_exact(table, alternative="two-sided")
    odds = float(result.statistic)
    return FisherTest(
        a=a.log_id,
        b=b.log_id,
        table=table,
        odds_ratio=odds if math.isfinite(odds) else None,
        p_value=float(result.pvalue),
    )


def default_pair(figures: Iterable[BatchFigures]) -> tuple[BatchFigures, BatchFigures] | None:
    """The first two batches playing the same game (model, prior word) under different wordings.

    In the real archive this is the precise vs imprecise pair, both continuing from うみ; the
    batch with the higher attractor rate comes first.
    """
    finder = PairFinder()
    for figure in figures:
        finder.add(figure)
    return finder.pair()


class PairFinder:
    """`default_pair` of batches seen one at a time, keeping two batches per game at most
    (the export streams its batches and never holds them all)."""

    def __init__(self) -> None:
        self._games: dict[tuple[str, str | None], list[BatchFigures]] = {}
        """Per (model, prior word), in the order first seen: its first batch, then the first
        later batch with another wording once there is one."""

    def add(self, figure: BatchFigures) -> None:
        game = self._games.setdefault((figure.model, figure.prior_word), [figure])
        if len(game) == 1 and game[0].condition != figure.condition:
            game.append(figure)

    def pair(self) -> tuple[BatchFigures, BatchFigures] | None:
        """The pair of the earliest game whose first batch has a partner: the first batch
        with a later one under another wording, as a scan of all pairs in order finds it."""
        for game in self._games.values():
            if len(game) == 2:
                a, b = game
                return (a, b) if a.attractor_rate >= b.attractor_rate else (b, a)
        return None


def label_counts(docs: Iterable[Document]) -> list[LabelCount]:
    """Per model across chat logs: each label's count of human labels and of rule suggestions."""
    human: Counter[tuple[str, str]] = Counter()
    suggested: Counter[tuple[str, str]] = Counter()
    for doc in docs:
        if not isinstance(doc, ChatLog):
            continue
        for unit in doc.units():
            human.update((doc.model.name, label.id) for label in unit.labels)
            suggested.update((doc.model.name, s.id) for s in unit.suggestions)
    return _label_count_list(human, suggested)


def merged_label_counts(counts: Iterable[LabelCount]) -> list[LabelCount]:
    """Counts of several sets of logs added up, as `label_counts` of all of them gives them:
    the site keeps each log's counts and adds them, instead of reading every log again."""
    human: Counter[tuple[str, str]] = Counter()
    suggested: Counter[tuple[str, str]] = Counter()
    for count in counts:
        human[count.model, count.label] += count.human
        suggested[count.model, count.label] += count.suggested
    return _label_count_list(human, suggested)


def _label_count_list(
    human: Counter[tuple[str, str]], suggested: Counter[tuple[str, str]]
) -> list[LabelCount]:
    """Counts keyed by (model, label), sorted by model then label."""
    return [
        LabelCount(model=model, label=label, human=human[key], suggested=suggested[key])
        for key in sorted(set(human) | set(suggested))
        for model, label in [key]
    ]


def report(
    docs: Iterable[Document],
    pair: tuple[str, str] | None = None,
    rules: MoraRules = DEFAULT_RULES,
    figures_of: Callable[[BatchLog, MoraRules], BatchFigures] | None = None,
) -> Report:
    """The whole set of tables; `pair` names the two batches for Fisher's test (log ids).

    `figures_of` replaces `batch_figures`, e.g. by a cached version of it."""
    docs = list(docs)
    compute = figures_of or batch_figures
    figures = [compute(doc, rules) for doc in docs if isinstance(doc, BatchLog)]
    tables = assembled_report(figures, label_counts(docs), pair)
    tables.conversations = conversation_rows(docs)
    return tables


def assembled_report(
    figures: list[BatchFigures],
    labels: list[LabelCount],
    pair: tuple[str, str] | None = None,
) -> Report:
    """The report from each batch's figures (in the order shown) and the label counts."""
    chosen: tuple[BatchFigures, BatchFigures] | None
    if pair is not None:
        by_id = {f.log_id: f for f in figures}
        missing = [log_id for log_id in pair if log_id not in by_id]
        if missing:
            raise KeyError(missing[0])
        chosen = (by_id[pair[0]], by_id[pair[1]])
    else:
        chosen = default_pair(figures)
    return Report(
        batches=figures,
        fisher=fisher_test(*chosen) if chosen else None,
        labels=labels,
        failure_types=failure_types(labels),
    )


def failure_types(labels: Iterable[LabelCount]) -> list[FailureTypeRow]:
    """The table of failure types per model (chat logs), suggested and confirmed, from label counts."""
    by_model: dict[str, dict[str, FailureTypeCell]] = {}
    for count in labels:
        if count.label not in FAILURE_TYPES:
            continue
        cells = by_model.setdefault(
            count.model, {t: FailureTypeCell(suggested=0, confirmed=0) for t in FAILURE_TYPES}
        )
        cells[count.label] = FailureTypeCell(suggested=count.suggested, confirmed=count.human)
    return [FailureTypeRow(model=m, cells=by_model[m]) for m in sorted(by_model)]


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def scientific(value: float, digits: int = 3) -> str:
    """A p-value as a paper writes it: `1.76 × 10⁻⁷`."""
    if value == 0:
        return "0"
    exponent = math.floor(math.log10(abs(value)))
    if -3 <= exponent <= 0:
        return f"{value:.{digits}g}"
    mantissa = value / 10**exponent
    return f"{mantissa:.{digits - 1}f} × 10{str(exponent).translate(_SUPERSCRIPT)}"


def odds_ratio_shown(test: FisherTest, digits: int = 3) -> str:
    """The sample odds ratio (a·d)/(b·c) of the test's table as a paper writes it: `∞` when
    b·c is 0 and a·d is not (a cell of 0 makes it infinite), `0` the other way round, and
    `undefined` when both products are 0."""
    (a, b), (c, d) = test.table
    if b * c == 0:
        return "undefined" if a * d == 0 else "∞"
    return f"{a * d / (b * c):.{digits}g}"
