"""Every string the annotator shows, in Japanese and English, in one place."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal

Lang = Literal["ja", "en"]

STRINGS: dict[str, tuple[str, str]] = {
    # key: (ja, en)
    "app.title": ("記録 — 注釈", "Kiroku — annotate"),
    "browse.title": ("ログ一覧", "Logs"),
    "browse.loading": ("読み込み中…", "Loading…"),
    "browse.empty": ("logs/ にログがありません", "No logs in logs/"),
    "browse.search": ("検索（ID・題名・本文）", "Search (id, title, text)"),
    "browse.any_model": ("すべてのモデル", "Any model"),
    "browse.any_label": ("すべてのラベル", "Any label"),
    "browse.unconfirmed": ("未確認の提案あり", "Has unconfirmed suggestions"),
    "browse.shown": ("{shown} / {total} 件", "{shown} of {total} logs"),
    "col.id": ("ID", "Id"),
    "col.title": ("題名", "Title"),
    "col.model": ("モデル", "Model"),
    "col.date": ("日付", "Date"),
    "col.kind": ("種類", "Kind"),
    "col.units": ("件数", "Units"),
    "col.progress": ("進捗", "Labelled"),
    "col.suggestions": ("提案", "Suggested"),
    "col.trial": ("試行", "Trial"),
    "col.first_word": ("最初の語", "First word"),
    "col.labels": ("ラベル", "Labels"),
    "kind.chat": ("対話", "chat"),
    "kind.batch": ("一括", "batch"),
    "speaker.user": ("ユーザー", "user"),
    "speaker.model": ("モデル", "model"),
    "session.heading": ("セッション {index}", "Session {index}"),
    "session.context": ("前提 · {role}: {text}", "context · {role}: {text}"),
    "session.no_turns": ("（ターンなし）", "(no turns)"),
    "panel.empty": ("（なし）", "(none)"),
    "panel.labels": ("ラベル", "Labels"),
    "panel.suggestions": ("提案", "Suggestions"),
    "panel.played": ("出した語", "Played word"),
    "panel.override": ("訂正: {words}（{by}）", "corrected: {words} ({by})"),
    "panel.no_word": ("語なし", "no word played"),
    "panel.talk": ("会話（手ではない）", "talk, not a move"),
    "panel.version": ("— {by}（{at}）", "— {by}, {at}"),
    "panel.earlier": ("（以前の版 {count}）", "({count} earlier)"),
    "panel.reviewed": ("確認済み: {who}", "reviewed by {who}"),
    "panel.translation": ("英訳", "English translation"),
    "panel.note": ("メモ", "Note"),
    "panel.output": ("出力", "Output"),
    "panel.accepted": ("採用済み", "accepted"),
    "panel.unconfirmed": ("未確認", "unconfirmed"),
    "panel.dismissed": ("却下: {by} {at}", "dismissed by {by} {at}"),
    "panel.rule_break": ("ルール違反", "rule break"),
    "panel.figures": ("このターンの数字", "Figures of this turn"),
    "panel.figures_line": (
        "{characters}文字 · {words}語 · {sentences}文 · {paragraphs}段落 · 質問{questions} · 絵文字{emoji}",
        "{characters} · {words} · {sentences} · {paragraphs} · {questions} · {emoji}",
    ),
    "panel.figures_stated": ("数字: {figures}", "figures: {figures}"),
    "panel.repeats": ("前の返答のくり返し", "Repeats earlier replies"),
    "panel.repeat_closing": ("締め: {turns} と同じ", "closing as in {turns}"),
    "panel.repeat_figure": ("{figure}: {turns} でも", "{figure} as in {turns}"),
    "panel.repeat_phrase": ("「{phrase}」: {turns}", "「{phrase}」 in {turns}"),
    "status.saved": ("保存しました", "Saved"),
    "status.saving": ("保存中…", "Saving…"),
    "status.unsaved": ("未保存の変更", "Unsaved changes"),
    "status.position": ("{position} / {total}", "{position} of {total}"),
    "status.match": ("一致 {index} / {total}", "match {index} of {total}"),
    "status.matches": ("一致 {total} 件", "{total} matches"),
    "search.placeholder": (
        "ログ内を検索（Enter・↓ 次、↑ 前、Esc 閉じる）",
        "Search this log (Enter/↓ next, ↑ previous, Esc close)",
    ),
    "chain.played": ("出た言葉:", "Played:"),
    "chain.session": ("セッション {index}:", "Session {index}:"),
    "condition.title": ("条件:", "Condition:"),
    "condition.prior_word": ("直前の語", "prior word"),
    "condition.system": ("システム:", "System:"),
    "condition.user": ("ユーザー:", "User:"),
    "panel.chosen": ("a・x の対象", "a/x act on this"),
    "status.progress": ("済 {done}/{total}", "done {done}/{total}"),
    "status.marked": ("選択 {count}", "{count} marked"),
    "panel.marked": ("A・X の対象（選択中）", "marked for A/X"),
    "status.who": ("注釈者: {who}", "annotator: {who}"),
    "notice.no_suggestion": ("未確認の提案はありません", "No unconfirmed suggestion here"),
    "notice.accepted": ("提案 {label} を採用", "Accepted suggestion {label}"),
    "notice.rejected": ("提案 {label} を却下", "Dismissed suggestion {label}"),
    "notice.label_on": ("ラベル {label} を付けました", "Labelled {label}"),
    "notice.label_off": ("ラベル {label} を外しました", "Removed label {label}"),
    "notice.nothing_to_undo": ("元に戻す操作はありません", "Nothing to undo"),
    "notice.nothing_to_redo": ("やり直す操作はありません", "Nothing to redo"),
    "notice.undone": ("元に戻しました: {what}", "Undone: {what}"),
    "notice.redone": ("やり直しました: {what}", "Redone: {what}"),
    "notice.no_unlabelled": ("ラベルのない箇所はありません", "Every unit has a label"),
    "notice.no_unconfirmed": ("未確認の提案はもうありません", "No unconfirmed suggestion left"),
    "notice.no_disagreement": (
        "注釈者の判断が分かれた箇所はありません",
        "No unit where the annotators disagree",
    ),
    "notice.filtered": (
        "注釈者の判断が分かれた {count} 件だけを表示（D・Esc で全件に戻る）",
        "Showing only the {count} unit(s) the annotators labelled differently"
        " (D or Esc: every unit)",
    ),
    "status.filtered": (
        "不一致のみ {shown} 件（D で全件）",
        "disagreements only: {shown} (D: all)",
    ),
    "notice.wrapped": (
        "末尾まで来たので先頭から: {anchor}",
        "Wrapped round to the start: {anchor}",
    ),
    "notice.no_match": ("「{query}」は見つかりません", "No match for “{query}”"),
    "notice.only_match": ("一致はここだけです", "This is the only match"),
    "notice.search_wrapped_top": (
        "末尾まで来たので先頭から検索",
        "Search wrapped round to the start",
    ),
    "notice.search_wrapped_end": (
        "先頭まで来たので末尾から検索",
        "Search wrapped round to the end",
    ),
    "notice.one_suggestion": ("未確認の提案はこれだけです", "This is the only open suggestion"),
    "notice.no_label_key": (
        "{number} キーにラベルがありません（設定ファイルの label_keys）",
        "No label on key {number} (label_keys in the settings file)",
    ),
    "notice.label_keys_error": (
        "数字キーの設定を読めません: {error}",
        "Cannot read the number keys: {error}",
    ),
    "notice.save_failed": ("保存できませんでした: {error}", "Could not save: {error}"),
    "notice.no_taxonomy": ("ラベル分類がありません: {error}", "No label taxonomy: {error}"),
    "change.label_on": ("ラベル {label} を付ける", "add label {label}"),
    "change.label_off": ("ラベル {label} を外す", "remove label {label}"),
    "change.accept": ("提案 {label} を採用", "accept suggestion {label}"),
    "change.reject": ("提案 {label} を却下", "dismiss suggestion {label}"),
    "change.translation": ("英訳を編集", "edit translation"),
    "change.note": ("メモを編集", "edit note"),
    "change.played": ("出した語を訂正", "correct played word"),
    "change.reviewed": ("確認済みにする", "mark reviewed"),
    "change.unreviewed": ("確認済みを外す", "unmark reviewed"),
    "change.rest_reviewed": ("残り {count} 件を確認済みに", "mark the remaining {count} reviewed"),
    "change.accept_all": ("提案 {label} を {count} 件採用", "accept {label} on {count} units"),
    "change.reject_all": ("提案 {label} を {count} 件却下", "dismiss {label} on {count} units"),
    "palette.title": ("ラベルを付ける・外す", "Toggle labels"),
    "palette.filter": ("絞り込み", "Type to filter"),
    "palette.hint": (
        "Space・Tab 付け外し（開いたまま） · Enter 閉じる（未操作なら選択中を付け外し） · Esc 閉じる",
        "Space/Tab toggle and stay · Enter close (toggles the highlighted one if none toggled)"
        " · Esc close",
    ),
    "editor.translation": ("英訳（{anchor}）", "English translation ({anchor})"),
    "editor.note": ("メモ（{anchor}）", "Note ({anchor})"),
    "editor.hint": (
        "Ctrl+S 保存 · Esc 取消（変更があれば確認）",
        "Ctrl+S save · Esc cancel (asks first if you changed the text)",
    ),
    "discard.title": ("入力した文章を捨てますか？", "Discard the text you typed?"),
    "discard.save": ("保存", "Save"),
    "discard.discard": ("捨てる", "Discard"),
    "discard.keep": ("編集を続ける", "Keep editing"),
    "played.title": ("出した語（{anchor}）", "Played word ({anchor})"),
    "played.hint": (
        "空白区切りで語を入力（空なら「語なし」） · Enter 保存 · Ctrl+T 手ではなく会話"
        " · Ctrl+D 訂正を取り消す · Esc 取消",
        "Words separated by spaces (empty: no word played here) · Enter save"
        " · Ctrl+T talk, not a move · Ctrl+D remove the correction · Esc cancel",
    ),
    "conflict.title": ("両方で変更されています", "Changed here and on disk"),
    "conflict.body": (
        "{path} の {anchor} は、ここでもディスク上でも変更されました。どちらを残しますか？"
        "（他のターンの変更は両方とも残ります）",
        "{anchor} of {path} was changed here and on disk. Which version should stay?"
        " (Changes to other turns are all kept.)",
    ),
    "conflict.remaining": ("ほかに {count} 件", "{count} more after this one."),
    "conflict.mine": ("自分の版（このアプリ）", "Yours (this app)"),
    "conflict.theirs": ("ディスク上の版", "On disk"),
    "conflict.same": ("— 両方で同じ —", "— the same on both sides —"),
    "conflict.keep": ("自分の版を残す", "Keep mine"),
    "conflict.take": ("ディスクの版を残す", "Keep the disk's"),
    "notice.merged": (
        "ディスク上の変更と合わせて保存します（{count} 件）",
        "Merged with the changes on disk ({count} of yours kept)",
    ),
    "notice.unreadable": (
        "ディスク上のファイルを読めません: {error}。変更はメモリと {recovery} に保持しています",
        "The file on disk cannot be read: {error}. Your changes are kept in memory and in"
        " {recovery}",
    ),
    "notice.recovered": (
        "{recovery} から未保存の変更を復元しました（{count} 件）",
        "Recovered {count} unsaved change(s) from {recovery}",
    ),
    "status.unreadable": (
        "ファイルを読めません（未保存の変更あり）: {error}",
        "File unreadable, changes unsaved: {error}",
    ),
    "exit.unsaved": (
        "{path} は保存できませんでした（{error}）。変更は {recovery} にあります。"
        "ファイルを直してから開き直すと合わせて保存します。",
        "{path} could not be saved ({error}). Your changes are in {recovery}; fix the file"
        " and open the log again to merge them in.",
    ),
    "help.title": ("ヘルプ", "Help"),
    "help.key": ("キー", "Key"),
    "help.action": ("操作", "Action"),
    "help.browse": ("一覧画面", "Log list"),
    "help.log": ("ログ画面", "Log view"),
    "help.everywhere": ("どこでも", "Everywhere"),
    "help.label_keys": ("番号キーのラベル", "Number keys"),
    # Binding descriptions, keyed by binding id.
    "bind.quit": ("終了", "Quit"),
    "bind.command_palette": ("コマンドパレット", "Command palette"),
    "bind.help": ("ヘルプ", "Help"),
    "bind.open": ("開く", "Open"),
    "bind.search": ("検索", "Search"),
    "bind.toggle_unconfirmed": ("未確認のみ", "Unconfirmed only"),
    "bind.back": ("一覧へ", "Back"),
    "bind.next": ("次", "Next"),
    "bind.previous": ("前", "Previous"),
    "bind.first": ("先頭", "First"),
    "bind.last": ("末尾", "Last"),
    "bind.page_down": ("次のページ", "Page down"),
    "bind.page_up": ("前のページ", "Page up"),
    "bind.next_session": ("次のセッション", "Next session"),
    "bind.previous_session": ("前のセッション", "Previous session"),
    "bind.next_unlabelled": ("次の未ラベル", "Next unlabelled"),
    "bind.next_suggestion": ("次の提案", "Next suggestion"),
    "bind.next_disagreement": ("次の不一致", "Next disagreement"),
    "bind.filter_disagreements": ("不一致のみ", "Disagreements only"),
    "bind.accept": ("提案を採用", "Accept suggestion"),
    "bind.reject": ("却下", "Dismiss"),
    "bind.label": ("ラベル", "Label"),
    "bind.toggle_condition": ("条件を畳む・開く", "Fold or show the condition"),
    "bind.choose_suggestion": ("提案を選ぶ", "Choose suggestion"),
    "bind.search_log": ("検索", "Search"),
    "bind.next_match": ("次の一致", "Next match"),
    "bind.previous_match": ("前の一致", "Previous match"),
    "bind.close_search": ("検索を閉じる", "Close search"),
    "bind.label_keys": ("番号でラベル", "Label by number"),
    "bind.translate": ("英訳", "Translate"),
    "bind.note": ("メモ", "Note"),
    "bind.played": ("語を訂正", "Played word"),
    "bind.reviewed": ("確認済み", "Reviewed"),
    "bind.rest_reviewed": ("残りを確認済み", "Rest reviewed"),
    "bind.mark": ("選択", "Mark"),
    "bind.accept_all": ("すべて採用", "Accept all"),
    "bind.reject_all": ("すべて却下", "Dismiss all"),
    "bind.played_talk": ("会話（手ではない）", "Talk, not a move"),
    "bind.played_clear": ("訂正を取り消す", "Remove correction"),
    "bind.undo": ("元に戻す", "Undo"),
    "bind.redo": ("やり直す", "Redo"),
    "bind.close": ("閉じる", "Close"),
    "bind.save_text": ("保存", "Save"),
    "bind.cancel": ("取消", "Cancel"),
    "bind.toggle": ("切り替え", "Toggle"),
    "bind.discard": ("捨てる", "Discard"),
    "bind.keep_editing": ("編集を続ける", "Keep editing"),
    "bind.focus_next": ("次の欄へ", "Focus next"),
    "bind.focus_previous": ("前の欄へ", "Focus previous"),
    "bind.copy_text": ("選択した文字をコピー", "Copy selected text"),
    "bind.top": ("先頭へ", "Top"),
    "bind.end": ("末尾へ", "End"),
    "bind.scroll": ("スクロール", "Scroll"),
    # The footer's shorter words for some bindings (the help and the tooltip keep `bind.`):
    # at 80 columns the footer reaches `D` only with these.
    "foot.accept": ("採用", "Accept"),
    "foot.next_suggestion": ("次の提案", "Suggestion"),
    "foot.next_unlabelled": ("未ラベル", "Unlabelled"),
    "foot.filter_disagreements": ("不一致のみ", "Disagreements"),
}


def default_lang(environ: Mapping[str, str] | None = None) -> Lang:
    """Japanese when the locale says so (LC_ALL, then LC_MESSAGES, then LANG), else English."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"


class Catalogue:
    """The UI strings of one language; `catalogue("key", n=1)` formats one of them."""

    def __init__(self, lang: Lang) -> None:
        self.lang: Lang = lang

    def __call__(self, key: str, **values: object) -> str:
        ja, en = STRINGS[key]
        text = ja if self.lang == "ja" else en
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in STRINGS
