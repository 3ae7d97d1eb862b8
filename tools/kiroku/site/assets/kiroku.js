/* Kiroku's own script: copy-link buttons (added after each unit's anchor), and sorting and
   filtering of trial tables.
   No network, no library; document text is only ever read as textContent. */
(function () {
  "use strict";

  function pageAddress() {
    var canonical = document.querySelector('link[rel="canonical"]');
    var base = canonical ? canonical.href : window.location.href;
    return base.split("#")[0];
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } finally { document.body.removeChild(area); }
    return Promise.resolve();
  }

  /* Shared with kiroku-links.js (loaded after this script), so the two copy the same way. */
  window.kirokuCopy = { pageAddress: pageAddress, copyText: copyText };

  /* A "copy link" button after each unit's permanent anchor (a turn's `#s1-t2`, a trial's
     number), named in the page's language by the element carrying data-copy-link: without
     this script there is nothing to copy with, so the page carries no button. */
  function addCopyButtons(root) {
    var named = document.querySelector("[data-copy-link]");
    if (!named) { return; }
    root.querySelectorAll("a.kiroku-anchor[href^='#']").forEach(function (anchor) {
      var next = anchor.nextElementSibling;
      if (next && next.matches("button.kiroku-copy")) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "kiroku-copy";
      button.dataset.anchor = anchor.getAttribute("href").slice(1);
      button.dataset.copied = named.getAttribute("data-copied");
      button.textContent = named.getAttribute("data-copy-link");
      anchor.insertAdjacentElement("afterend", button);
    });
  }

  function setUpCopyButtons(root) {
    addCopyButtons(root);
    root.querySelectorAll("button.kiroku-copy").forEach(function (button) {
      button.addEventListener("click", function () {
        var address = pageAddress() + "#" + button.dataset.anchor;
        var label = button.textContent;
        copyText(address).then(function () {
          button.textContent = button.dataset.copied;
          button.dataset.copiedAddress = address;
          window.setTimeout(function () { button.textContent = label; }, 1500);
        });
      });
    });
  }

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) { return ""; }
    return cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent;
  }

  function setUpTable(section) {
    var table = section.querySelector("table.kiroku-sortable");
    if (!table) { return; }
    var body = table.tBodies[0];
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    headers.forEach(function (header, index) {
      var button = header.querySelector(".kiroku-sort");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = header.dataset.sort === "number";
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index), y = cellValue(b, index);
          var order = numeric ? Number(x) - Number(y) : x.localeCompare(y, "ja");
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
    var filter = section.querySelector("input.kiroku-filter");
    var shown = section.querySelector(".kiroku-shown");
    if (!filter) { return; }
    filter.addEventListener("input", function () {
      var needle = filter.value.trim().toLowerCase();
      var visible = 0;
      Array.prototype.forEach.call(body.rows, function (row) {
        var match = !needle || row.textContent.toLowerCase().indexOf(needle) !== -1;
        row.hidden = !match;
        if (match) { visible += 1; }
      });
      if (shown) {
        shown.textContent = visible + " / " + body.rows.length + " " + shown.dataset.shown;
      }
    });
  }

  function setUp() {
    setUpCopyButtons(document);
    document.querySelectorAll("[data-kiroku-table]").forEach(setUpTable);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
