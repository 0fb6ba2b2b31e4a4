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

// Posting page: "Kopier" copies the public link. Posting form: placeholder chips insert at the cursor of the
// subject or body field last focused.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      var input = document.getElementById(button.getAttribute("data-copy"));
      var status = document.querySelector("[data-copy-status]");
      if (!input || !navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(input.value).then(function () {
          if (status) status.textContent = button.getAttribute("data-copied");
        });
      });
    });
    var targets = document.querySelectorAll("[data-placeholder-target]");
    if (!targets.length) return;
    var last = targets[targets.length - 1];
    targets.forEach(function (t) { t.addEventListener("focus", function () { last = t; }); });
    document.querySelectorAll("[data-insert]").forEach(function (chip) {
      chip.hidden = false;
      var code = chip.nextElementSibling;
      if (code) code.hidden = true;
      chip.addEventListener("click", function () {
        var text = chip.getAttribute("data-insert");
        var start = last.selectionStart == null ? last.value.length : last.selectionStart;
        var end = last.selectionEnd == null ? start : last.selectionEnd;
        last.value = last.value.slice(0, start) + text + last.value.slice(end);
        last.focus();
        last.setSelectionRange(start + text.length, start + text.length);
      });
    });
  });
})();

// Application form: "Legg til utdanning" adds an education group in place (without script it round-trips).
(function () {
  "use strict";
  var MAX = 10;
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-add-education]");
    var list = document.querySelector("[data-education-list]");
    if (!button || !list) return;
    button.addEventListener("click", function (e) {
      var groups = list.querySelectorAll("[data-education]");
      if (groups.length >= MAX) return;
      e.preventDefault();
      var n = groups.length;
      var copy = groups[groups.length - 1].cloneNode(true);
      copy.querySelector("legend").textContent = button.getAttribute("data-legend").replace("{n}", String(n + 1));
      copy.querySelectorAll("input").forEach(function (input) {
        var name = input.name.replace(/_\d+$/, "_" + n);
        input.name = name;
        input.id = "f-" + name;
        input.value = "";
        input.removeAttribute("aria-invalid");
        input.removeAttribute("aria-describedby");
      });
      copy.querySelectorAll("label").forEach(function (label) {
        label.htmlFor = label.htmlFor.replace(/_\d+$/, "_" + n);
      });
      copy.querySelectorAll(".field__error").forEach(function (p) { p.remove(); });
      copy.querySelectorAll(".field--error").forEach(function (d) { d.classList.remove("field--error"); });
      list.appendChild(copy);
      copy.querySelector("input").focus();
    });
  });
})();

// Posting form: the confirmation email previewed live with sample data while it is written.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("[data-live-preview]");
    var subject = document.getElementById("f-email_subject");
    var body = document.getElementById("f-email_body");
    if (!box || !subject || !body) return;
    var sample;
    try { sample = JSON.parse(box.getAttribute("data-sample")); } catch (e) { return; }
    var title = document.getElementById("f-title");
    var contact = document.getElementById("f-contact");
    function fill(text) {
      return text.replace(/\{\{\s*([a-z_.]+)\s*\}\}/g, function (all, name) {
        if (name === "job.title" && title) return title.value;
        if (name === "contact.full_name" && contact && contact.selectedOptions[0]) {
          return contact.selectedOptions[0].textContent.replace(/\s*\(.*\)$/, "");
        }
        return Object.prototype.hasOwnProperty.call(sample, name) ? sample[name] : all;
      });
    }
    function update() {
      box.querySelector("[data-live-subject]").textContent = fill(subject.value);
      box.querySelector("[data-live-body]").textContent = fill(body.value);
    }
    box.hidden = false;
    [subject, body, title, contact].forEach(function (el) {
      if (el) el.addEventListener("input", update);
      if (el) el.addEventListener("change", update);
    });
    document.querySelectorAll("[data-insert]").forEach(function (chip) { chip.addEventListener("click", update); });
    update();
  });
})();

// Board: drag a card to another step's column. The "Flytt til steg" select and "Flytt" button on every card stay
// the keyboard (and no-script) way; dragging posts the same form and moves the card in place.
(function () {
  "use strict";
  // A column shows only its newest cards; its count is the step's total (data-total), kept in step by each move.
  function count(column, delta) {
    var n = Number(column.dataset.total || 0) + delta;
    column.dataset.total = String(n);
    var c = column.querySelector("h2 .count");
    if (c) c.textContent = "(" + n + ")";
    var empty = column.querySelector(":scope > p.muted");
    if (empty) empty.hidden = n > 0;
  }
  // Newest first, as the server orders a column.
  function place(list, card) {
    var created = Number(card.dataset.created);
    var next = Array.prototype.find.call(list.children, function (li) {
      return Number(li.dataset.created) < created;
    });
    list.insertBefore(card, next || null);
  }
  function setUp(board) {
    var live = document.getElementById("board-live");
    var dragged = null;
    board.querySelectorAll(".cardlet").forEach(function (card) {
      card.draggable = true;
      card.addEventListener("dragstart", function (e) {
        dragged = card;
        card.classList.add("cardlet--dragging");
        e.dataTransfer.effectAllowed = "move";
        e.dataTransfer.setData("text/plain", card.dataset.application);
      });
      card.addEventListener("dragend", function () {
        card.classList.remove("cardlet--dragging");
        dragged = null;
      });
    });
    board.querySelectorAll(".board__column").forEach(function (column) {
      column.addEventListener("dragover", function (e) {
        if (!dragged) return;
        e.preventDefault();
        column.classList.add("board__column--over");
      });
      column.addEventListener("dragleave", function () {
        column.classList.remove("board__column--over");
      });
      column.addEventListener("drop", function (e) {
        e.preventDefault();
        column.classList.remove("board__column--over");
        var card = dragged;
        if (!card || card.closest(".board__column") === column) return;
        var from = card.closest(".board__column");
        var body = new URLSearchParams({ _csrf: board.dataset.csrf, step: column.dataset.step, back: "none" });
        fetch("/applications/" + card.dataset.application + "/move", {
          method: "POST",
          body: body,
          credentials: "same-origin",
        }).then(function (r) {
          if (r.status !== 204) throw new Error("move refused: " + r.status);
          place(column.querySelector("ul.cards"), card);
          var select = card.querySelector("select[name=step]");
          if (select) select.value = column.dataset.step;
          count(from, -1);
          count(column, 1);
          var name = card.querySelector("a").textContent;
          var step = column.querySelector("h2").firstChild.textContent.trim();
          live.textContent = board.dataset.moved.replace("{name}", name).replace("{step}", step);
        }).catch(function () {
          live.textContent = board.dataset.failed;
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".board[data-csrf]").forEach(setUp);
  });
})();
// Kandidater: "Velg alle på siden" ticks every row of this page (without script, rows are ticked one by one).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var all = document.querySelector("[data-select-all]");
    var table = all && all.closest("table");
    if (!table) return;
    var rows = function () { return table.querySelectorAll('tbody input[type="checkbox"][name="candidate"]'); };
    function sync() {
      var boxes = rows();
      var ticked = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).length;
      all.checked = boxes.length > 0 && ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
    }
    all.hidden = false;
    all.addEventListener("change", function () {
      rows().forEach(function (b) { b.checked = all.checked; });
    });
    table.addEventListener("change", function (e) {
      if (e.target !== all) sync();
    });
    sync();
  });
})();

// Kandidater: "Steg" offers the steps of the chosen "Stilling"; when Stilling changes, its steps are fetched
// (without script, the steps appear after "Filtrer").
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var steps = document.querySelector("[data-steps-of]");
    if (!steps) return;
    var posting = document.getElementById(steps.getAttribute("data-steps-of"));
    var hint = document.querySelector("[data-steps-hint]");
    if (!posting) return;
    function changed() {
      var all = steps.options[0];
      function fill(list) {
        steps.replaceChildren(all);
        list.forEach(function (s) {
          var option = document.createElement("option");
          option.value = s.id;
          option.textContent = s.name;
          steps.appendChild(option);
        });
        if (hint) hint.hidden = posting.value !== "";
      }
      var wanted = posting.value;
      if (!wanted) return fill([]);
      // A slower answer for a Stilling chosen earlier must not overwrite the current one's steps.
      function current(list) { if (posting.value === wanted) fill(list); }
      fetch("/candidates/steps?stilling=" + encodeURIComponent(wanted), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(current)
        .catch(function () { current([]); });
    }
    // Typed text counts when the field is left; a suggestion as soon as it is picked.
    posting.addEventListener("change", changed);
    posting.addEventListener("input", function () {
      var picked = posting.list && Array.prototype.some.call(posting.list.options, function (o) {
        return o.value === posting.value;
      });
      if (picked) changed();
    });
  });
})();

// Kandidater: Kilde and Stilling suggest the postings the viewer sees. The page does not list them (400 postings
// were most of its weight); their labels are fetched once from an address that changes with the postings, so the
// browser keeps them between pages. Without script the fields take typed text, matched by the server.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var list = document.querySelector("datalist[data-choices]");
    if (!list) return;
    fetch(list.getAttribute("data-choices"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (labels) {
        var options = document.createDocumentFragment();
        labels.forEach(function (label) {
          var option = document.createElement("option");
          option.value = label;
          options.appendChild(option);
        });
        list.replaceChildren(options);
      })
      .catch(function () {});
  });
})();

// List filters (Kandidater, Stillinger): a page the browser shows again from its back/forward cache keeps what
// was typed into it since, which its address and its list no longer say. Back to what the page was served with.
(function () {
  "use strict";
  window.addEventListener("pageshow", function (e) {
    if (!e.persisted) return;
    document.querySelectorAll("form.filters").forEach(function (form) {
      form.reset();
    });
  });
})();
