// Draws the dashboard charts with Chart.js (installed from npm at setup); without it the tables remain.
(function () {
  if (!window.Chart) {
    // no chart: the figure keeps its caption and opens its data table instead
    document.querySelectorAll(".charts figure").forEach(function (f) {
      f.querySelector("canvas").hidden = true;
      f.querySelector("details").open = true;
    });
    return;
  }
  var progress = JSON.parse(document.getElementById("progress-data").textContent);
  var categories = JSON.parse(document.getElementById("category-data").textContent);
  new Chart(document.getElementById("progress-chart"), {
    type: "line",
    data: {
      labels: progress.days,
      datasets: [
        { label: "排查覆盖率", data: progress.coverage, borderColor: "#b42318", tension: 0.2 },
        { label: "销号率", data: progress.closing, borderColor: "#0b5cad", tension: 0.2 }
      ]
    },
    options: { animation: false, scales: { y: { min: 0, max: 100 } } }
  });
  new Chart(document.getElementById("category-chart"), {
    type: "bar",
    data: { labels: categories.labels, datasets: [{ label: "问题数", data: categories.counts, backgroundColor: "#b42318" }] },
    options: { animation: false, indexAxis: "y", plugins: { legend: { display: false } } }
  });
})();
