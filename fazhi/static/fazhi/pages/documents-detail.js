/* Moved out of the page template so the Content-Security-Policy needs no inline script. */
/* Keep the chosen tab in the address (?tab=…), so reloading or sharing the link opens the same tab. */
document.querySelectorAll("#doc-tabs [data-bs-toggle=tab]").forEach(function (button) {
  button.addEventListener("shown.bs.tab", function () {
    var url = new URL(window.location.href);
    url.searchParams.set("tab", button.getAttribute("data-tab"));
    url.hash = "";
    window.history.replaceState(null, "", url.toString());
  });
});
/* An answer template fills the outcome and the reason (what the user already typed is kept). */
var tpl = document.getElementById("id_bulk-template");
if (tpl) {
  tpl.addEventListener("change", function () {
    var option = tpl.options[tpl.selectedIndex];
    var outcome = document.getElementById("id_bulk-outcome");
    var answer = document.getElementById("id_bulk-answer");
    if (option && option.dataset.outcome) {
      outcome.value = option.dataset.outcome;
      if (!answer.value.trim()) { answer.value = option.dataset.text; }
    }
  });
}
/* Select all comments. */
var all = document.getElementById("comments-all");
if (all) {
  all.addEventListener("change", function () {
    document.querySelectorAll("input[name='bulk-comments']").forEach(function (box) { box.checked = all.checked; });
  });
}
