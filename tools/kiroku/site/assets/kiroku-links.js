/* Kiroku's link script: "copy quote" buttons, and a language switch that keeps the turn anchor.
   No network, no library; document text is only ever read from attributes and copied as text. */
(function () {
  "use strict";

  /* The quote's address placeholder, as `kiroku.site.cite.QUOTE_ADDRESS` writes it. */
  var ADDRESS = "\u2063kiroku-address\u2063";
  /* And where the unit is, as `kiroku.site.cite.QUOTE_WHERE` writes it. */
  var WHERE = "\u2063kiroku-where\u2063";
  /* Kiroku's permanent anchors: turns, sessions, trials, labels, tables (same in every language). */
  var PERMANENT = /^#(s\d+(-t\d+)?|trial-\d+|label-[\w-]+|table-[\w-]+|condition|trials)$/;

  /* The page's permanent address and the clipboard copy, from kiroku.js (loaded first). */
  var pageAddress = window.kirokuCopy.pageAddress;
  var copyText = window.kirokuCopy.copyText;

  /* The exact stored text of a turn's or trial's original or translation: the element with
     class kiroku-text in it (a formatted one keeps the exact text hidden beside it). */
  function exactText(unit, selector) {
    var found = unit.querySelector(selector);
    return found ? found.textContent : null;
  }

  function quoted(text) {
    return text.split("\n").map(function (line) { return line ? "> " + line : ">"; }).join("\n");
  }

  /* The quote `kiroku cite` prints (kiroku.site.cite.unit_quote): the exact text and, on the
     English page, its translation, quoted, then the button's signature with this page's
     address for the unit. */
  function quoteOf(button) {
    var unit = button.closest("article, tr");
    var copyLink = button.parentNode.querySelector("button.kiroku-copy");
    var anchor = copyLink ? copyLink.dataset.anchor : (unit ? unit.id : "");
    var english = document.documentElement.lang !== "ja";
    var original = exactText(unit, ".kiroku-original .kiroku-text, td .kiroku-output.kiroku-text");
    var translation = english
      ? exactText(unit, ".kiroku-translation .kiroku-text, td .kiroku-trial-translation.kiroku-text")
      : null;
    var parts = [quoted(original || "")];
    if (translation) { parts.push(quoted(translation)); }
    var address = pageAddress() + "#" + anchor;
    var by = document.querySelector("[data-cite-by]");
    var signature = by ? by.getAttribute("data-cite-by") : "";
    signature = signature.split(WHERE).join(button.dataset.cite);
    var at = signature.lastIndexOf(ADDRESS);
    parts.push(at < 0 ? signature : signature.slice(0, at) + address + signature.slice(at + ADDRESS.length));
    return parts.join("\n>\n");
  }

  /* Where a unit is, as its quote says it (kiroku.site.cite.Where.said), from its anchor
     and the page's wording (kiroku.site.cite.cite_places). */
  function placeOf(anchor, by) {
    var turn = /^s(\d+)-t(\d+)$/.exec(anchor);
    if (turn) {
      return by.getAttribute("data-cite-turn").split("{session}").join(turn[1]).split("{turn}").join(turn[2]);
    }
    var trial = /^trial-(\d+)$/.exec(anchor);
    return trial ? by.getAttribute("data-cite-trial").split("{trial}").join(trial[1]) : null;
  }

  /* A "copy quote" button after each unit's "copy link" (the page carries neither's script
     effect without this script, so the page carries only one of them). */
  function addQuoteButtons(root) {
    var by = document.querySelector("[data-cite-by]");
    if (!by || !by.hasAttribute("data-cite-turn")) { return; }
    root.querySelectorAll("button.kiroku-copy[data-anchor]").forEach(function (link) {
      var place = placeOf(link.dataset.anchor, by);
      if (place === null || link.nextElementSibling && link.nextElementSibling.matches(".kiroku-copy-quote")) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "kiroku-copy-quote";
      button.dataset.cite = place;
      button.textContent = by.getAttribute("data-copy-quote");
      link.insertAdjacentElement("afterend", button);
    });
  }

  function setUpQuoteButtons(root) {
    addQuoteButtons(root);
    root.querySelectorAll("button.kiroku-copy-quote").forEach(function (button) {
      button.addEventListener("click", function () {
        var quote = quoteOf(button);
        var label = button.textContent;
        var copyLink = button.parentNode.querySelector("button.kiroku-copy");
        copyText(quote).then(function () {
          button.textContent = copyLink ? copyLink.dataset.copied : label;
          button.dataset.copiedQuote = quote;
          window.setTimeout(function () { button.textContent = label; }, 1500);
        });
      });
    });
  }

  /* The language links (static-i18n's, in Material's header) point at the same page in the
     other language; a reader looking at a turn lands on that turn there too. */
  function keepAnchor(link) {
    var hash = window.location.hash;
    var href = link.getAttribute("href").split("#")[0];
    link.setAttribute("href", PERMANENT.test(hash) ? href + hash : href);
  }

  function setUpLanguageLinks(root) {
    var links = root.querySelectorAll(".md-header a[hreflang], .md-select a[hreflang]");
    Array.prototype.forEach.call(links, function (link) {
      keepAnchor(link);
      ["click", "focus", "mouseenter"].forEach(function (event) {
        link.addEventListener(event, function () { keepAnchor(link); });
      });
    });
    window.addEventListener("hashchange", function () {
      Array.prototype.forEach.call(links, keepAnchor);
    });
  }

  function setUp() {
    setUpQuoteButtons(document);
    setUpLanguageLinks(document);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
