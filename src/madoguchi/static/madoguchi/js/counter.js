// Counter pages: put the cursor in the next question, and copy a postal-code address into the form.
(function () {
  "use strict";
  function focusQuestion() {
    var input = document.querySelector("#question input:not([type=hidden]), #question button");
    if (input) { input.focus(); }
  }
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target && event.target.id === "interview") { focusQuestion(); }
  });
  document.addEventListener("click", function (event) {
    var item = event.target.closest ? event.target.closest(".postal-suggestion") : null;
    if (!item) { return; }
    var form = item.closest("form");
    var address = form ? form.querySelector(".address-input") : null;
    if (address) { address.value = item.dataset.address; address.focus(); }
  });
})();
