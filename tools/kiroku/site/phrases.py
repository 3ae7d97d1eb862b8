"""The site's own words in each language; document text is never translated here."""

from __future__ import annotations

LANGUAGES = ("en", "ja")
"""English is built at the site root, Japanese under `/ja/`."""

DEFAULT_LANGUAGE = "en"

_PHRASES: dict[str, dict[str, str]] = {
    "site_name": {"en": "Kiroku", "ja": "記録 Kiroku"},
    "home_title": {"en": "Kiroku: shiritori transcripts", "ja": "記録：しりとりの記録"},
    "home_intro": {
        "en": "Kiroku is the archive of a researcher's experiments with language models playing "
        "shiritori (しりとり), the Japanese word-chain game: each word must start with the last "
        "mora of the one before, and a word ending in ん loses. Models keep reaching for みかん "
        "(mikan, mandarin orange) after a word ending in み, although it ends in ん. Every log is "
        "kept as recorded, with its raw file, and what went wrong is labelled turn by turn.",
        "ja": "記録（Kiroku）は、言語モデルとしりとりをした実験の記録を保管するアーカイブです。"
        "しりとりでは前の言葉の最後の音（モーラ）から始まる言葉を言い、「ん」で終わる言葉を言うと"
        "負けになります。モデルは「み」で終わる言葉のあと、「ん」で終わるにもかかわらずみかんを"
        "選びがちです。どのログも元のファイルとともに記録されたとおりに保管し、何がうまくいかな"
        "かったかをターンごとにラベルで示します。",
    },
    "logs": {"en": "Logs", "ja": "ログ"},
    "logs_intro": {
        "en": "Every archived conversation and trial batch.",
        "ja": "アーカイブされたすべての会話と試行バッチ。",
    },
    "tables": {"en": "Tables", "ja": "集計表"},
    "taxonomy": {"en": "Labels", "ja": "ラベル"},
    "title": {"en": "Title", "ja": "タイトル"},
    "kind": {"en": "Kind", "ja": "種類"},
    "kind_chat": {"en": "conversation", "ja": "会話"},
    "kind_batch": {"en": "trial batch", "ja": "試行バッチ"},
    "model": {"en": "Model", "ja": "モデル"},
    "date": {"en": "Date", "ja": "日付"},
    "size": {"en": "Size", "ja": "規模"},
    "turns": {"en": "turns", "ja": "ターン"},
    "trials": {"en": "trials", "ja": "試行"},
    "sessions": {"en": "sessions", "ja": "セッション"},
    "source": {"en": "Source file", "ja": "元ファイル"},
    "metadata": {"en": "Metadata file", "ja": "メタデータ"},
    "format": {"en": "Format", "ja": "形式"},
    "tags": {"en": "Tags", "ja": "タグ"},
    "download": {"en": "download", "ja": "ダウンロード"},
    "notes": {"en": "Notes", "ja": "メモ"},
    "session": {"en": "Session", "ja": "セッション"},
    "context": {"en": "Context", "ja": "コンテキスト"},
    "chain": {"en": "Played words", "ja": "出た言葉"},
    "no_played": {
        "en": "No played words found yet.",
        "ja": "出た言葉はまだ見つかっていません。",
    },
    "speaker_user": {"en": "User", "ja": "ユーザー"},
    "speaker_model": {"en": "Model", "ja": "モデル"},
    "original": {"en": "Original (Japanese)", "ja": "原文"},
    "translation": {"en": "English translation", "ja": "英訳"},
    "not_translated": {"en": "not yet translated", "ja": "未翻訳"},
    "none_translated": {
        "en": "No turn of this log is translated yet: its turns are shown in Japanese.",
        "ja": "この記録にはまだ英訳がありません。",
    },
    "reasoning": {"en": "Reasoning", "ja": "推論"},
    "attachments": {"en": "Attachments", "ja": "添付"},
    "alternatives": {"en": "Other branches", "ja": "別の分岐"},
    "labels": {"en": "Labels", "ja": "ラベル"},
    "dismissed": {"en": "dismissed by", "ja": "却下:"},
    "note": {"en": "Note", "ja": "メモ"},
    "copy_link": {"en": "copy link", "ja": "リンクをコピー"},
    "show_source": {"en": "show raw text", "ja": "元のテキスト"},
    "show_formatted": {"en": "show formatted", "ja": "整形して表示"},
    "copied": {"en": "copied", "ja": "コピーしました"},
    "copy_quote": {"en": "copy quote", "ja": "引用をコピー"},
    "quote_turn": {
        "en": "session {session}, turn {turn}",
        "ja": "セッション {session}・ターン {turn}",
    },
    "quote_trial": {"en": "trial", "ja": "試行"},
    "shiritori": {"en": "Shiritori", "ja": "しりとり"},
    "home_study": {"en": "The study at a glance", "ja": "研究の概要"},
    "home_rate": {
        "en": "{count} of {outputs} start with みかん ({rate})",
        "ja": "{outputs} 件中 {count} 件がみかんで始まる（{rate}）",
    },
    "home_archive": {"en": "The archive", "ja": "アーカイブ"},
    "failure_type": {"en": "Failure type", "ja": "失敗の型"},
    "failure_glance_note": {
        "en": "Each cell: the model's turns a person labelled so (the turns the analysis "
        "suggested, dismissed ones included).",
        "ja": "各セル：その型と人が判断したモデルのターン数（括弧内は分析が提案したターン数、"
        "却下されたものを含む）。",
    },
    "failure_glance_full": {"en": "The table with downloads →", "ja": "ダウンロードつきの表 →"},
    "home_all_tables": {
        "en": "All the study's tables, with downloads →",
        "ja": "集計表をすべて見る（ダウンロード可）→",
    },
    "filter_logs": {"en": "Filter", "ja": "絞り込み"},
    "filter_logs_placeholder": {"en": "title, id, model…", "ja": "タイトル・ID・モデル…"},
    "filter_all": {"en": "all", "ja": "すべて"},
    "experiment": {"en": "Experiment", "ja": "実験"},
    "archive_experiment_shiritori": {"en": "shiritori", "ja": "しりとり"},
    "archive_experiment_conversation": {"en": "conversation", "ja": "会話"},
    "month": {"en": "Month", "ja": "月"},
    "first_word_counts": {"en": "first words", "ja": "最初の語"},
    "link_to_turn": {"en": "Permanent link to this turn", "ja": "このターンへの固定リンク"},
    "rule_break": {"en": "rule break", "ja": "ルール違反"},
    "ends_in_n": {"en": "ends in ん", "ja": "「ん」で終わる"},
    "condition": {"en": "Condition", "ja": "条件"},
    "system_prompt": {"en": "System prompt", "ja": "システムプロンプト"},
    "user_prompt": {"en": "User prompt", "ja": "ユーザープロンプト"},
    "prior_word": {"en": "Prior word", "ja": "直前の語"},
    "parameters": {"en": "Parameters", "ja": "パラメータ"},
    "none": {"en": "none", "ja": "なし"},
    "trial_count": {"en": "Trials", "ja": "試行数"},
    "about_batch": {"en": "About this batch", "ja": "このバッチについて"},
    "summary": {"en": "Summary", "ja": "概要"},
    "first_words": {"en": "First word of each trial", "ja": "各試行の最初の語"},
    "first_word": {"en": "First word", "ja": "最初の語"},
    "played": {"en": "Played words", "ja": "出た言葉"},
    "output": {"en": "Output", "ja": "出力"},
    "trial": {"en": "Trial", "ja": "試行"},
    "recorded": {"en": "Recorded by the source", "ja": "元データの記録"},
    "labelled": {"en": "Trials with labels", "ja": "ラベル付きの試行"},
    "suggested": {"en": "Trials with suggestions", "ja": "ラベル提案のある試行"},
    "filter": {"en": "Filter trials", "ja": "試行を絞り込む"},
    "filter_placeholder": {"en": "type to filter…", "ja": "文字を入力して絞り込み…"},
    "shown": {"en": "shown", "ja": "件表示"},
    "sort_hint": {"en": "Click a column heading to sort.", "ja": "列見出しをクリックで並べ替え。"},
    "legend_labelled": {
        "en": "labelled by a person (a rule break or another mistake)",
        "ja": "人がラベルを付けた試行（ルール違反などの誤り）",
    },
    "legend_suggested": {
        "en": "a rule suggests a break (not yet confirmed by a person)",
        "ja": "ルール違反の提案あり（人による確認はまだ）",
    },
    "count": {"en": "Count", "ja": "件数"},
    "taxonomy_intro": {
        "en": "Every label a turn or trial can carry, with every place it is used.",
        "ja": "ターンや試行に付けられるすべてのラベルと、その使用箇所。",
    },
    "used_by": {"en": "Where it is used, by log", "ja": "使われている箇所（ログごと）"},
    "count_confirmed": {"en": "confirmed", "ja": "確認済み"},
    "count_suggested": {"en": "suggested", "ja": "提案のみ"},
    "count_dismissed": {"en": "dismissed", "ja": "却下"},
    "use_confirmed": {"en": "labelled by a person", "ja": "人が付けたラベル"},
    "use_suggested": {
        "en": "suggested by a rule, not yet confirmed",
        "ja": "規則による提案（未確認）",
    },
    "use_dismissed": {"en": "suggestion dismissed by a person", "ja": "人が却下した提案"},
    "more": {"en": "{n} more", "ja": "ほか {n} 件"},
    "more_logs": {"en": "{logs} more", "ja": "ほか {logs}"},
    "unused": {"en": "not used yet", "ja": "まだ使われていません"},
    "unknown_label": {"en": "Labels not in the taxonomy", "ja": "分類にないラベル"},
    "no_taxonomy": {
        "en": "No taxonomy yet (logs/taxonomy.yaml).",
        "ja": "分類（logs/taxonomy.yaml）はまだありません。",
    },
    "tables_intro": {
        "en": "The study's figures, computed from the archive. Each table can be downloaded.",
        "ja": "アーカイブから計算した研究の集計。各表はダウンロードできます。",
    },
    "rows_shown": {
        "en": "The first {shown:,} of {total:,} rows are shown; every row is in the downloads above.",
        "ja": "全{total:,}行のうち最初の{shown:,}行を表示しています。すべての行は上のダウンロードにあります。",
    },
    "no_tables": {
        "en": "No tables yet: the analysis has not produced any figures.",
        "ja": "集計表はまだありません。",
    },
    "no_logs": {"en": "No logs yet.", "ja": "ログはまだありません。"},
    "sha256": {"en": "SHA-256", "ja": "SHA-256"},
    "chart_empty": {"en": "no data", "ja": "データなし"},
    "label_for": {"en": "for {experiments}", "ja": "{experiments}用"},
    "experiment_shiritori": {"en": "shiritori games", "ja": "しりとり"},
    "experiment_conversation": {"en": "conversations", "ja": "会話"},
    "conversation_figures": {"en": "Figures of this conversation", "ja": "この会話の数字"},
    "length_chart": {
        "en": "Length of each turn in characters, user and model",
        "ja": "各ターンの長さ（文字数）、ユーザーとモデル",
    },
    "characters": {"en": "characters", "ja": "文字"},
    "fig_turns": {"en": "Turns", "ja": "ターン数"},
    "fig_mean_length": {"en": "Mean length (characters)", "ja": "平均の長さ（文字）"},
    "fig_cv": {"en": "Variation of length (CV)", "ja": "長さのばらつき（変動係数）"},
    "fig_window_cv": {
        "en": "Variation over {window} exchanges in a row (range)",
        "ja": "連続する{window}往復でのばらつき（範囲）",
    },
    "fig_words": {"en": "Words", "ja": "単語数"},
    "fig_sentences": {"en": "Sentences", "ja": "文の数"},
    "fig_questions": {"en": "Questions", "ja": "質問"},
    "fig_emoji": {"en": "Emoji", "ja": "絵文字"},
    "fig_figures": {"en": "Numbers and prices stated", "ja": "出てきた数字・値段"},
    "fig_ratio": {
        "en": "Model's variation ÷ user's: {ratio} (well under 1: the replies keep their length "
        "whatever the user writes)",
        "ja": "モデルのばらつき ÷ ユーザーのばらつき：{ratio}（1よりずっと小さければ、"
        "ユーザーが何を書いても返答の長さは変わらない）",
    },
    "fig_correlation": {
        "en": "Correlation between a user turn's length and the reply's: r = {r}",
        "ja": "ユーザーのターンの長さと返答の長さの相関：r = {r}",
    },
    "fig_repeats": {
        "en": "Of {replies} replies: {closing} close as two or more earlier ones did, {figure} "
        "state a price or figure again, {template} are built like an earlier one",
        "ja": "返答{replies}件のうち、前の二つ以上と同じ締め：{closing}件、値段や数字のくり返し："
        "{figure}件、前の返答と同じ型：{template}件",
    },
    "said_before": {"en": "said before in {turns}", "ja": "前に {turns} で出ています"},
    "turn_figures": {
        "en": "{characters} · {words} · {sentences} · {questions} · {emoji}",
        "ja": "{characters}文字 · {words}語 · {sentences}文 · 質問{questions} · 絵文字{emoji}",
    },
}


_COUNTED: dict[str, dict[str, tuple[str, str]]] = {
    "turns": {"en": ("turn", "turns"), "ja": ("ターン", "ターン")},
    "trials": {"en": ("trial", "trials"), "ja": ("試行", "試行")},
    "sessions": {"en": ("session", "sessions"), "ja": ("セッション", "セッション")},
    "logs": {"en": ("log", "logs"), "ja": ("件のログ", "件のログ")},
    "outputs": {"en": ("output", "outputs"), "ja": ("件", "件")},
    "characters": {"en": ("character", "characters"), "ja": ("文字", "文字")},
    "words": {"en": ("word", "words"), "ja": ("語", "語")},
    "sentences": {"en": ("sentence", "sentences"), "ja": ("文", "文")},
    "paragraphs": {"en": ("paragraph", "paragraphs"), "ja": ("段落", "段落")},
    "questions": {"en": ("question", "questions"), "ja": ("質問", "質問")},
    "emoji": {"en": ("emoji", "emoji"), "ja": ("絵文字", "絵文字")},
}
"""Nouns counted on the pages: singular and plural in English, one form in Japanese."""


def counted(n: int, noun: str, lang: str) -> str:
    """`n` and the noun in the right number: 1 session, 2 sessions, 1 セッション."""
    singular, plural = _COUNTED[noun][lang]
    return f"{n} {singular if n == 1 else plural}"


def counted_slot(n: int, noun: str, lang: str) -> str:
    """What a phrase's slot for a count of `noun` holds: in English the count with its noun
    in the right number (`1 sentence`); in Japanese the number alone, since the phrase puts
    the counter where Japanese wants it (`6文`, `質問1`)."""
    return counted(n, noun, lang) if lang == "en" else str(n)


def phrase(key: str, lang: str) -> str:
    """The site's wording for `key` in `lang`."""
    return _PHRASES[key][lang]


def phrase_keys() -> frozenset[str]:
    return frozenset(_PHRASES)
