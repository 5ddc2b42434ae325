/* Fazhi page behaviour: idle sign-out notice, htmx error and session-expiry handling. No outside requests. */
(function () {
  "use strict";

  var body = document.body;
  var idleSeconds = parseInt(body.getAttribute("data-idle-seconds") || "0", 10);
  var loginPath = "/accounts/login/";

  function showMessage(text, level) {
    var box = document.getElementById("fz-messages");
    if (!box) { return; }
    var div = document.createElement("div");
    div.className = "alert alert-" + (level || "danger") + " alert-dismissible fade show";
    div.setAttribute("role", "alert");
    div.textContent = text;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("data-bs-dismiss", "alert");
    close.setAttribute("aria-label", "关闭");
    div.appendChild(close);
    box.appendChild(div);
  }

  /* The server ends the session after idleSeconds without a request (SESSION_SAVE_EVERY_REQUEST);
     the page says so a minute before, then goes to the sign-in page instead of failing on the next click. */
  var warnTimer = null;
  var outTimer = null;
  function armIdleTimers() {
    if (!idleSeconds || !document.querySelector("form[action$='/accounts/logout/']")) { return; }
    clearTimeout(warnTimer);
    clearTimeout(outTimer);
    if (idleSeconds > 120) {
      warnTimer = setTimeout(function () {
        showMessage("您已较长时间无操作，1 分钟后将自动退出。请刷新页面或继续操作以保持登录。", "warning");
      }, (idleSeconds - 60) * 1000);
    }
    outTimer = setTimeout(function () {
      window.location.href = loginPath + "?next=" + encodeURIComponent(window.location.pathname + window.location.search);
    }, (idleSeconds + 2) * 1000);
  }
  armIdleTimers();

  document.addEventListener("htmx:afterRequest", armIdleTimers);

  /* A partial request that was redirected to the sign-in page: load that page whole. */
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.responseURL && xhr.responseURL.indexOf(loginPath) !== -1) {
      event.detail.shouldSwap = false;
      window.location.href = xhr.responseURL;
      return;
    }
    if (xhr && xhr.status >= 400) {
      event.detail.shouldSwap = false;
      var text = (xhr.getResponseHeader("Content-Type") || "").indexOf("text/plain") === 0 && xhr.responseText
        ? xhr.responseText
        : (xhr.status === 403 ? "您没有执行此操作的权限。"
          : xhr.status === 404 ? "对象不存在或不在您的数据范围内。"
          : xhr.status === 409 ? "当前状态下不能执行此操作。"
          : "操作失败（" + xhr.status + "），请稍后重试。");
      showMessage(text, "danger");
    }
  });

  document.addEventListener("htmx:sendError", function () {
    showMessage("无法连接服务器，请检查网络后重试。", "danger");
  });

  /* Forms that need a confirmation (a step that cannot be undone) carry data-confirm="…":
     asked here, so that no inline script is needed (Content-Security-Policy). */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute("data-confirm");
    var submitter = event.submitter;
    if (!question && submitter && submitter.getAttribute) { question = submitter.getAttribute("data-confirm"); }
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  /* A button carrying data-print prints the page (no inline onclick). */
  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest && event.target.closest("[data-print]");
    if (button) { event.preventDefault(); window.print(); }
  });
})();
