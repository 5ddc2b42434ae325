/* Moved out of the page template so the Content-Security-Policy needs no inline script. */
/* Keep the chosen tab in the address (?tab=…), so reloading or sharing the link opens the same tab. */
document.querySelectorAll("#decision-tabs [data-bs-toggle=tab]").forEach(function (button) {
  button.addEventListener("shown.bs.tab", function () {
    var url = new URL(window.location.href);
    url.searchParams.set("tab", button.getAttribute("data-tab"));
    url.hash = "";
    window.history.replaceState(null, "", url.toString());
  });
});
/* On a phone the tabs scroll sideways: bring the open one into view. */
var activeTab = document.querySelector("#decision-tabs .nav-link.active");
if (activeTab && activeTab.parentElement.parentElement.scrollWidth > activeTab.parentElement.parentElement.clientWidth) {
  var strip = activeTab.parentElement.parentElement;
  strip.scrollLeft = activeTab.parentElement.offsetLeft - strip.clientWidth / 2 + activeTab.offsetWidth / 2;
}
/* Links to another tab of this page (the action panel's "去录入" links). */
document.querySelectorAll("[data-show-tab]").forEach(function (link) {
  link.addEventListener("click", function (event) {
    var button = document.getElementById("tab-" + link.getAttribute("data-show-tab") + "-btn");
    if (button) { event.preventDefault(); bootstrap.Tab.getOrCreateInstance(button).show(); button.scrollIntoView({block: "nearest"}); }
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
var all = document.getElementById("comments-all");
if (all) {
  all.addEventListener("change", function () {
    document.querySelectorAll("input[name='bulk-comments']").forEach(function (box) { box.checked = all.checked; });
  });
}
/* The exploratory-reform reason only matters when the flag is set. */
var flag = document.getElementById("id_start-exploratory_reform");
if (flag) {
  var reason = document.getElementById("id_start-exploratory_reason").closest(".fz-field");
  var sync = function () { reason.hidden = !flag.checked; };
  flag.addEventListener("change", sync); if (!reason.querySelector(".fz-field-errors")) { sync(); }
}
