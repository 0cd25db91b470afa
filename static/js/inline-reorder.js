/* Reordering the rows of an ordered admin inline (fieldsets marked "reorderable": an issue's articles and
 * headlines, an article's bylines) with ↑/↓ buttons or by dragging the ⠿ handle.
 *
 * Moving a row only rewrites the rows' "order" inputs: the positions the rows already have are handed out
 * again in the new order, so only the rows that moved change and the server's usual checks (unique
 * positions, OrderedInlineFormSet) apply when the form is saved. Without JavaScript the numbers are typed.
 */
"use strict";
(function () {
  function orderInput(row) {
    return row.querySelector("td.field-order input");
  }

  /* The saved rows: a new or extra row is numbered by typing (moving it would make Django save a blank row). */
  function rowsOf(tbody) {
    return Array.from(tbody.querySelectorAll(":scope > tr.form-row.has_original")).filter(orderInput);
  }

  /* Give the numbered rows, in their new order, the positions they held (sorted). */
  function renumber(tbody) {
    const rows = rowsOf(tbody);
    const numbered = rows.filter((row) => orderInput(row).value.trim() !== "");
    const held = numbered.map((row) => parseInt(orderInput(row).value, 10)).sort((a, b) => a - b);
    numbered.forEach((row, index) => {
      const input = orderInput(row);
      if (!Number.isNaN(held[index]) && input.value !== String(held[index])) {
        input.value = String(held[index]);
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
    rows.forEach((row, index) => {
      row.querySelector(".reorder-up").disabled = index === 0;
      row.querySelector(".reorder-down").disabled = index === rows.length - 1;
    });
  }

  function move(row, offset) {
    const tbody = row.parentElement;
    const rows = rowsOf(tbody);
    const target = rows[rows.indexOf(row) + offset];
    if (!target) return;
    // A row's form errors sit in the row just before it: they move with it.
    const errors = row.previousElementSibling && row.previousElementSibling.classList.contains("row-form-errors")
      ? row.previousElementSibling : null;
    if (offset < 0) {
      const anchor = target.previousElementSibling && target.previousElementSibling.classList.contains("row-form-errors")
        ? target.previousElementSibling : target;
      if (errors) tbody.insertBefore(errors, anchor);
      tbody.insertBefore(row, anchor);
    } else {
      tbody.insertBefore(row, target.nextElementSibling);
      if (errors) tbody.insertBefore(errors, row);
    }
    renumber(tbody);
    row.querySelector(offset < 0 ? ".reorder-up" : ".reorder-down").focus();
  }

  function button(className, label, text) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = "reorder-button " + className;
    element.setAttribute("aria-label", label);
    element.title = label;
    element.textContent = text;
    return element;
  }

  function addControls(row) {
    const cell = row.querySelector("td.field-order");
    if (!cell || cell.querySelector(".reorder-controls")) return;
    const controls = document.createElement("span");
    controls.className = "reorder-controls";
    const handle = document.createElement("span");
    handle.className = "reorder-handle";
    handle.title = "Drag to move";
    handle.textContent = "⠿";
    handle.setAttribute("aria-hidden", "true");
    const up = button("reorder-up", "Move up", "↑");
    const down = button("reorder-down", "Move down", "↓");
    up.addEventListener("click", () => move(row, -1));
    down.addEventListener("click", () => move(row, 1));
    controls.append(handle, up, down);
    cell.prepend(controls);
    // Dragging starts only from the handle, so text in the row's inputs can still be selected.
    handle.addEventListener("mousedown", () => { row.draggable = true; });
    row.addEventListener("dragstart", (event) => {
      row.classList.add("reorder-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.id);
    });
    row.addEventListener("dragend", () => {
      row.draggable = false;
      row.classList.remove("reorder-dragging");
      renumber(row.parentElement);
    });
  }

  function setUp(fieldset) {
    const tbody = fieldset.querySelector("tbody");
    if (!tbody) return;
    rowsOf(tbody).forEach(addControls);
    tbody.addEventListener("dragover", (event) => {
      const dragged = tbody.querySelector("tr.reorder-dragging");
      const over = event.target.closest("tr.form-row");
      if (!dragged || !over || over === dragged || !rowsOf(tbody).includes(over)) return;
      event.preventDefault();
      const box = over.getBoundingClientRect();
      tbody.insertBefore(dragged, event.clientY < box.top + box.height / 2 ? over : over.nextElementSibling);
    });
    tbody.addEventListener("drop", (event) => event.preventDefault());
    renumber(tbody);
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("fieldset.reorderable").forEach(setUp);
  });
})();
