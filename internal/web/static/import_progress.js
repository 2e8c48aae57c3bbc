// The progress of an import's work, kept up to date without a reload: the
// page asks the JSON status every second and fills in the counts, which a
// live region reads out; when the work ends the page is loaded again to
// show the plan, the errors or what was written. Without this script the
// page's link reloads it by hand.
(function () {
  "use strict";
  var work = document.getElementById("import-work");
  if (!work) { return; }
  var url = work.getAttribute("data-status");
  var state = work.getAttribute("data-state");
  var finished = document.getElementById("import-phase").hasAttribute("data-finished");
  if (finished) { return; }
  var fmt = new Intl.NumberFormat(document.documentElement.lang || "ja");
  function set(id, n) {
    var el = document.getElementById(id);
    if (el && el.textContent !== fmt.format(n)) { el.textContent = fmt.format(n); }
  }
  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
      .then(function (s) {
        set("import-read", s.rows_read);
        set("import-checked", s.rows_checked);
        set("import-written", s.rows_written);
        var phase = document.getElementById("import-phase");
        if (phase.textContent !== s.phase) { phase.textContent = s.phase; }
        if (s.finished || s.state !== state) {
          window.location.reload();
          return;
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
}());
