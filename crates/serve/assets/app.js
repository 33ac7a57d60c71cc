// tizilim serve: the one script of the pages. It sends a finding's decision to the JSON API
// with the page's CSRF token and shows the answer. Everything else works without it.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("decision");
  if (!form) return;
  var result = document.getElementById("result");
  var token = document.querySelector('meta[name="csrf-token"]').getAttribute("content");

  function say(text, ok) {
    result.textContent = text;
    result.className = ok ? "ok" : "fail";
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var chosen = form.querySelector('input[name="decision"]:checked');
    if (!chosen) {
      say(document.documentElement.lang === "kk" ? "Шешімді таңдаңыз" : "Выберите решение", false);
      return;
    }
    var wording = { ru: {}, kk: {} };
    form.querySelectorAll("textarea.cell").forEach(function (t) {
      if (t.value !== t.getAttribute("data-generated")) {
        wording[t.getAttribute("data-lang")][t.getAttribute("data-key")] = t.value;
      }
    });
    var body = {
      decision: chosen.value,
      comment: form.querySelector('textarea[name="comment"]').value,
      wording: wording
    };
    var id = form.getAttribute("data-id");
    fetch("/api/findings/" + encodeURIComponent(id) + "/decision", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
      body: JSON.stringify(body)
    })
      .then(function (r) {
        return r.json().then(function (j) { return { ok: r.ok, json: j }; });
      })
      .then(function (r) {
        if (!r.ok) {
          say(r.json.error || "error", false);
          return;
        }
        // Reload to show the decision, its history and the edited cells as stored.
        window.location.reload();
      })
      .catch(function (e) { say(String(e), false); });
  });
});
