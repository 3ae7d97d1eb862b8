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

  /* Wrap the first occurrence of each query term in the item's own text in a <mark>. */
  function mark(item, wanted) {
    var walker = document.createTreeWalker(item, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentNode.closest("code, mark") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) { nodes.push(walker.currentNode); }
    wanted.forEach(function (term) {
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
        return;
      }
    });
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
