/* Progressive enhancement for the check page. Without it the page works through plain
   form posts; with it, the draft is checked as the member types (after a pause), and
   a marked word in the draft leads to its finding. Nothing leaves the council's server. */
(function () {
  "use strict";
  var form = document.getElementById("check-form");
  var results = document.getElementById("check-results");
  if (!form || !results || !window.fetch || !window.FormData) return;

  // The verdict of the live check is said just under the draft box, where the member is
  // typing, with a link down to the findings.
  var status = document.createElement("p");
  status.className = "govuk-body-s cg-live-status";
  status.setAttribute("role", "status");
  var toFindings = document.createElement("a");
  toFindings.className = "govuk-link govuk-body-s";
  toFindings.href = "#check-results";
  toFindings.textContent = "Read the findings below the form";
  toFindings.hidden = true;
  var box = form.querySelector("textarea[name=text]");
  var boxGroup = box && box.closest ? box.closest(".govuk-form-group") : null;
  var anchor = boxGroup || form.firstChild;
  anchor.parentNode.insertBefore(toFindings, anchor.nextSibling);
  anchor.parentNode.insertBefore(status, anchor.nextSibling);

  // Results above the form push the draft box down as they grow (2,600 px on a phone).
  // Once the member types, they move below the form, so the box stays where it was.
  function keepDraftInView() {
    var row = form.closest ? form.closest(".govuk-grid-row") : null;
    if (!row) return;
    if (results.compareDocumentPosition(row) & Node.DOCUMENT_POSITION_FOLLOWING) {
      row.parentNode.insertBefore(results, row.nextSibling);
    }
  }

  // Show only the questions for the channel chosen (all of them show without JavaScript).
  function showChannelFields() {
    var chosen = form.querySelector("input[name=channel]:checked");
    var fieldsets = form.querySelectorAll("[data-show-for]");
    for (var i = 0; i < fieldsets.length; i++) {
      fieldsets[i].hidden = Boolean(chosen) && fieldsets[i].getAttribute("data-show-for") !== chosen.value;
    }
  }
  showChannelFields();
  form.addEventListener("change", function (event) {
    if (event.target.name === "channel") showChannelFields();
  });

  var timer = null;
  var inFlight = null;
  var PAUSE_MS = 1200;

  function checkNow() {
    var text = form.querySelector("textarea[name=text]");
    if (!text || !text.value.trim()) return;
    if (inFlight) inFlight.abort();
    inFlight = window.AbortController ? new AbortController() : null;
    status.textContent = "Checking…";
    fetch(form.getAttribute("data-live-url"), {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
      signal: inFlight ? inFlight.signal : undefined
    })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.text();
      })
      .then(function (html) {
        keepDraftInView();
        results.innerHTML = html;
        var verdict = results.querySelector("#verdict h2");
        status.textContent = verdict ? "Checked: " + verdict.textContent.replace(/\s+/g, " ").trim() : "";
        toFindings.hidden = !verdict;
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") return;
        status.textContent = "Could not check as you type; use the Check button.";
      });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(checkNow, PAUSE_MS);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);

  // A click on a marked word jumps to the first finding about it.
  results.addEventListener("click", function (event) {
    var mark = event.target.closest ? event.target.closest(".cg-mark") : null;
    if (!mark) return;
    var ref = mark.nextElementSibling;
    if (ref && ref.classList.contains("cg-ref")) {
      window.location.hash = ref.getAttribute("href");
    }
  });
})();
