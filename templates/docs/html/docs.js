/* authadvisor docs pages: turns the folded snippets into language tabs (one remembered choice for every
 * page) and adds copy buttons, with templates/ask/ui.js. Without scripts the snippets stay folded. */
(function () {
  "use strict";
  var UI = window.AuthAdvisorUI;
  var status = document.createElement("p");
  status.className = "copy-status";
  status.setAttribute("role", "status");
  document.body.appendChild(status);
  Array.prototype.forEach.call(document.querySelectorAll("[data-tabs]"), function (box, n) {
    var items = Array.prototype.map.call(box.querySelectorAll("details.snippet"), function (d) {
      return { key: d.getAttribute("data-language"), label: d.getAttribute("data-language"),
               file: d.getAttribute("data-file"), text: d.querySelector("pre").textContent };
    });
    UI.tabs(box, box.getAttribute("data-tabs") + (n ? "-" + n : ""), items, status);
  });
  Array.prototype.forEach.call(document.querySelectorAll("pre.first-call"), function (pre) {
    var bar = document.createElement("div");
    bar.className = "codebar";
    bar.appendChild(UI.copyButton("the first call", function () { return pre.textContent; }, status));
    pre.parentNode.insertBefore(bar, pre);
  });
})();
