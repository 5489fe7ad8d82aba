// Resident search: ↓ from the box enters the results, ↑↓ move between them, Enter opens the focused one.
// Enter in the box itself only submits the search: results may still be those of the previous text.
(function () {
  "use strict";
  const box = document.getElementById("q");
  const results = document.getElementById("results");
  if (!box || !results) { return; }

  function links() { return Array.from(results.querySelectorAll("a.result")); }

  function move(from, step) {
    const all = links();
    const index = all.indexOf(from) + step;
    if (index < 0) { box.focus(); return; }
    if (index < all.length) { all[index].focus(); }
  }

  box.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && links().length) { event.preventDefault(); links()[0].focus(); }
  });
  results.addEventListener("keydown", function (event) {
    const link = event.target.closest("a.result");
    if (!link) { return; }
    if (event.key === "ArrowDown") { event.preventDefault(); move(link, 1); }
    if (event.key === "ArrowUp") { event.preventDefault(); move(link, -1); }
  });
  // Keep the cursor at the end of the text when the page is opened with a query.
  box.setSelectionRange(box.value.length, box.value.length);
})();
