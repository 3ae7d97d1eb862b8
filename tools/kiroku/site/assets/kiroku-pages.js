/* Kiroku's page script: the "show raw text" toggle of formatted turns and trials.
   No network, no library; document text is never written as HTML. */
(function () {
  "use strict";

  function setUpSourceToggles(root) {
    root.querySelectorAll("button.kiroku-source-toggle").forEach(function (button) {
      var unit = button.closest("article, tr");
      if (!unit) { return; }
      button.addEventListener("click", function () {
        var showSource = button.getAttribute("aria-pressed") !== "true";
        unit.querySelectorAll(".kiroku-md").forEach(function (node) { node.hidden = showSource; });
        unit.querySelectorAll(".kiroku-source").forEach(function (node) { node.hidden = !showSource; });
        button.setAttribute("aria-pressed", showSource ? "true" : "false");
        button.textContent = showSource ? button.dataset.formatted : button.dataset.source;
      });
    });
  }

  function setUp() {
    setUpSourceToggles(document);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
