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

  // <form data-confirm="…">: asks before sending (销号 and other steps that cannot be taken back).
  // data-confirm-if="action=close" asks only when that field has that value; {n} counts the ticked "ids".
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (!message) return;
    var only = form.getAttribute("data-confirm-if");
    if (only) {
      var parts = only.split("=");
      var field = form.elements[parts[0]];
      if (!field || field.value !== parts[1]) return;
    }
    var ticked = form.querySelectorAll('input[type=checkbox][name="ids"]:checked').length;
    if (!window.confirm(message.replace("{n}", ticked))) event.preventDefault();
  });
})();
