/* Moved out of the page template so the Content-Security-Policy needs no inline script. */
/* Jump between a marked sentence and its finding; the finding's "在正文中查看" scrolls the text box. */
(function () {
  function flash(el) { el.classList.add("fz-flash"); setTimeout(function () { el.classList.remove("fz-flash"); }, 1600); }
  document.addEventListener("click", function (event) {
    var link = event.target.closest(".fz-goto-mark");
    if (link) {
      var mark = document.getElementById(link.getAttribute("data-mark"));
      if (mark) { event.preventDefault(); mark.scrollIntoView({block: "center", behavior: "smooth"}); mark.focus({preventScroll: true}); flash(mark); }
      return;
    }
    var marked = event.target.closest("mark.precheck[id]");
    if (marked) {
      var finding = document.querySelector(".fz-finding[data-mark='" + marked.id + "']");
      if (finding) { finding.scrollIntoView({block: "center", behavior: "smooth"}); flash(finding); }
    }
  });
})();
