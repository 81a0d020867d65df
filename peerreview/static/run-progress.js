// Live progress of a solver run: polls the run's progress.json every 2 seconds and updates the
// figures; reloads the page once the run has finished so the plan (or the failure) shows.
// Without JavaScript the page has a Refresh link.
const root = document.querySelector("[data-run-progress]");

function format(value, digits) {
  if (value === null || value === undefined) return null;
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

async function poll() {
  try {
    const response = await fetch(root.dataset.runProgress, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) return;
    const data = await response.json();
    // The figures are those of the first stage (scheduling as many reviews as possible):
    // later stages optimise other aims on other scales, as the chart explains.
    const scheduling = data.progress.filter((p) => !p.stage || p.stage === "schedule");
    const last = scheduling.length ? scheduling[scheduling.length - 1] : null;
    const set = (selector, text) => {
      const element = root.querySelector(selector);
      if (element && text !== null) element.textContent = text;
    };
    set("[data-run-status]", data.status.charAt(0).toUpperCase() + data.status.slice(1));
    if (last) {
      set("[data-run-objective]", format(last.objective, 1));
      set("[data-run-bound]", format(last.bound, 1));
      if (last.gap !== null && last.gap !== undefined) {
        set("[data-run-gap]", `${(last.gap * 100).toFixed(1)}%`);
      }
    }
    if (data.finished) {
      window.location.reload();
      return;
    }
  } catch (error) {
    // A missed poll is harmless: try again at the next tick.
  }
  window.setTimeout(poll, 2000);
}

if (root && root.dataset.finished !== "true") {
  window.setTimeout(poll, 2000);
}
