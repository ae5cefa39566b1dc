// Print pages: <button data-print> opens the browser's print dialog (no inline code under the CSP).
(function () {
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });
})();
