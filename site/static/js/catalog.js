/* The catalog page, enhanced; everything here works without it.
   1. The filters (a <details> closed as served, so a phone shows the results
      first) are opened on a wide screen, where they sit beside the results.
   2. The search box suggests catalog titles as one types (a <datalist> filled
      from /api/v1/activities/titles). */
(function () {
  "use strict";

  var wide = window.matchMedia("(min-width: 48rem)");
  var filters = document.querySelector("details.catalog__filters");
  if (filters) {
    var openWhenWide = function () {
      if (wide.matches) filters.open = true;
    };
    openWhenWide();
    wide.addEventListener("change", openWhenWide);
  }

  var box = document.querySelector("input[data-suggest-url]");
  if (!box || !window.fetch) return;
  var list = document.createElement("datalist");
  list.id = "saran-judul";
  box.insertAdjacentElement("afterend", list);
  box.setAttribute("list", list.id);

  var timer = null;
  var asked = "";
  function suggest() {
    var text = box.value.trim();
    if (text.length < 2 || text === asked) return;
    asked = text;
    fetch(box.getAttribute("data-suggest-url") + "?q=" + encodeURIComponent(text), {
      headers: { Accept: "application/json" },
      credentials: "same-origin"
    })
      .then(function (response) { return response.ok ? response.json() : { titles: [] }; })
      .then(function (data) {
        if (box.value.trim() !== text) return; // an older answer
        var options = (data.titles || []).map(function (title) {
          var option = document.createElement("option");
          option.value = title;
          return option;
        });
        list.replaceChildren.apply(list, options);
      })
      .catch(function () { /* no suggestions; the box still searches */ });
  }
  box.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(suggest, 150);
  });
})();
