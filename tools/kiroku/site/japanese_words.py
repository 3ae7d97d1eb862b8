"""Words inside a run of Japanese text, for the search index (MeCab through fugashi, IPAdic).

Japanese is written without spaces, so a run such as しりとりでみかんを言った is one search term
and a query for みかん (matched as the start of a term) would miss it. This cuts a run into
phrases the way a reader would look one up: each content word with the particles and endings
that follow it (みかんを, 言った), the word without an honorific prefix (ご購入 → 購入), and the
dictionary form of a verb or adjective (言った → 言う).

MeCab's dictionary also cuts unknown or hiragana-only words apart (るすばん → る + す + ばん),
so these phrases are added to the whole run and its script-change parts, never put in their place.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable
from typing import Any

_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_BREAK = re.compile(r"[\s\x00-\x1f\x7f]+")

_FUNCTION = frozenset(["助詞", "助動詞", "記号"])
"""Parts of speech that never start a phrase: they end the word before them."""
_DEPENDENT = frozenset(["接尾", "非自立"])
"""Second-level parts of speech of nouns, verbs and adjectives that lean on the word before."""
_INFLECTING = frozenset(["動詞", "形容詞"])


@functools.cache
def _tagger() -> Any:
    """One MeCab tagger per process, made on first use (a few milliseconds)."""
    import fugashi
    import ipadic

    return fugashi.GenericTagger(ipadic.MECAB_ARGS)


def phrases(run: str) -> tuple[str, ...]:
    """Terms worth finding `run` by, in reading order; none that only repeats the start of
    another (a query matching it would match that one too). Not cached here: the search
    caches each term's parts (`search._term_parts`)."""
    if _JAPANESE.search(run) is None:
        return ()
    found: list[str] = []
    for piece in _BREAK.split(run):  # MeCab reads C strings: a NUL would end the run there
        if piece:
            found.extend(_piece_phrases(piece))
    return _without_redundant(found)


def _piece_phrases(piece: str) -> list[str]:
    found: list[str] = []
    phrase: list[str] = []
    content_start = 0
    previous_pos = ""
    for node in _tagger()(piece):
        feature = node.feature
        pos, detail = feature[0], feature[1]
        continues = (
            pos in _FUNCTION
            or detail in _DEPENDENT
            or previous_pos == "接頭詞"
            or (pos == "名詞" and previous_pos == "名詞")
        )
        if phrase and not continues:
            found.extend(_phrase_terms(phrase, content_start))
            phrase, content_start = [], 0
        if pos == "接頭詞" and content_start == len(phrase):
            content_start += 1
        phrase.append(node.surface)
        base = feature[6] if len(feature) > 6 else "*"
        if pos in _INFLECTING and detail not in _DEPENDENT and base not in ("*", node.surface):
            found.append(base)
        previous_pos = pos
    if phrase:
        found.extend(_phrase_terms(phrase, content_start))
    return found


def _phrase_terms(phrase: list[str], content_start: int) -> list[str]:
    whole = "".join(phrase)
    if 0 < content_start < len(phrase):
        return [whole, "".join(phrase[content_start:])]
    return [whole]


def _without_redundant(found: list[str]) -> tuple[str, ...]:
    return without_prefixes(t for t in found if not (len(t) == 1 and _KANA.match(t)))


def without_prefixes(found: Iterable[str]) -> tuple[str, ...]:
    """Each term once, in order, leaving out any that another term starts with."""
    candidates = list(dict.fromkeys(found))
    ordered = sorted(candidates)  # the terms starting with a term sort right after it
    covered = {term for term, after in itertools.pairwise(ordered) if after.startswith(term)}
    return tuple(term for term in candidates if term not in covered)
