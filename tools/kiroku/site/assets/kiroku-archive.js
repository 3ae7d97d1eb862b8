/* Kiroku's archive browser: the list of logs on the home and logs pages, filtered by text and
   by model, kind, experiment, label and month, sorted by any column. Rows carry what they are
   filtered by in data attributes; nothing is fetched. Document text is only read as text. */
(function () {
  "use strict";

  function setUpArchive(archive) {
    var table = archive.querySelector("table");
    if (!table || !table.tBodies.length) { return; }
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
    var search = archive.querySelector("input.kiroku-archive-filter");
    var choices = Array.prototype.slice.call(archive.querySelectorAll("select[data-filter]"));
    var shown = archive.querySelector(".kiroku-archive-shown");

    function matches(row, index, needle, wanted) {
      if (needle && texts[index].indexOf(needle) === -1) { return false; }
      return wanted.every(function (choice) {
        var value = row.getAttribute("data-" + choice.name) || "";
        return choice.name === "label"
          ? (" " + value + " ").indexOf(" " + choice.value + " ") !== -1
          : value === choice.value;
      });
    }

    function filter() {
      var needle = search ? search.value.trim().toLowerCase() : "";
      var wanted = choices
        .filter(function (select) { return select.value !== ""; })
        .map(function (select) { return { name: select.dataset.filter, value: select.value }; });
      var visible = 0;
      rows.forEach(function (row, index) {
        var match = matches(row, index, needle, wanted);
        row.hidden = !match;
        if (match) { visible += 1; }
      });
      if (shown) {
        shown.textContent = visible + " / " + rows.length + " " + shown.dataset.shown;
      }
    }

    if (search) { search.addEventListener("input", filter); }
    choices.forEach(function (select) { select.addEventListener("change", filter); });

    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    headers.forEach(function (header, column) {
      header.addEventListener("click", function () {
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = header.dataset.sort === "number";
        var order = rows.map(function (row, index) {
          var cell = row.cells[column];
          var value = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent;
          return { row: row, index: index, value: numeric ? Number(value) : value };
        });
        order.sort(function (a, b) {
          var by = numeric ? a.value - b.value : a.value.localeCompare(b.value, "ja");
          return (ascending ? by : -by) || a.index - b.index;
        });
        var fragment = document.createDocumentFragment();
        order.forEach(function (item) { fragment.appendChild(item.row); });
        body.appendChild(fragment);
      });
    });
  }

  function setUp() {
    document.querySelectorAll("[data-kiroku-archive]").forEach(setUpArchive);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
