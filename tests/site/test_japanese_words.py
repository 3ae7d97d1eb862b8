"""Phrases of Japanese running text for the search index: what a reader would look up."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from kiroku.site.japanese_words import phrases, without_prefixes
from kiroku.site.search import text_terms
from site_support import REPO

BLNS = REPO.parent / "shared" / "corpus" / "blns" / "blns.json"


def test_each_content_word_comes_with_the_particles_after_it():
    assert phrases("しりとりでみかんを言った") == ("しりとりで", "みかんを", "言う", "言った")
    assert "みかんが" in phrases("ぼくはみかんがすきです")


def test_an_honorific_prefix_is_also_dropped():
    assert {"ご購入を", "購入を"} <= set(phrases("ご購入をおすすめします"))


def test_no_phrase_repeats_the_start_of_another():
    found = phrases("甘いみかんとりんごあめを食べました")
    assert all(not other.startswith(term) for term in found for other in found if other != term)


def test_text_without_japanese_has_no_phrases():
    assert phrases("The model said mikan") == ()


def test_a_control_character_does_not_end_the_run():
    """MeCab reads C strings: without care, nothing after a NUL would be indexed."""
    assert "りんごを" in phrases("みかん\x00りんごを食べた")


def test_every_blns_string_is_cut_without_error():
    strings = json.loads(BLNS.read_text(encoding="utf-8"))
    for text in strings:
        for term in text_terms(text):
            assert term and not any(c.isspace() for c in term), (text, term)


japanese_text = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x3041, max_codepoint=0x30FF),
        st.sampled_from("日本語文字食言買終何私見甘一度"),
        st.characters(blacklist_categories=["Cs"]),
    ),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(japanese_text)
def test_any_text_gives_terms_without_spaces_or_repeats(text: str):
    found = phrases(text)
    assert len(found) == len(set(found))
    assert all(term and not any(c.isspace() or c == "\x00" for c in term) for term in found)


@given(st.lists(st.text(alphabet="abみか", min_size=1, max_size=4), max_size=12))
def test_without_prefixes_keeps_each_term_no_other_one_starts_with(terms: list[str]):
    kept = without_prefixes(terms)
    unique = list(dict.fromkeys(terms))
    assert list(kept) == [t for t in unique if not any(o != t and o.startswith(t) for o in unique)]


def test_a_long_run_without_punctuation_gives_its_phrases():
    """A pasted text without punctuation is one run (the pass over its phrases is sorted, not
    quadratic: this took minutes that way)."""
    run = "".join(f"語{i}を食べた" for i in range(20_000))
    assert len(phrases(run)) > 1000
