/* Moved out of the page template so the Content-Security-Policy needs no inline script. */
(function () {
  "use strict";
  var rows = document.getElementById("member-rows");
  var total = document.getElementById("id_members-TOTAL_FORMS");
  var template = document.getElementById("member-template");
  function renumber() {
    rows.querySelectorAll("[data-member-row]").forEach(function (row, i) {
      row.querySelector("[data-member-no]").textContent = i + 1;
      row.querySelectorAll("input, select, textarea, label").forEach(function (el) {
        ["name", "id", "for"].forEach(function (attr) {
          var v = el.getAttribute(attr);
          if (v) { el.setAttribute(attr, v.replace(/members-(\d+|__prefix__)-/, "members-" + i + "-")); }
        });
      });
    });
    total.value = rows.querySelectorAll("[data-member-row]").length;
    update();
  }
  document.getElementById("add-member").addEventListener("click", function () {
    var html = template.innerHTML.replace(/__prefix__/g, total.value).replace(/__no__/g, Number(total.value) + 1);
    rows.insertAdjacentHTML("beforeend", html);
    renumber();
    var added = rows.lastElementChild.querySelector("input");
    if (added) { added.focus(); }
  });
  rows.addEventListener("click", function (event) {
    if (event.target.matches("[data-remove-member]")) { event.target.closest("[data-member-row]").remove(); renumber(); }
  });
  /* 第三十条第二款: when the head's decision goes against the majority of the members, the reason must be stated. */
  var outcome = document.getElementById("id_outcome");
  var reasonField = document.getElementById("head-reason-field");
  var note = document.getElementById("majority-note");
  function update() {
    var favour = 0, against = 0;
    rows.querySelectorAll("select[name$='-stance']").forEach(function (s) {
      if (s.value === "agree" || s.value === "agree_with_changes") { favour++; } else if (s.value === "disagree") { against++; }
    });
    var adopted = outcome.value === "adopted" || outcome.value === "adopted_with_changes";
    var rejected = outcome.value === "rejected";
    var contrary = (adopted && against > favour) || (rejected && favour > against);
    note.textContent = (favour || against) ? "会议组成人员：同意 " + favour + " 人，不同意 " + against + " 人。" + (contrary ? "首长的决定与多数意见不一致，须说明理由。" : "") : "";
    var keep = reasonField.querySelector(".fz-field-errors") || document.getElementById("id_head_reason").value.trim();
    reasonField.hidden = !(contrary || keep);
  }
  rows.addEventListener("change", update);
  outcome.addEventListener("change", update);
  update();
})();
