/* Kiroku's search results: a log found by search shows the excerpt of the turn that matched.
   A log page gives the index a list of excerpts of its turns (with hidden terms that find
   them) and a paragraph of words (kiroku/site/search.py); Material shows the blocks holding
   the query. This keeps at most two excerpts, marks the query in them where Material could
   not (inside a run of Japanese), and never shows the word list.
   No network, no library; text is only ever added as text nodes. */
(function () {
  "use strict";

  var SHOWN = 2;

  function queryTerms() {
    var input = document.querySelector(".md-search__input");
    var value = input ? input.value.trim().toLowerCase() : "";
    return value ? value.split(/\s+/).filter(function (t) { return t.length > 0; }) : [];
  }

  /* Hepburn romaji as the index spells a word's reading (pykakasi), back to kana, so a
     query typed in romaji (mikan) marks the word it found (みかん, ミカン) in the excerpt. */
  var KANA = {
    a: "あ", i: "い", u: "う", e: "え", o: "お",
    ka: "か", ki: "き", ku: "く", ke: "け", ko: "こ", ga: "が", gi: "ぎ", gu: "ぐ", ge: "げ", go: "ご",
    sa: "さ", shi: "し", si: "し", su: "す", se: "せ", so: "そ",
    za: "ざ", ji: "じ", zi: "じ", zu: "ず", ze: "ぜ", zo: "ぞ",
    ta: "た", chi: "ち", ti: "ち", tsu: "つ", tu: "つ", te: "て", to: "と",
    da: "だ", di: "ぢ", du: "づ", de: "で", do: "ど",
    na: "な", ni: "に", nu: "ぬ", ne: "ね", no: "の",
    ha: "は", hi: "ひ", fu: "ふ", hu: "ふ", he: "へ", ho: "ほ",
    ba: "ば", bi: "び", bu: "ぶ", be: "べ", bo: "ぼ", pa: "ぱ", pi: "ぴ", pu: "ぷ", pe: "ぺ", po: "ぽ",
    ma: "ま", mi: "み", mu: "む", me: "め", mo: "も", ya: "や", yu: "ゆ", yo: "よ",
    ra: "ら", ri: "り", ru: "る", re: "れ", ro: "ろ", wa: "わ", wo: "を", "-": "ー",
    sha: "しゃ", shu: "しゅ", sho: "しょ", cha: "ちゃ", chu: "ちゅ", cho: "ちょ",
    ja: "じゃ", ju: "じゅ", jo: "じょ", fa: "ふぁ", fi: "ふぃ", fe: "ふぇ", fo: "ふぉ"
  };
  ["k", "g", "n", "h", "b", "p", "m", "r"].forEach(function (c) {
    var i = KANA[c + "i"];
    KANA[c + "ya"] = i + "ゃ"; KANA[c + "yu"] = i + "ゅ"; KANA[c + "yo"] = i + "ょ";
  });

  function hiragana(romaji) {
    var out = "";
    var i = 0;
    while (i < romaji.length) {
      var c = romaji.charAt(i);
      var next = romaji.charAt(i + 1);
      if (c === "n" && (next === "" || next === "'" || "aiueoy".indexOf(next) < 0)) {
        out += "ん";
        i += next === "'" ? 2 : 1;
        continue;
      }
      if (c === next && "aiueon".indexOf(c) < 0) {
        out += "っ";
        i += 1;
        continue;
      }
      var found = false;
      for (var size = 3; size > 0 && !found; size -= 1) {
        var kana = KANA[romaji.substr(i, size)];
        if (kana) { out += kana; i += size; found = true; }
      }
      if (!found) { return null; }
    }
    return out;
  }

  function katakana(kana) {
    return kana.replace(/[\u3041-\u3096]/g, function (ch) {
      return String.fromCharCode(ch.charCodeAt(0) + 0x60);
    });
  }

  /* What to look for in the text for one query term: the term, and for a term in romaji
     the kana it spells (hiragana and katakana). */
  function spellings(term) {
    if (!/^[a-z'-]+$/.test(term)) { return [term]; }
    var kana = hiragana(term);
    return kana ? [term, kana, katakana(kana)] : [term];
  }

  /* Wrap the first occurrence of each query term in the item's own text in a <mark>. */
  function mark(item, wanted) {
    var walker = document.createTreeWalker(item, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentNode.closest("code, mark") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) { nodes.push(walker.currentNode); }
    wanted.forEach(function (query) {
      var forms = spellings(query);
      for (var f = 0; f < forms.length; f += 1) {
        if (markFirst(nodes, forms[f])) { return; }
      }
    });
  }

  function markFirst(nodes, term) {
    for (var i = 0; i < nodes.length; i += 1) {
      var node = nodes[i];
      var at = node.nodeValue.toLowerCase().indexOf(term);
      if (at < 0) { continue; }
      var hit = node.splitText(at);
      var rest = hit.splitText(term.length);
      var marked = document.createElement("mark");
      marked.appendChild(document.createTextNode(hit.nodeValue));
      hit.parentNode.replaceChild(marked, hit);
      nodes.splice(i, 1, rest);
      return true;
    }
    return false;
  }

  function pick(article, wanted) {
    if (article.classList.contains("kiroku-picked")) { return; }
    article.classList.add("kiroku-picked");
    var list = article.querySelector(":scope > ul");
    if (!list) { return; }
    var items = Array.prototype.slice.call(list.children);
    items.forEach(function (item) {
      if (!item.querySelector(":scope > mark")) { mark(item, wanted); }
    });
    var hits = items.filter(function (item) { return item.querySelector("mark"); });
    var shown = (hits.length ? hits : items).slice(0, SHOWN);
    items.forEach(function (item) {
      item.classList.toggle("kiroku-hit", shown.indexOf(item) !== -1);
    });
  }

  function pickAll(root) {
    var wanted = queryTerms();
    root.querySelectorAll('.md-search-result__link[href*="/logs/"] article').forEach(function (a) {
      pick(a, wanted);
    });
  }

  function setUp() {
    var results = document.querySelector(".md-search-result__list");
    if (!results) { return; }
    new MutationObserver(function () { pickAll(results); })
      .observe(results, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
