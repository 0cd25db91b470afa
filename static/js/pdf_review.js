// PDF import review: choosing a block on a page image or in the list highlights it in both views.
(function () {
  "use strict";
  function choose(number, from) {
    document.querySelectorAll(".chosen").forEach(function (element) { element.classList.remove("chosen"); });
    var row = document.getElementById("block-" + number);
    var boxes = document.querySelectorAll('.pdf-box[data-block="' + number + '"]');
    boxes.forEach(function (box) { box.classList.add("chosen"); });
    if (row) {
      row.classList.add("chosen");
      if (from === "page") { row.scrollIntoView({ block: "center", behavior: "smooth" }); }
    }
    if (boxes.length && from === "list") {
      boxes[0].scrollIntoView({ block: "center", behavior: "smooth" });
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".pdf-box").forEach(function (box) {
      box.addEventListener("click", function () { choose(box.dataset.block, "page"); });
    });
    document.querySelectorAll(".review-table tr[data-block]").forEach(function (row) {
      row.addEventListener("click", function (event) {
        if (event.target.closest("select, input, label, button, a")) { return; }
        choose(row.dataset.block, "list");
      });
      row.addEventListener("focusin", function () { choose(row.dataset.block, "list"); });
    });
  });
})();
