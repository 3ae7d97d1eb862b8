"""Numbers, prices and amounts stated in a text, each with its value, so ¥29,800 = 二万九千八百円.

A figure is told apart by its kind and unit: prices by currency (`JPY`, `USD`, `EUR`, `GBP`),
percentages, quantities with a counter or unit (`3合`, `12分`, `20 cm`), and bare numbers.
List markers (`1.` at the start of a line) and digits inside names (`GPT-4o`, `s1-t3`) are not
figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

FigureKind = Literal["price", "percent", "quantity", "number"]

_WIDE = str.maketrans("０１２３４５６７８９，．￥＄％", "0123456789,.¥$%")
"""Full-width digits and signs read as ASCII (one character for one, so offsets hold)."""

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
_KANJI_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9, "壱": 1, "弐": 2, "参": 3}
_KANJI_SMALL = {"十": 10, "百": 100, "千": 1000, "拾": 10, "阡": 1000}
_KANJI_LARGE = {"万": 10**4, "萬": 10**4, "億": 10**8, "兆": 10**12}

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_KANJI_NUM = r"[〇零一二三四五六七八九壱弐参十百千拾阡]+"
_JA_NUM = rf"(?:{_NUM}|{_KANJI_NUM})(?:[万萬億兆](?:{_NUM}|{_KANJI_NUM})?)*"
_SCALE_EN = r"(?:\s?(?P<{}>k|K|million|billion|thousand)\b)?"

_CURRENCY_WORDS = {
    "円": "JPY",
    "yen": "JPY",
    "jpy": "JPY",
    "ドル": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "usd": "USD",
    "ユーロ": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "pounds": "GBP",
    "gbp": "GBP",
}
_SIGNS = {"¥": "JPY", "$": "USD", "€": "EUR", "£": "GBP"}

_JA_UNITS = (
    "時間|週間|ヶ月|か月|カ月|ヵ月|年間|日間|分間|秒間|インチ|キロ|グラム|リットル|ワット|"
    "合|分|秒|時|日|週|月|年|回|人|個|台|枚|本|杯|件|歳|才|倍|割|品|種類|点|社|店|袋|箱|"
    "cm|mm|km|kg|mg|ml|mL|GB|TB|MB|W|L|g|m"
)
_EN_UNITS = (
    "minutes?|mins?|hours?|hrs?|seconds?|days?|weeks?|months?|years?|times|people|cups?|"
    "inches|inch|feet|foot|pounds|lbs?|kilograms?|kg|grams?|g|cm|mm|km|miles?|liters?|litres?|"
    "ml|GB|TB|MB|W|watts?|servings?|items?|pieces?|steps?|stars?"
)

_PATTERN = re.compile(
    rf"(?P<sign>[¥$€£])\s?(?P<signed>{_NUM}){_SCALE_EN.format('signed_scale')}(?P<signed_large>[万億])?(?:円)?"
    rf"|(?P<ja>{_JA_NUM})\s?(?P<ja_unit>円|ドル|ユーロ|パーセント|%|{_JA_UNITS})(?![A-Za-z])"
    rf"|(?P<en>{_NUM}){_SCALE_EN.format('en_scale')}[\s-]?(?P<en_unit>%|percent\b|per cent\b|(?:yen|jpy|dollars?|usd|cents?|"
    rf"euros?|eur|pounds|gbp)\b|(?:{_EN_UNITS})\b)"
    rf"|(?P<bare>{_NUM})",
    re.IGNORECASE,
)
_LIST_MARKER = re.compile(r"^[ \t>]*\d+[.)](?:\s|$)", re.MULTILINE)


@dataclass(frozen=True)
class Figure:
    """A number, price or amount as written in a turn, with where it stands."""

    text: str
    start: int
    end: int
    kind: FigureKind
    value: float
    unit: str
    """Currency code, `%`, the counter or unit as written (`合`, `minutes`), or `` for a number."""

    @property
    def key(self) -> tuple[str, str, float]:
        """Two figures with the same key state the same amount, however they are written."""
        return (self.kind, self.unit, self.value)

    def shown(self) -> str:
        """The amount in one spelling, for tables: `29,800 JPY`, `45 %`, `3 合`."""
        value = f"{self.value:,.0f}" if self.value == int(self.value) else f"{self.value:,g}"
        return f"{value} {self.unit}".strip()


def figures(text: str) -> list[Figure]:
    """Every figure stated in `text`, in order."""
    ascii_text = text.translate(_WIDE)
    found: list[Figure] = []
    for match in _PATTERN.finditer(ascii_text):
        figure = _figure(match, text)
        if figure is not None:
            found.append(figure)
    return found


def _figure(match: re.Match[str], text: str) -> Figure | None:
    start, end = match.span()
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    groups = match.groupdict()
    if _inside_name(before, after, text, start):
        return None
    if groups["sign"]:
        value = _number(groups["signed"]) * _scale(groups["signed_scale"])
        value *= _KANJI_LARGE.get(groups["signed_large"] or "", 1)
        return Figure(text[start:end], start, end, "price", value, _SIGNS[groups["sign"]])
    if groups["ja"]:
        read = japanese_number(groups["ja"].translate(_WIDE))
        if read is None:
            return None
        value = read
        unit = groups["ja_unit"]
        if unit in ("%", "パーセント", "割"):
            value *= 10 if unit == "割" else 1
            return Figure(text[start:end], start, end, "percent", value, "%")
        if unit in _CURRENCY_WORDS:
            return Figure(text[start:end], start, end, "price", value, _CURRENCY_WORDS[unit])
        if not re.search(r"\d", groups["ja"]) and unit != "割":
            return None  # 十分 (enough), 一人暮らし, 三日坊主: words, not figures stated
        return Figure(text[start:end], start, end, "quantity", value, unit)
    if groups["en"]:
        value = _number(groups["en"]) * _scale(groups["en_scale"])
        unit = groups["en_unit"].lower()
        if unit in ("%", "percent", "per cent"):
            return Figure(text[start:end], start, end, "percent", value, "%")
        if unit in ("cent", "cents"):
            return Figure(text[start:end], start, end, "price", value / 100, "USD")
        if unit in _CURRENCY_WORDS:
            return Figure(text[start:end], start, end, "price", value, _CURRENCY_WORDS[unit])
        unit = {"inches": "inch", "feet": "foot", "lbs": "lb"}.get(unit, unit)
        unit = unit if len(unit) <= 2 or unit == "times" else unit.removesuffix("s")
        return Figure(text[start:end], start, end, "quantity", value, unit)
    line_start = text.rfind("\n", 0, start) + 1
    if _LIST_MARKER.match(text, line_start) and text[line_start:start].strip(" \t>") == "":
        return None
    return Figure(text[start:end], start, end, "number", _number(groups["bare"]), "")


def _inside_name(before: str, after: str, text: str, start: int) -> bool:
    """Digits that are part of a word or a name: GPT-4o, mp3, s1-t3, v2.1."""
    if before.isascii() and before.isalpha():
        return True
    if before == "-" and start >= 2 and text[start - 2].isascii() and text[start - 2].isalnum():
        return True
    return after.isascii() and after.isalpha() and after.lower() not in ("k",)


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _scale(word: str | None) -> float:
    return {"k": 1e3, "thousand": 1e3, "million": 1e6, "billion": 1e9}.get((word or "").lower(), 1)


def japanese_number(text: str) -> float | None:
    """The value of a number written with digits, kanji or both: 2万9800, 二万九千八百, 1.5万."""
    total = 0.0
    section = 0.0
    digits = ""
    small = 0.0
    for c in text + "\0":
        if c.isdigit() or c in ".,":
            digits += c
            continue
        if digits:
            small += _number(digits) if digits.strip(",.") else 0
            digits = ""
        if c in _KANJI_DIGITS:
            small = small * 10 + _KANJI_DIGITS[c] if small else _KANJI_DIGITS[c]
        elif c in _KANJI_SMALL:
            section += (small or 1) * _KANJI_SMALL[c]
            small = 0
        elif c in _KANJI_LARGE:
            total += (section + small) * _KANJI_LARGE[c]
            section = small = 0
        elif c == "\0":
            total += section + small
        else:
            return None
    return total
