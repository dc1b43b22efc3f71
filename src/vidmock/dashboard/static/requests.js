// Keeps the journal table current: the rows are rendered by the server (same template as the
// page) and swapped in every two seconds while the page is visible.
(function () {
  "use strict";
  var rows = document.getElementById("rows");
  if (!rows) { return; }
  function refresh() {
    if (document.hidden) { return; }
    fetch(rows.getAttribute("data-src"), { headers: { Accept: "text/html" } })
      .then(function (answer) { return answer.ok ? answer.text() : null; })
      .then(function (html) { if (html !== null) { rows.innerHTML = html; } })
      .catch(function () { /* the mock stopped; try again on the next tick */ });
  }
  setInterval(refresh, 2000);
})();
