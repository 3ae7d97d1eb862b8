"""Who a speaker label names: the researcher, a model, a bold label of the text, or metadata."""

from __future__ import annotations

import re
from collections.abc import Mapping

USER_NAMES = frozenset({"me", "user", "you", "human", "ユーザー", "私", "わたし", "自分"})
"""Speaker names that always mean the researcher."""

MODEL_FAMILIES = {
    "claude": "Claude",
    "gemini": "Gemini",
    "grok": "Grok",
    "chatgpt": "ChatGPT",
    "gpt": "GPT",
    "copilot": "Copilot",
    "bard": "Bard",
    "llama": "Llama",
    "mistral": "Mistral",
    "deepseek": "DeepSeek",
    "qwen": "Qwen",
    "perplexity": "Perplexity",
}
"""First words of speaker names known to be language models (case-insensitive)."""

GENERIC_MODEL_NAMES = frozenset({"assistant", "ai", "bot", "アシスタント"})
"""Speaker names that mean "the model" without saying which one."""

MODEL_VARIANT_WORDS = frozenset(
    {"sonnet", "opus", "haiku", "pro", "flash", "ultra", "mini", "turbo", "nano", "thinking"}
)
"""Words after a family name in a title that still belong to the model's name."""

METADATA_LABELS = {"date": "date", "日付": "date", "model": "model", "モデル": "model"}
"""Labels (`Date:`, `**Model:**`) that describe the log instead of starting a turn."""

SPEAKER_ROLES = ("user", "model", "text")
"""What front matter `speakers:` may map a name to; `text` marks a bold label inside a turn."""


class Speakers:
    """Who a label names: the researcher, a model, a bold label of the text, or metadata."""

    def __init__(self, declared: Mapping[str, str]):
        self.declared = {name.casefold(): role for name, role in declared.items()}

    def role(self, name: str) -> str | None:
        key = name.casefold()
        if key in self.declared:
            return self.declared[key]
        if key in METADATA_LABELS:
            return "meta"
        if key in USER_NAMES:
            return "user"
        if key in GENERIC_MODEL_NAMES or model_family(name) is not None:
            return "model"
        return None


def model_family(name: str) -> str | None:
    """The model family a speaker name or title word starts with (`Claude Opus` → Claude)."""
    first = re.split(r"[^0-9a-z]+", name.casefold().strip())
    return MODEL_FAMILIES.get(first[0]) if first else None


def model_from_title(title: str | None) -> str | None:
    """The model a title names, variant words and all (`Claude Opus 4.1 しりとり`)."""
    if not title:
        return None
    words = title.replace("：", " ").split()
    for position, word in enumerate(words):
        if model_family(word.strip(":,()（）「」")) is None:
            continue
        taken = [word.strip(":,()（）「」")]
        for following in words[position + 1 :]:
            following = following.strip(":,()（）「」")
            if following.casefold() in MODEL_VARIANT_WORDS or re.fullmatch(
                r"[0-9][0-9.]*[a-z]?", following
            ):
                taken.append(following)
            else:
                break
        return " ".join(taken)
    return None
