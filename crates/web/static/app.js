// Progressive enhancement only: every page works without this file.
// The user menu starts open in the HTML (so it is usable without script) and is collapsed into a toggle here.
(function () {
  "use strict";
  function setUpMenu(root) {
    var button = root.querySelector("[data-menu-button]");
    var panel = root.querySelector("[data-menu-panel]");
    if (!button || !panel) return;
    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      panel.hidden = !open;
    }
    setOpen(false);
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      setOpen(open);
      if (open) {
        var first = panel.querySelector("a, button");
        if (first) first.focus();
      }
    });
    root.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
    document.addEventListener("click", function (e) {
      if (!root.contains(e.target)) setOpen(false);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-menu]").forEach(setUpMenu);
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
  });
})();
