// The unit picker (unitpages/picker.py): a division code's input becomes a search box over the
// units the user may see, with a list of matches (a combobox and its listbox). The code itself
// goes on in a hidden input under the field's name; without this script it is typed as before.
(function () {
  "use strict";

  var counter = 0;

  function enhance(root) {
    var code = root.querySelector(".unit-picker-code");
    var named = root.querySelector(".unit-picker-name");
    if (!code || root.hasAttribute("data-enhanced")) return;
    root.setAttribute("data-enhanced", "");
    var url = root.getAttribute("data-url");
    var above = root.getAttribute("data-above") === "1";
    var n = ++counter;

    var search = document.createElement("input");
    search.type = "text";
    search.id = code.id;  // the field's <label for> now names the search box
    code.id = code.id + "_code";
    code.type = "hidden";
    search.className = "unit-picker-search";
    search.setAttribute("role", "combobox");
    search.setAttribute("aria-autocomplete", "list");
    search.setAttribute("aria-expanded", "false");
    search.setAttribute("autocomplete", "off");
    search.placeholder = "输入名称搜索，或按↓浏览";
    var described = [code.getAttribute("aria-describedby"), named.id].filter(Boolean).join(" ");
    search.setAttribute("aria-describedby", described);
    code.removeAttribute("aria-describedby");
    if (code.hasAttribute("aria-invalid")) search.setAttribute("aria-invalid", code.getAttribute("aria-invalid"));
    var path = named.textContent.trim();
    search.value = path ? path.split(" / ").pop() : "";
    if (path) named.textContent = "已选：" + path;

    var list = document.createElement("ul");
    list.id = "unit-picker-list-" + n;
    list.className = "unit-picker-list";
    list.setAttribute("role", "listbox");
    var label = document.querySelector('label[for="' + search.id + '"]');
    list.setAttribute("aria-label", (label ? label.textContent.trim() : "区划") + "：候选单位");
    list.hidden = true;
    search.setAttribute("aria-controls", list.id);

    var browse = document.createElement("button");
    browse.type = "button";
    browse.className = "link unit-picker-browse";
    function browseLabel() { browse.textContent = code.value ? "浏览下级" : "浏览单位"; }
    browseLabel();

    root.insertBefore(search, code);
    root.appendChild(browse);
    root.appendChild(list);

    var units = [], active = -1, stack = [], timer = null, asked = 0;

    function setActive(index) {
      var options = list.querySelectorAll("[role=option]");
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = index;
      if (index >= 0 && options[index]) {
        options[index].setAttribute("aria-selected", "true");
        search.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({block: "nearest"});
      } else {
        search.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      list.hidden = true;
      search.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function show(answer) {
      units = answer.units;
      list.textContent = "";
      active = -1;
      search.removeAttribute("aria-activedescendant");
      if (answer.parent) {
        var head = document.createElement("li");
        head.setAttribute("role", "presentation");
        head.className = "unit-picker-head";
        head.textContent = answer.parent.path.join(" / ") + " 的下级" + (stack.length ? "（←返回）" : "");
        list.appendChild(head);
      }
      units.forEach(function (unit, i) {
        var item = document.createElement("li");
        item.id = list.id + "-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        var name = document.createElement("span");
        name.className = "unit-picker-option-name";
        name.textContent = unit.name + "（" + unit.level_label + "）";
        var where = document.createElement("small");
        where.textContent = unit.path.slice(0, -1).join(" / ") + (unit.has_children ? "　→ 下级" : "");
        item.appendChild(name);
        item.appendChild(where);
        item.addEventListener("mousedown", function (event) { event.preventDefault(); });
        item.addEventListener("click", function () { choose(i); });
        list.appendChild(item);
      });
      if (!units.length) {
        var none = document.createElement("li");
        none.setAttribute("role", "presentation");
        none.className = "unit-picker-head";
        none.textContent = answer.query ? "没有名称含“" + answer.query + "”的单位" : "没有可选的单位";
        list.appendChild(none);
      }
      list.hidden = false;
      search.setAttribute("aria-expanded", "true");
    }

    function ask(params) {
      var mine = ++asked;
      var query = new URLSearchParams(params);
      if (above) query.set("above", "1");
      return fetch(url + "?" + query.toString(), {headers: {"Accept": "application/json"}, credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (answer) { if (answer && mine === asked) show(answer); return answer; });
    }

    function choose(index) {
      var unit = units[index];
      if (!unit) return;
      code.value = unit.code;
      search.value = unit.name;
      named.textContent = "已选：" + unit.path.join(" / ");
      browseLabel();
      stack = [];
      close();
      code.dispatchEvent(new Event("change", {bubbles: true}));
    }

    function drill(index) {
      var unit = units[index];
      if (!unit || !unit.has_children) return;
      stack.push(search.value.trim() ? {q: search.value.trim()} : {});
      ask({parent: unit.code});
    }

    search.addEventListener("input", function () {
      clearTimeout(timer);
      stack = [];
      if (!search.value.trim()) {
        code.value = "";
        named.textContent = "";
        browseLabel();
      }
      timer = setTimeout(function () { ask(search.value.trim() ? {q: search.value.trim()} : {}); }, 200);
    });

    search.addEventListener("keydown", function (event) {
      var count = units.length;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) { ask(search.value.trim() && !code.value ? {q: search.value.trim()} : {}); return; }
        setActive(count ? (active + 1) % count : -1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (!list.hidden && count) setActive(active <= 0 ? count - 1 : active - 1);
      } else if (event.key === "ArrowRight" && !list.hidden && active >= 0) {
        event.preventDefault();
        drill(active);
      } else if (event.key === "ArrowLeft" && !list.hidden && stack.length) {
        event.preventDefault();
        ask(stack.pop());
      } else if (event.key === "Enter" && !list.hidden) {
        event.preventDefault();
        if (active >= 0) choose(active);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });

    search.addEventListener("blur", function () { setTimeout(close, 150); });

    browse.addEventListener("mousedown", function (event) { event.preventDefault(); });
    browse.addEventListener("click", function () {
      stack = [];
      (code.value ? ask({parent: code.value}).then(function (answer) {
        if (!answer) return ask({});
      }) : ask({})).then(function () { search.focus(); });
    });
  }

  function start() {
    document.querySelectorAll("[data-unit-picker]").forEach(enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
