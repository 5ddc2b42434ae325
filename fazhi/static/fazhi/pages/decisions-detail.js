/* The decision page's own behaviour (the tabs and the comment desk are procedure/object-page.js). */
/* The exploratory-reform reason only matters when the flag is set. */
var flag = document.getElementById("id_start-exploratory_reform");
if (flag) {
  var reason = document.getElementById("id_start-exploratory_reason").closest(".fz-field");
  var sync = function () { reason.hidden = !flag.checked; };
  flag.addEventListener("change", sync); if (!reason.querySelector(".fz-field-errors")) { sync(); }
}
