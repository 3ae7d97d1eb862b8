/* Kiroku's page script: the "show raw text" toggle of formatted turns and trials.
   No network, no library; document text is never written as HTML. */
(function () {
  "use strict";

  function sourceToggle(unit, labels) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "kiroku-source-toggle";
    button.setAttribute("aria-pressed", "false");
    button.textContent = labels.dataset.showSource;
    button.addEventListener("click", function () {
      var showSource = !unit.classList.contains("kiroku-raw");
      unit.classList.toggle("kiroku-raw", showSource);
      button.setAttribute("aria-pressed", showSource ? "true" : "false");
      button.textContent = showSource ? labels.dataset.showFormatted : labels.dataset.showSource;
    });
    return button;
  }

  /* Each turn or trial shown formatted gets its button here, not in the page's HTML: a long
     log has hundreds, and without the script there is nothing for one to do. */
  function setUpSourceToggles(root) {
    root.querySelectorAll("[data-show-formatted]").forEach(function (labels) {
      labels.querySelectorAll("article.kiroku-turn, tr[id]").forEach(function (unit) {
        if (!unit.querySelector(".kiroku-marked, .kiroku-md")) { return; }
        var button = sourceToggle(unit, labels);
        var head = unit.querySelector(".kiroku-turn-head");
        if (head) {
          head.insertBefore(button, head.querySelector(".kiroku-badges"));
        } else {
          unit.querySelector(".kiroku-output").parentElement.appendChild(button);
        }
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
