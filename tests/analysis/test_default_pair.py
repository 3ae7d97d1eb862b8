"""Fisher's default pair: the first two batches of one game under different wordings, at any size."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from kiroku.analysis.stats import BatchFigures, default_pair


def figures(
    log_id: str, model: str, prior: str | None, condition: str, rate: float
) -> BatchFigures:
    return BatchFigures(
        log_id=log_id,
        model=model,
        condition=condition,
        prior_word=prior,
        outputs=10,
        attractor="みかん",
        attractor_count=int(rate * 10),
        attractor_rate=rate,
        first_words=[],
        no_word=0,
        chain_breaks=0,
        all_start_with=None,
        corrected_outputs=0,
        corrections=[],
        attempt_prefix="みか",
        attempts_with_prefix=0,
        corrections_with_prefix=0,
    )


def every_pair(batches: list[BatchFigures]) -> tuple[BatchFigures, BatchFigures] | None:
    """The definition, pair by pair."""
    for i, a in enumerate(batches):
        for b in batches[i + 1 :]:
            if (a.model, a.prior_word) == (b.model, b.prior_word) and a.condition != b.condition:
                return (a, b) if a.attractor_rate >= b.attractor_rate else (b, a)
    return None


def test_the_precise_and_imprecise_wordings_of_one_game() -> None:
    batches = [
        figures("kami", "claude", "かみ", "fixed", 0.9),
        figures("precise", "claude", "うみ", "precise", 0.2),
        figures("other-model", "gpt", "うみ", "imprecise", 0.5),
        figures("imprecise", "claude", "うみ", "imprecise", 0.6),
    ]
    pair = default_pair(batches)
    assert pair is not None
    assert [f.log_id for f in pair] == ["imprecise", "precise"]


def test_no_pair_when_every_game_has_one_wording() -> None:
    batches = [figures(f"b{i}", "claude", "うみ", "same", 0.5) for i in range(5)]
    assert default_pair(batches) is None


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["claude", "gpt"]),
            st.sampled_from(["うみ", "かみ", None]),
            st.sampled_from(["a", "b", "c"]),
            st.sampled_from([0.0, 0.5, 1.0]),
        ),
        max_size=12,
    )
)
def test_the_same_pair_as_comparing_every_pair(
    rows: list[tuple[str, str | None, str, float]],
) -> None:
    batches = [figures(f"b{i}", *row) for i, row in enumerate(rows)]
    found, expected = default_pair(batches), every_pair(batches)
    assert (found and [f.log_id for f in found]) == (expected and [f.log_id for f in expected])
