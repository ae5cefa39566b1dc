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
})();
