// Behaviour shared by every page. Scripts are static files only: the Content-Security-Policy
// allows no inline code, so pages mark elements with data- attributes and this file acts on them.
(function () {
  // <input type="checkbox" data-check-all="ids">: ticks or clears every checkbox named "ids".
  document.addEventListener("change", function (event) {
    var name = event.target.getAttribute && event.target.getAttribute("data-check-all");
    if (!name) return;
    document.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (box) {
      box.checked = event.target.checked;
    });
  });

  // <form data-confirm="…">: asks before sending (销号, 发布, 删除 and other steps that cannot be taken back).
  // data-confirm-if="action=close" asks only when that field has that value; {n} counts the ticked "ids".
  function confirmed(form) {
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (!message) return true;
    var only = form.getAttribute("data-confirm-if");
    if (only) {
      var parts = only.split("=");
      var field = form.elements[parts[0]];
      if (!field || field.value !== parts[1]) return true;
    }
    var ticked = form.querySelectorAll('input[type=checkbox][name="ids"]:checked').length;
    return window.confirm(message.replace("{n}", ticked));
  }
  function sentByHtmx(form) {
    return !!(window.htmx && (form.hasAttribute("hx-post") || form.hasAttribute("hx-get")));
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (sentByHtmx(form)) return;  // htmx asks through htmx:confirm below, before its request
    if (!confirmed(form)) event.preventDefault();
  });
  // A form that htmx sends (hx-post): the same question, asked before the request is made.
  document.addEventListener("htmx:confirm", function (event) {
    var form = event.detail.elt;
    if (form.tagName === "FORM" && !confirmed(form)) event.preventDefault();
  });

  // Every table.grid with a <thead>: each body cell gets its column's heading as data-label, so
  // on a phone (cards, site.css) every number still says what it is.
  function labelCells(table) {
    var headings = [];
    var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!head) return;
    Array.prototype.forEach.call(head.cells, function (th) {
      // a heading holding only a control (the ledger's select-all box) lends its aria-label
      var named = th.querySelector("[aria-label]");
      var text = th.textContent.trim() || (named ? named.getAttribute("aria-label") : "");
      for (var n = 0; n < (th.colSpan || 1); n++) headings.push(text);
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          var label = headings[column];
          if (label && !cell.hasAttribute("data-label") && (cell.colSpan || 1) < headings.length) {
            cell.setAttribute("data-label", label);
          }
          column += cell.colSpan || 1;
        });
      });
    });
    table.classList.add("cards");
  }

  // A form sent back with errors: the focus goes to the first field in error.
  function focusFirstError() {
    var field = document.querySelector(
      'main [aria-invalid="true"], main .has-error input:not([type=hidden]), main .has-error select, main .has-error textarea');
    if (field && !field.disabled) field.focus();
  }

  // The top bar's menu (<details data-menu>) stands open on a wide screen; on a phone it is a button.
  var wide = window.matchMedia("(min-width: 641px)");
  function placeMenu() {
    document.querySelectorAll("details[data-menu]").forEach(function (menu) { menu.open = wide.matches; });
  }
  if (wide.addEventListener) wide.addEventListener("change", placeMenu);

  function ready() {
    placeMenu();
    document.querySelectorAll("table.grid").forEach(labelCells);
    focusFirstError();
  }
  // A step sent by htmx that the server refused (a 4xx/5xx is not swapped in): say so rather than do nothing.
  // Polls (GET) stay quiet: the next one tries again.
  document.addEventListener("htmx:responseError", function (event) {
    var config = event.detail.requestConfig;
    if (config && config.verb !== "get") {
      window.alert("操作未完成（服务器答复 " + event.detail.xhr.status + "），请刷新页面后重试。");
    }
  });

  // Content that htmx put in the page (a ledger table, an export's status): its tables get labels too.
  document.addEventListener("htmx:load", function (event) {
    var root = event.detail.elt;
    if (root.matches && root.matches("table.grid")) labelCells(root);
    if (root.querySelectorAll) root.querySelectorAll("table.grid").forEach(labelCells);
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
