// daybrief serve: reloads the page when a build changes it (or the theme), and shows the errors
// of a failed build over the page. Only `daybrief serve` adds this script; a built site never has it.
(function () {
  "use strict";
  var script = document.currentScript;
  // The version of this page: the build that last changed it (0: no build yet).
  var pageBuild = script ? script.getAttribute("data-build") : "";
  var overlay = null;

  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = "/__daybrief/live.css";
  document.head.appendChild(style);

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function hide() {
    if (overlay) overlay.remove();
    overlay = null;
  }

  function show(state) {
    hide();
    overlay = element("div", "daybrief-overlay");
    overlay.setAttribute("role", "alert");
    var box = element("div", "daybrief-overlay-box");
    var head = element("div", "daybrief-overlay-head");
    head.appendChild(element("strong", "", "Bản dựng có lỗi — chưa cập nhật trang"));
    var close = element("button", "daybrief-overlay-close", "Đóng");
    close.type = "button";
    close.addEventListener("click", hide);
    head.appendChild(close);
    box.appendChild(head);
    box.appendChild(element("p", "daybrief-overlay-note", pageBuild === "0"
      ? "Chưa có bản dựng nào thành công. Sửa lỗi và lưu tệp: trang sẽ tự tải lại."
      : "Trang đang hiển thị là bản dựng tốt gần nhất. Sửa lỗi và lưu tệp: trang sẽ tự tải lại."));
    state.findings.forEach(function (finding) {
      var item = element("section", "daybrief-finding daybrief-" + finding.severity);
      var where = finding.file;
      if (finding.line) where += ":" + finding.line + ":" + finding.column;
      if (where) item.appendChild(element("p", "daybrief-finding-where", where));
      item.appendChild(element("pre", "daybrief-finding-text", finding.text));
      box.appendChild(item);
    });
    overlay.appendChild(box);
    document.body.appendChild(overlay);
  }

  // The server tells each page its own version: a build that changes other pages only
  // leaves this one as it is.
  function listen() {
    var events = new EventSource("/__daybrief/events?page=" + location.pathname);
    // A stream still unanswered after a few seconds is asked for again: a stream never
    // answered means no save reloads the page (it happened behind tiny_http's connection
    // pool, README "The unanswered connections, found"; kept as a guard).
    var watchdog = setTimeout(function () {
      if (events.readyState !== EventSource.OPEN) {
        events.close();
        listen();
      }
    }, 2000);
    events.addEventListener("open", function () {
      clearTimeout(watchdog);
    });
    events.addEventListener("state", function (event) {
      var state = JSON.parse(event.data);
      if (String(state.page) !== pageBuild) {
        events.close();
        location.reload();
      } else if (state.ok) {
        hide();
      } else {
        show(state);
      }
    });
  }
  listen();
})();
