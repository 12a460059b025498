/* "Kegiatan serupa", enhanced; everything here works without it.
   1. The FRKSS form's panel (applications/_similar_panel.html) is refreshed
      from /api/v1/activities/similar while the applicant types the title,
      objective and variables (debounced; the count is announced politely).
      Without JavaScript the panel shows the stored design's matches after
      "Simpan".
   2. On the examination page a "Kutip di catatan" button inserts its citation
      into the note it names instead of posting the notes form (which is what
      it does without JavaScript). */
(function () {
  "use strict";

  var DELAY = 400;
  var MAX_VARIABLES = 100;

  function text(tag, className, content) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    if (content) element.textContent = content;
    return element;
  }

  function livePanel(panel) {
    var form = document.querySelector("form.form-block");
    var status = panel.querySelector(".similar-panel__status");
    var list = panel.querySelector(".similar-list");
    if (!form || !status || !list) return;
    var data = panel.dataset;
    var timer = null;
    var asked = "";
    var latest = 0;

    function field(selector, stored) {
      var element = form.querySelector(selector);
      return (element ? element.value : stored || "").trim();
    }

    function variables() {
      var inputs = form.querySelectorAll("input[name^='variabel-'][name$='-name']");
      if (!inputs.length) return (data.variables || "").split("\n");
      var names = [];
      inputs.forEach(function (input) {
        var removed = form.querySelector(
          "input[name='" + input.name.replace(/-name$/, "-DELETE") + "']"
        );
        if (!(removed && removed.checked)) names.push(input.value);
      });
      return names;
    }

    function parameters() {
      var params = new URLSearchParams();
      var title = field("#id_title", data.title).slice(0, 500);
      var objective = field("#id_objectives", data.objective).slice(0, 5000);
      var year = field("#id_year", data.year);
      if (title) params.append("title", title);
      if (objective) params.append("objective", objective);
      variables()
        .map(function (name) { return name.trim().slice(0, 200); })
        .filter(Boolean)
        .slice(0, MAX_VARIABLES)
        .forEach(function (name) { params.append("variables", name); });
      var described = params.has("title") || params.has("objective") || params.has("variables");
      if (data.agency) params.append("agency", data.agency.slice(0, 300));
      if (data.office) params.append("office", data.office);
      if (/^\d{4}$/.test(year)) params.append("year", year);
      params.append("limit", "5");
      return described ? params : null;
    }

    function item(result) {
      var entry = text("li", "similar-item" + (result.near_duplicate ? " similar-item--near" : ""));
      var link = text("a", "", result.title);
      link.href = result.url;
      entry.appendChild(link);
      if (result.near_duplicate) {
        entry.appendChild(document.createTextNode(" "));
        entry.appendChild(text("strong", "badge badge--warning", data.nearLabel));
      }
      entry.appendChild(document.createTextNode(" "));
      entry.appendChild(
        text(
          "span",
          "similar-item__meta",
          result.agency + ", " + result.year + " · " + result.recommendation_number + " · " +
            data.similarityLabel + " " + Math.round(result.score * 100) + "%"
        )
      );
      var reasons = text("ul", "similar-item__reasons");
      (result.reasons || []).forEach(function (reason) {
        reasons.appendChild(text("li", "", reason.text));
      });
      entry.appendChild(reasons);
      return entry;
    }

    function show(results) {
      list.replaceChildren.apply(list, results.map(item));
      status.textContent = results.length
        ? results.length + " " + data.foundLabel
        : data.noneLabel;
    }

    function refresh() {
      var params = parameters();
      if (!params) {
        asked = "";
        show([]);
        return;
      }
      var query = params.toString();
      if (query === asked) return;
      asked = query;
      var mine = ++latest;
      fetch(data.similarUrl + "?" + query, {
        headers: { Accept: "application/json" },
        credentials: "same-origin"
      })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (body) {
          if (mine === latest) show(body.results || []);
        })
        .catch(function () {
          if (mine !== latest) return;
          asked = "";
          status.textContent = data.unavailableLabel;
        });
    }

    function watched(target) {
      return (
        target.matches("#id_title, #id_objectives, #id_year") ||
        target.matches("input[name^='variabel-'][name$='-name']") ||
        target.matches("input[name^='variabel-'][name$='-DELETE']")
      );
    }

    function later(event) {
      if (!watched(event.target)) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, DELAY);
    }
    form.addEventListener("input", later);
    form.addEventListener("change", later);
  }

  function citeInPlace(button) {
    button.addEventListener("click", function (event) {
      var note = document.getElementById(button.dataset.citeTarget);
      if (!note) return; // no note to write in: the button posts the form
      event.preventDefault();
      var citation = button.dataset.citeText;
      if (note.value.indexOf(citation) === -1) {
        var kept = note.value.replace(/\s+$/, "");
        note.value = kept ? kept + "\n" + citation : citation;
      }
      note.focus();
      var status = document.getElementById(button.dataset.citeStatus);
      if (status) status.textContent = button.dataset.citeDone;
    });
  }

  var panel = document.querySelector("section[data-similar-url]");
  if (panel && window.fetch && window.URLSearchParams) livePanel(panel);
  document.querySelectorAll("button[data-cite-text]").forEach(citeInPlace);
})();
