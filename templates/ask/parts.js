/* authadvisor questionnaire page: the small pieces of the result, built as DOM nodes (text only ever
 * through textContent): notes, steps, sources, counts, the first call. page.js puts them together. */
(function (root) {
  "use strict";
  var UI = root.AuthAdvisorUI;
  var LEVELS = { must: "MUST", should: "SHOULD", info: "NOTE" };

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    if (cls) {
      node.className = cls;
    }
    return node;
  }

  function token(v) {
    return typeof v === "boolean" ? (v ? "true" : "false") : String(v);
  }

  function noteItem(n) {
    var li = el("li", null, "note " + n.level);
    li.appendChild(el("span", LEVELS[n.level] || n.level.toUpperCase(), "level"));
    li.appendChild(document.createTextNode(" " + n.text + " "));
    li.appendChild(el("code", "[" + n.id + "]", "id"));
    return li;
  }

  function stepItem(s) {
    var li = el("li", s.text);
    if (s.where) {
      li.appendChild(el("div", "Where: " + s.where, "where"));
    }
    if (s.who) {
      li.appendChild(el("div", "Who: " + s.who, "who"));
    }
    return li;
  }

  function sourceItem(s) {
    var li = el("li");
    if (/^https:\/\//.test(s.url)) {
      var a = el("a", s.title);
      a.href = s.url;
      a.rel = "noopener noreferrer";
      li.appendChild(a);
    } else {
      li.textContent = s.title;
    }
    return li;
  }

  function firstSentence(text) {
    var m = /^(.+?[.!?])(\s|$)/.exec(text);
    return m ? m[1] : text;
  }

  function levels(notes) {
    var counts = {};
    notes.forEach(function (n) { counts[n.level] = (counts[n.level] || 0) + 1; });
    return ["must", "should", "info"].filter(function (l) { return counts[l]; })
      .map(function (l) { return counts[l] + " " + LEVELS[l]; }).join(", ");
  }

  /* The "first call" box: the command with a copy button, the expected and the failure responses (JSON
   * as code), or why there is none. */
  function firstCall(box, call, status) {
    if (call.none) {
      box.appendChild(el("p", call.none));
      return;
    }
    box.appendChild(el("p", "Run this with the variables of the full scripts set; it prints the response."));
    var figure = el("figure", null, "code");
    var bar = el("div", null, "codebar");
    var caption = el("figcaption", "first call (bash, curl)");
    caption.id = "first-call-caption";
    bar.appendChild(caption);
    var pre = el("pre", call.command);
    pre.tabIndex = 0;
    pre.setAttribute("aria-labelledby", "first-call-caption");
    pre.setAttribute("role", "region");
    bar.appendChild(UI.copyButton("the first call", function () { return call.command; }, status));
    figure.appendChild(bar);
    figure.appendChild(pre);
    box.appendChild(figure);
    [["Expect: ", call.expect], ["With wrong credentials: ", call.failure]].forEach(function (pair) {
      var p = el("p", pair[0]);
      p.appendChild(pair[1].charAt(0) === "{" ? el("code", pair[1]) : document.createTextNode(pair[1]));
      box.appendChild(p);
    });
  }

  function showAnswers(dl, data, answers) {
    dl.textContent = "";
    root.AuthAdvisorEvaluator.asked(data, answers).forEach(function (q) {
      if (answers[q.id] !== null && answers[q.id] !== undefined) {
        dl.appendChild(el("dt", q.id));
        dl.appendChild(el("dd", Array.isArray(answers[q.id]) ? answers[q.id].map(token).join(", ") : token(answers[q.id])));
      }
    });
  }

  /* The answers of the questions that apply, as a URL fragment: caller=pos_terminal&name=acme */
  function fragmentOf(data, answers) {
    var pairs = [];
    root.AuthAdvisorEvaluator.asked(data, answers).forEach(function (q) {
      var v = answers[q.id];
      if (v !== null && v !== undefined) {
        pairs.push([q.id, Array.isArray(v) ? v.map(token).join(",") : token(v)]);
      }
    });
    return UI.encodeAnswers(pairs);
  }

  /* Save `text` as a file called `name`, from memory (no request). */
  function download(text, name) {
    var blob = new Blob([text], { type: "application/yaml;charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  root.AuthAdvisorParts = {
    el: el, token: token, noteItem: noteItem, stepItem: stepItem, sourceItem: sourceItem,
    firstSentence: firstSentence, levels: levels, firstCall: firstCall, LEVELS: LEVELS,
    showAnswers: showAnswers, fragmentOf: fragmentOf, download: download
  };
})(typeof globalThis !== "undefined" ? globalThis : this);
