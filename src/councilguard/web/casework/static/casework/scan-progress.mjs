// Keeps a running archive scan's progress up to date: polls the scan's JSON status (a
// static file, since the Content-Security-Policy forbids inline script) and reloads the
// page when the scan is over, so the summary and the report links appear. Without
// JavaScript the page refreshes itself instead (a <noscript> meta refresh).
const POLL_MS = 2000;
const panel = document.querySelector("[data-scan-status-url]");

function show(status) {
  for (const element of panel.querySelectorAll("[data-scan-field]")) {
    const value = status[element.dataset.scanField];
    if (typeof value === "number") {
      element.textContent = Number.isInteger(value) ? value.toLocaleString("en-GB") : value.toFixed(1);
    } else if (typeof value === "string") {
      element.textContent = value;
    }
  }
  const bar = panel.querySelector("progress");
  if (bar && status.total) {
    bar.max = status.total;
    bar.value = status.done;
    bar.textContent = `${status.percent}%`;
  }
}

async function poll() {
  try {
    const response = await fetch(panel.dataset.scanStatusUrl, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (response.ok) {
      const status = await response.json();
      if (!status.active) {
        window.location.reload();
        return;
      }
      show(status);
    }
  } catch {
    // A network blip: try again at the next tick.
  }
  window.setTimeout(poll, POLL_MS);
}

if (panel) {
  window.setTimeout(poll, POLL_MS);
}
