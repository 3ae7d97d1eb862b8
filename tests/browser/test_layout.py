"""Every page type at 1280 and 390 px in both languages: nothing overflows, no control or
short label wraps or breaks inside a word; a screenshot of each for a person to look at."""

from __future__ import annotations

import pytest
from site_support import BLNS_ID

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "home": "",
    "logs": "logs/",
    "chat": "logs/annotated-chat/",
    "chat-markdown": "logs/formatted-chat/",
    "batch": "logs/claude-natural-imprecise-umi-n50-20260420/",
    "batch-fixed": "logs/claude-fixed-prompt-kami-n50-20260420/",
    "tables": "tables/",
    "labels": "taxonomy/",
    "method": "method/",
    "blns": f"logs/{BLNS_ID}/",
}
WIDTHS = {1280: 900, 390: 844}

CONTROLS = ", ".join(
    [
        "article button:not([hidden])",
        ".md-content .kiroku-badge",
        ".md-content .kiroku-anchor",
        ".md-content .kiroku-tag",
        ".md-content time",
        ".md-content .kiroku-word",
        ".md-content .kiroku-id",
        ".md-content .kiroku-uses a",
        ".md-content ol.kiroku-played > li",
        ".md-content ol.kiroku-chain > li",
        ".md-content table.kiroku-table code",
        ".md-content .kiroku-sha",
        ".md-content .kiroku-label-counts > span",
        ".md-content h2 > code",
    ]
)
"""Things a person reads at a glance or clicks: each must stay on one line."""

SHORT_TEXT = ", ".join(
    [
        ".md-content table.kiroku-table th",
        ".md-content table.kiroku-table td > a",
        ".md-content .kiroku-meta dt",
        ".md-content .kiroku-figures dd",
        ".md-content .kiroku-legend li",
        ".md-content .kiroku-use-log > a",
    ]
)
"""Short labels that may wrap, but only between words (at a space or punctuation)."""

MEASURE = """([controls, shortText]) => {
  const visible = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const name = e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '')
    + ' "' + e.textContent.trim().slice(0, 40) + '"';
  const lineHeight = e => {
    const s = getComputedStyle(e);
    const line = parseFloat(s.lineHeight) || parseFloat(s.fontSize) * 1.6;
    return line + parseFloat(s.paddingTop) + parseFloat(s.paddingBottom)
      + parseFloat(s.borderTopWidth) + parseFloat(s.borderBottomWidth);
  };
  const wrapped = [];
  for (const e of document.querySelectorAll(controls)) {
    if (!visible(e)) continue;
    const rects = Array.from(e.getClientRects()).filter(r => r.width > 0);
    const tops = new Set(rects.map(r => Math.round(r.top)));
    if (tops.size > 1 || e.getBoundingClientRect().height > lineHeight(e) * 1.4 + 1) {
      wrapped.push(name(e));
    }
  }
  const between = /[\\s、。・，,．：:；;）)」』】\\]/-]/;
  const opening = /[「『（(【\\[]/;
  const broken = [];
  for (const e of document.querySelectorAll(shortText)) {
    if (!visible(e)) continue;
    const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
    let previous = null, node;
    while ((node = walker.nextNode())) {
      for (let i = 0; i < node.length; i++) {
        if (/\\s/.test(node.data[i])) { previous = {char: ' ', top: previous && previous.top}; continue; }
        const range = document.createRange();
        range.setStart(node, i); range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect) continue;
        if (previous && previous.top !== null && rect.top > previous.top + 2
            && !between.test(previous.char) && !opening.test(node.data[i])) {
          broken.push(name(e) + ' at ' + previous.char + '|' + node.data[i]);
        }
        previous = {char: node.data[i], top: rect.top};
      }
    }
  }
  const content = document.querySelector('.md-content').getBoundingClientRect();
  const scrolls = e => {
    for (let p = e.parentElement; p && p.matches('.md-content *'); p = p.parentElement) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  const overflowing = [];
  for (const e of document.querySelectorAll('.md-content *')) {
    const r = e.getBoundingClientRect();
    if (r.width > 0 && r.right > content.right + 1 && !scrolls(e)) overflowing.push(name(e));
  }
  return {
    page: document.documentElement.scrollWidth - window.innerWidth,
    wrapped: wrapped.slice(0, 10),
    broken: broken.slice(0, 10),
    overflowing: overflowing.slice(0, 10),
  };
}"""


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("language", ["", "ja/"])
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_no_page_overflows_and_no_control_or_word_breaks(
    browser, site_address, kind, language, width, screenshot
):
    context = browser.new_context(viewport={"width": width, "height": WIDTHS[width]})
    tab = context.new_page()
    tab.goto(site_address + language + PAGE_TYPES[kind])
    tab.wait_for_load_state("load")
    found = tab.evaluate(MEASURE, [CONTROLS, SHORT_TEXT])
    if kind != "blns":
        screenshot(tab, f"page-{kind}-{language.strip('/') or 'en'}-{width}", full_page=True)
    context.close()
    assert found == {"page": found["page"], "wrapped": [], "broken": [], "overflowing": []}
    assert found["page"] <= 0, "the page scrolls sideways"
