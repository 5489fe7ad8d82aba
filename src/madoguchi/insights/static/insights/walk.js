// Walk-through survey: a stopwatch for waiting and handling at each counter, and +1 buttons for writes.
(() => {
  "use strict";
  let phase = "idle";
  let since = 0;
  const spent = { wait: 0, handle: 0 };

  const pad = (n) => String(n).padStart(2, "0");
  const clock = (seconds) => `${pad(Math.floor(seconds / 60))}:${pad(seconds % 60)}`;
  const now = () => Math.floor(Date.now() / 1000);
  const field = (name) => document.querySelector(`.walk-form [name="${name}"]`);
  const labels = { idle: "待機前", wait: "待ち時間", handle: "対応中", done: "記録待ち" };

  function settle() {
    if (phase === "wait" || phase === "handle") {
      spent[phase] += now() - since;
      const target = field(phase === "wait" ? "wait_seconds" : "handling_seconds");
      if (target) target.value = spent[phase];
    }
  }

  function switchTo(next) {
    settle();
    phase = next;
    since = now();
    const label = document.querySelector(".walk-timer__phase");
    if (label) label.textContent = labels[next];
  }

  function tick() {
    const display = document.querySelector(".walk-timer__display");
    if (display) {
      const running = phase === "wait" || phase === "handle" ? now() - since : 0;
      display.textContent = clock(phase === "idle" ? 0 : (spent[phase] || 0) + running);
    }
    const elapsed = document.querySelector(".walk-elapsed");
    if (elapsed && elapsed.dataset.since) {
      elapsed.textContent = clock(Math.max(0, now() - Math.floor(Date.parse(elapsed.dataset.since) / 1000)));
    }
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-walk], [data-plus]");
    if (!button) return;
    if (button.dataset.plus) {
      const input = document.getElementById(button.dataset.plus);
      input.value = (parseInt(input.value, 10) || 0) + 1;
      return;
    }
    switchTo({ wait: "wait", handle: "handle", stop: "done" }[button.dataset.walk]);
  });

  // A saved stop brings a fresh form: the stopwatch starts over for the next counter.
  document.addEventListener("htmx:afterSwap", () => {
    phase = "idle";
    spent.wait = 0;
    spent.handle = 0;
    const label = document.querySelector(".walk-timer__phase");
    if (label) label.textContent = labels.idle;
  });

  setInterval(tick, 500);
})();
