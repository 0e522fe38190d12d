/* authadvisor pages: small widgets shared by the questionnaire (and the same code inlined in the docs):
 * copy buttons, language tabs with one remembered choice, and the answers <-> URL fragment codec.
 * Text only ever goes into the page through textContent. */
(function (root) {
  "use strict";
  var KEY = "authadvisor.language";
  var memory = { language: null };

  function remembered() {
    if (memory.language === null) {
      try {
        memory.language = root.localStorage.getItem(KEY);
      } catch (e) {
        memory.language = null;
      }
    }
    return memory.language;
  }

  function remember(language) {
    memory.language = language;
    try {
      root.localStorage.setItem(KEY, language);
    } catch (e) {
      /* storage may be off (file:// in some browsers, private mode): the choice lasts for this page */
    }
  }

  function say(status, text) {
    if (status) {
      status.textContent = "";
      root.setTimeout(function () { status.textContent = text; }, 30);
    }
  }

  /* Copy `text`; `status` (a role=status element) says whether it worked. */
  function copyText(text, status) {
    function fallback() {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "copy-buffer";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try {
        ok = document.execCommand("copy");
      } catch (e) {
        ok = false;
      }
      document.body.removeChild(area);
      say(status, ok ? "Copied." : "Copy failed: select the text and copy it by hand.");
    }
    if (root.navigator && root.navigator.clipboard && root.navigator.clipboard.writeText) {
      root.navigator.clipboard.writeText(text).then(function () { say(status, "Copied."); }, fallback);
    } else {
      fallback();
    }
  }

  function copyButton(label, getText, status) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy " + label);
    button.addEventListener("click", function () { copyText(getText(), status); });
    return button;
  }

  /* Language tabs (WAI-ARIA tabs: arrows, Home, End). items: [{key, label, file, text}]. All tab sets on
   * the page share one choice, remembered across visits where storage allows. */
  function tabs(container, prefix, items, status) {
    container.textContent = "";
    if (!items.length) {
      return;
    }
    var list = document.createElement("div");
    list.className = "tablist";
    list.setAttribute("role", "tablist");
    list.setAttribute("aria-label", "Language");
    container.appendChild(list);
    var buttons = [];
    var panels = [];
    function select(index, focus) {
      buttons.forEach(function (b, i) {
        var on = i === index;
        b.setAttribute("aria-selected", on ? "true" : "false");
        b.tabIndex = on ? 0 : -1;
        panels[i].hidden = !on;
      });
      if (focus) {
        buttons[index].focus();
      }
    }
    items.forEach(function (item, i) {
      var tab = document.createElement("button");
      tab.type = "button";
      tab.id = prefix + "-tab-" + item.key;
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", prefix + "-panel-" + item.key);
      tab.setAttribute("data-language", item.key);
      tab.textContent = item.label;
      tab.addEventListener("click", function () {
        remember(item.key);
        select(i, false);
        syncAll(item.key);
      });
      tab.addEventListener("keydown", function (event) {
        var to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: items.length - 1 }[event.key];
        if (to === undefined) {
          return;
        }
        event.preventDefault();
        to = (to + items.length) % items.length;
        remember(items[to].key);
        select(to, true);
        syncAll(items[to].key);
      });
      list.appendChild(tab);
      buttons.push(tab);
      var panel = document.createElement("div");
      panel.id = prefix + "-panel-" + item.key;
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      var bar = document.createElement("div");
      bar.className = "codebar";
      var file = document.createElement("code");
      file.textContent = item.file;
      bar.appendChild(file);
      var pre = document.createElement("pre");
      pre.textContent = item.text;
      pre.tabIndex = 0;
      pre.setAttribute("role", "region");
      pre.setAttribute("aria-label", item.file + " (" + item.label + ")");
      bar.appendChild(copyButton(item.file, function () { return pre.textContent; }, status));
      panel.appendChild(bar);
      panel.appendChild(pre);
      container.appendChild(panel);
      panels.push(panel);
    });
    var wanted = remembered();
    var start = 0;
    items.forEach(function (item, i) { if (item.key === wanted) { start = i; } });
    select(start, false);
  }

  /* Every tab set on the page follows the last choice. */
  function syncAll(language) {
    var all = document.querySelectorAll("[role=tab][data-language=\"" + language + "\"]");
    Array.prototype.forEach.call(all, function (tab) {
      if (tab.getAttribute("aria-selected") !== "true") {
        tab.click();
      }
    });
  }

  /* answers {id: value} <-> "caller=pos_terminal&customer_login=otp,password&name=acme" */
  function encodeAnswers(pairs) {
    return pairs.map(function (p) {
      return encodeURIComponent(p[0]) + "=" + encodeURIComponent(p[1]);
    }).join("&");
  }

  function decodeAnswers(fragment) {
    var out = Object.create(null); /* a link may say __proto__=...: no prototype to reach */
    var text = fragment.charAt(0) === "#" ? fragment.slice(1) : fragment;
    if (text.indexOf("=") < 0) {
      return null;
    }
    text.split("&").forEach(function (part) {
      var at = part.indexOf("=");
      if (at > 0) {
        try {
          out[decodeURIComponent(part.slice(0, at))] = decodeURIComponent(part.slice(at + 1).replace(/\+/g, " "));
        } catch (e) {
          /* a malformed escape: that answer is ignored */
        }
      }
    });
    return out;
  }

  root.AuthAdvisorUI = {
    copyText: copyText,
    copyButton: copyButton,
    tabs: tabs,
    encodeAnswers: encodeAnswers,
    decodeAnswers: decodeAnswers
  };
})(typeof globalThis !== "undefined" ? globalThis : this);
