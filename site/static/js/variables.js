/* The FRKSS variables table, enhanced: "Tambah baris" and "Hapus baris" work in
   place instead of saving and reloading the page. Everything here works without
   it: "Simpan dan tambah baris" saves and comes back with an empty row, and the
   "Hapus" checkbox removes a row when the form is saved. The server stays the
   judge of every row (and of the formset's maximum).
   - A new row is the formset's empty form (rendered in a <template>) with
     __prefix__ replaced by the next index; TOTAL_FORMS follows.
   - Removing a row not yet saved takes it out and renumbers the new rows after
     it (so the indexes stay contiguous); removing a saved row ticks its DELETE
     checkbox and hides it, so the save removes it.
   - Focus goes to the row that took its place (or the add button), and an
     aria-live paragraph says what happened. */
(function () {
  "use strict";

  var wrap = document.querySelector("[data-variables]");
  var template = document.querySelector("template[data-variable-template]");
  if (!wrap || !template || !("content" in template)) return;
  var form = wrap.closest("form");
  var prefix = wrap.dataset.prefix;
  var body = wrap.querySelector("tbody");
  var status = document.querySelector("[data-variables-status]");
  var addButton = document.querySelector("[data-add-row]");
  var saveAndAdd = document.querySelector("[data-save-and-add]");

  function management(name) {
    return form && form.querySelector("input[name='" + prefix + "-" + name + "']");
  }
  var total = management("TOTAL_FORMS");
  var initial = management("INITIAL_FORMS");
  if (!body || !total || !initial || !addButton) return;

  var savedRows = parseInt(initial.value, 10) || 0;
  // From the formset itself: a re-shown form's MAX_NUM_FORMS is whatever was posted.
  var maxRows = parseInt(wrap.dataset.maxRows, 10);
  if (isNaN(maxRows)) maxRows = Infinity;
  var indexPattern = new RegExp("^" + prefix + "-(\\d+)-");

  function rows() {
    return Array.prototype.slice.call(body.querySelectorAll("tr[data-variable-row]"));
  }

  function visibleRows() {
    return rows().filter(function (row) { return !row.hidden; });
  }

  function rowIndex(row) {
    var field = row.querySelector("[name^='" + prefix + "-']");
    var match = field && indexPattern.exec(field.name);
    return match ? parseInt(match[1], 10) : -1;
  }

  function say(label, number) {
    if (!status || !label) return;
    // Cleared first so that the same sentence twice is announced twice.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = label.replace("{n}", String(number));
    }, 50);
  }

  function enhance(row) {
    var remove = row.querySelector("[data-remove-row]");
    var checkbox = row.querySelector("input[name$='-DELETE']");
    if (!remove || !checkbox) return;
    remove.hidden = false;
    checkbox.closest("label").hidden = true;
    if (checkbox.checked) row.hidden = true; // marked "Hapus" before a failed save
  }

  function build(index) {
    var holder = document.createElement("template");
    holder.innerHTML = template.innerHTML
      .replace(/__prefix__/g, String(index))
      .replace(/__nomor__/g, String(index + 1));
    var row = holder.content.querySelector("tr");
    enhance(row);
    return row;
  }

  function firstField(row) {
    return row.querySelector("input:not([type='checkbox']), textarea, select");
  }

  // New rows after a removed one move up by one, keeping what was typed in them.
  function renumberNewRows() {
    var next = savedRows;
    rows().forEach(function (row) {
      var index = rowIndex(row);
      if (index < savedRows) return;
      if (index !== next) {
        var fresh = build(next);
        fresh.querySelectorAll("[name]").forEach(function (field) {
          var oldName = field.name.replace(prefix + "-" + next + "-", prefix + "-" + index + "-");
          var old = row.querySelector("[name='" + oldName + "']");
          if (!old) return;
          if (field.type === "checkbox") field.checked = old.checked;
          else field.value = old.value;
        });
        row.replaceWith(fresh);
      }
      next += 1;
    });
    total.value = String(next);
  }

  // Others listening to the table (the "Kegiatan serupa" panel) see the change.
  function changed(field) {
    if (field) field.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function addRow() {
    if (visibleRows().length >= maxRows) {
      say(wrap.dataset.maxLabel, maxRows);
      return;
    }
    var index = rows().length ? Math.max.apply(null, rows().map(rowIndex)) + 1 : 0;
    var row = build(index);
    body.appendChild(row);
    total.value = String(index + 1);
    firstField(row).focus();
    say(wrap.dataset.addedLabel, index + 1);
  }

  function removeRow(row) {
    var before = visibleRows();
    var position = before.indexOf(row);
    var number = rowIndex(row) + 1;
    var checkbox = row.querySelector("input[name$='-DELETE']");
    if (rowIndex(row) >= savedRows) {
      row.remove();
      renumberNewRows();
      changed(body.querySelector("input[name$='-name']"));
    } else {
      checkbox.checked = true;
      row.hidden = true;
      changed(checkbox);
    }
    var after = visibleRows();
    var next = after[position] || after[position - 1];
    (next ? firstField(next) : addButton).focus();
    say(wrap.dataset.removedLabel, number);
  }

  total.value = String(rows().length ? Math.max.apply(null, rows().map(rowIndex)) + 1 : 0);
  rows().forEach(enhance);
  addButton.hidden = false;
  if (saveAndAdd) saveAndAdd.hidden = true;
  addButton.addEventListener("click", addRow);
  body.addEventListener("click", function (event) {
    var button = event.target.closest("[data-remove-row]");
    if (button) removeRow(button.closest("tr"));
  });
})();
