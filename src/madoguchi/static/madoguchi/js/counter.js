// Counter pages: after each answer keep the next step in view and under the cursor (keyboard users
// continue with Enter), and copy a postal-code address into the form.
(function () {
  "use strict";
  function inView(element) {
    var box = element.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight;
  }
  function focusNextStep() {
    var question = document.getElementById("question");
    var target = document.querySelector("#question [aria-invalid=true]") ||
      document.querySelector("#question input:not([type=hidden]), #question button");
    if (!target) {
      // No question left: the next step is 「住民の確認へ」 in the case bar (always in view).
      target = document.querySelector("#next-action [data-testid=finish]");
    }
    var heading = question ? question.querySelector("h2") : null;
    if (heading && !inView(heading)) { question.scrollIntoView({ block: "start" }); }
    if (target && !inView(target)) { target.scrollIntoView({ block: "center" }); }
    if (target) { target.focus({ preventScroll: true }); }
  }
  // After the swap has settled (the requesting form is gone by then: read the target from detail).
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.id === "interview") { focusNextStep(); }
  });
  document.addEventListener("click", function (event) {
    var item = event.target.closest ? event.target.closest(".postal-suggestion") : null;
    if (!item) { return; }
    var form = item.closest("form");
    var address = form ? form.querySelector(".address-input") : null;
    if (address) { address.value = item.dataset.address; address.focus(); }
  });
})();
