/* The page of a procedure object (a document, a decision …): its tabs and its comment desk. Loaded as a file, so
   the Content-Security-Policy needs no inline script. */
/* Keep the chosen tab in the address (?tab=…), so reloading or sharing the link opens the same tab. */
document.querySelectorAll(".fz-doc-tabs [data-bs-toggle=tab]").forEach(function (button) {
  button.addEventListener("shown.bs.tab", function () {
    var url = new URL(window.location.href);
    url.searchParams.set("tab", button.getAttribute("data-tab"));
    url.hash = "";
    window.history.replaceState(null, "", url.toString());
  });
});
/* On a phone the tabs scroll sideways: bring the open one into view. */
var activeTab = document.querySelector(".fz-doc-tabs .nav-link.active");
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
/* The comment desk: an answer template fills the outcome and the reason (what the user already typed is kept). */
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
