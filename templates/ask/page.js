/* authadvisor questionnaire page: reads the form, asks evaluator.js, shows the result; keeps the answers
 * in the URL fragment. Every text from the rules or the answers goes into the page through textContent,
 * never as HTML. */
(function () {
  "use strict";
  var E = window.AuthAdvisorEvaluator;
  var UI = window.AuthAdvisorUI;
  var data = JSON.parse(document.getElementById("authadvisor-data").textContent);
  var form = document.getElementById("questionnaire");
  var current = { yaml: null, name: null, method: null, fragment: "" };
  var P = window.AuthAdvisorParts;
  var el = P.el;
  var token = P.token;
  var SAMPLE_NAME = "your-integration";

  function byId(id) {
    return document.getElementById(id);
  }

  function question(id) {
    return data.questions.filter(function (q) { return q.id === id; })[0];
  }

  function fill(listId, items, render, count) {
    var list = byId(listId);
    list.textContent = "";
    items.forEach(function (item) { list.appendChild(render(item)); });
    byId(listId + "-box").hidden = items.length === 0;
    var counter = byId(listId + "-count");
    if (counter) {
      counter.textContent = count ? "(" + count + ")" : "(" + items.length + ")";
    }
  }

  /* The answers the form holds now: {question id: value}, null when not given; text errors apart. */
  function readAnswers() {
    var answers = {};
    var errors = {};
    data.questions.forEach(function (q) {
      var inputs = form.querySelectorAll("[name=\"" + q.id + "\"]");
      if (q.kind === "text") {
        var checked = E.checkText(data, q.id, inputs[0].value);
        if (checked.error) {
          errors[q.id] = checked.error;
          answers[q.id] = null;
        } else {
          answers[q.id] = checked.value;
        }
        return;
      }
      var tokens = [];
      Array.prototype.forEach.call(inputs, function (input) {
        if (input.checked && input.value !== "") {
          tokens.push(input.value);
        }
      });
      var values = q.choices.filter(function (c) { return tokens.indexOf(c.token) >= 0; })
        .map(function (c) { return c.value; });
      answers[q.id] = q.kind === "many" ? (values.length ? values : null) : (values.length ? values[0] : null);
    });
    return { answers: answers, errors: errors };
  }

  /* Set the form to `answers` ({id: token text}, from a link): unknown ids and values are ignored. */
  function applyAnswers(given) {
    data.questions.forEach(function (q) {
      if (!Object.prototype.hasOwnProperty.call(given, q.id)) {
        return;
      }
      var inputs = form.querySelectorAll("[name=\"" + q.id + "\"]");
      if (q.kind === "text") {
        inputs[0].value = given[q.id];
        return;
      }
      var wanted = q.kind === "many" ? given[q.id].split(",") : [given[q.id]];
      Array.prototype.forEach.call(inputs, function (input) {
        input.checked = wanted.indexOf(input.value) >= 0;
      });
    });
  }

  function showQuestions(answers, errors) {
    var shown = {};
    E.asked(data, answers).forEach(function (q) { shown[q.id] = true; });
    var example = data.examples[answers.caller] || {};
    data.questions.forEach(function (q) {
      byId("q-" + q.id).hidden = !shown[q.id];
      if (q.kind === "text") {
        var input = byId("in-" + q.id);
        var message = errors[q.id] || "";
        byId("err-" + q.id).textContent = message;
        if (message) {
          input.setAttribute("aria-invalid", "true");
        } else {
          input.removeAttribute("aria-invalid");
        }
        var placeholder = example[q.id] || input.getAttribute("data-placeholder");
        if (placeholder) {
          input.setAttribute("placeholder", placeholder);
        }
      }
    });
  }

  function fixItem(issue) {
    var li = el("li", null, "note must blocker");
    li.appendChild(el("span", "ERROR", "level"));
    li.appendChild(document.createTextNode(" " + issue.message + " "));
    li.appendChild(el("code", "[" + issue.check + "]", "id"));
    if (issue.fix) {
      var q = question(issue.fix.question);
      var value = Array.isArray(issue.fix.value) ? issue.fix.value.map(token).join(", ") : token(issue.fix.value);
      var p = el("p", "Fix: answer \u201c" + q.prompt + "\u201d with " + value + ". ", "fix");
      var button = el("button", "Use " + value, "apply");
      button.type = "button";
      button.addEventListener("click", function () {
        var given = {};
        given[q.id] = Array.isArray(issue.fix.value) ? issue.fix.value.map(token).join(",") : token(issue.fix.value);
        applyAnswers(given);
        update();
        byId("verdict").focus();
      });
      p.appendChild(button);
      li.appendChild(p);
    }
    return li;
  }

  function showVerdict(rec, verdict) {
    var box = byId("recommendation");
    var state = verdict ? verdict.state : "";
    box.setAttribute("data-verdict", state);
    byId("mini").setAttribute("data-verdict", state);
    var badges = [byId("verdict-badge"), byId("mini-badge")];
    badges.forEach(function (b) {
      b.hidden = !state;
      b.textContent = state === "ready" ? "Ready" : state === "blocked" ? "Blocked" : "";
    });
    var summary = byId("rec-summary");
    var mini = byId("mini-text");
    if (!rec) {
      summary.textContent = "Answer the questions to see the recommendation.";
      mini.textContent = summary.textContent;
    } else if (rec.error) {
      summary.textContent = "The rules table has a " + rec.error + " for these answers (" + rec.rules.join(", ") +
        "); run authadvisor rules check.";
      mini.textContent = summary.textContent;
    } else if (state === "blocked") {
      summary.textContent = "authadvisor lint would reject this manifest: change the answer below.";
      mini.textContent = rec.method_title;
    } else {
      summary.textContent = "authadvisor lint accepts the manifest these answers give.";
      mini.textContent = rec.method_title;
    }
    var blockers = verdict ? verdict.issues.filter(function (i) { return i.severity === "error"; }) : [];
    byId("blockers").hidden = blockers.length === 0;
    var key = JSON.stringify(blockers);
    if (key === current.blockers) {
      return; /* unchanged: keep the buttons (a blur's change event must not remove the one being clicked) */
    }
    current.blockers = key;
    var list = byId("blocker-list");
    list.textContent = "";
    blockers.forEach(function (i) { list.appendChild(fixItem(i)); });
  }

  function showRecommendation(rec, facts) {
    var box = byId("recommendation");
    var ok = rec && !rec.error;
    box.setAttribute("data-method", ok ? rec.method : "");
    box.setAttribute("data-rule", ok ? rec.rule : "");
    byId("rec-body").hidden = !ok;
    byId("method-line").hidden = !ok;
    byId("rec-why").textContent = ok ? P.firstSentence(rec.rationale) : "";
    if (!ok) {
      return;
    }
    byId("rec-method-title").textContent = rec.method_title;
    byId("rec-method").textContent = rec.method;
    byId("rec-scenario").textContent = rec.scenario_title;
    byId("rec-rule").textContent = rec.rule;
    byId("rec-rationale").textContent = rec.rationale;
    fill("rec-provision", rec.provision, P.stepItem);
    fill("rec-requirements", rec.requirements, P.noteItem, P.levels(rec.requirements));
    fill("rec-warnings", rec.warnings, P.noteItem, P.levels(rec.warnings));
    fill("rec-alternatives", rec.alternatives, function (a) {
      return el("li", a.text + (a.method ? " [" + a.method + "]" : ""));
    });
    fill("rec-sources", rec.sources, P.sourceItem);
    fill("rec-whynot", E.whyNot(data, rec, facts), function (w) {
      var li = el("li");
      li.appendChild(el("strong", w.title));
      li.appendChild(document.createTextNode(": " + w.text + "."));
      return li;
    });
  }

  function showFlow(method) {
    Array.prototype.forEach.call(document.querySelectorAll("figure.flow"), function (f) {
      f.hidden = f.getAttribute("data-flow") !== method;
    });
    byId("flow-box").hidden = !document.querySelector("figure.flow[data-flow=\"" + method + "\"]");
    var box = byId("first-call");
    box.textContent = "";
    var call = data.first_calls[method] || null;
    byId("first-call-box").hidden = !call;
    if (!call) {
      return;
    }
    P.firstCall(box, call, byId("action-status"));
  }

  function showSnippets(method, name) {
    var items = (method && data.snippets[method]) || [];
    var shownName = name || SAMPLE_NAME;
    var key = method + "|" + shownName;
    byId("snippets").hidden = items.length === 0;
    if (current.snippetKey === key) {
      return;
    }
    current.snippetKey = key;
    UI.tabs(byId("snippet-list"), "snippet", items.map(function (s) {
      return { key: s.target, label: s.target, file: s.filename, text: s.text.split(SAMPLE_NAME).join(shownName) };
    }), byId("action-status"));
  }

  function showManifest(answers, errors, rec, verdict) {
    var status = byId("manifest-status");
    var pre = byId("manifest");
    var problems = Object.keys(errors);
    current.yaml = null;
    if (!rec || rec.error) {
      status.textContent = "The manifest appears once the questions are answered.";
      pre.textContent = "";
    } else {
      var text = E.manifestYaml(E.manifest(data, answers, rec.method), rec.method, rec.rule);
      pre.textContent = text;
      var missing = E.asked(data, answers).filter(function (q) {
        return q.required && q.kind === "text" && answers[q.id] === null && !errors[q.id];
      });
      if (verdict.state === "blocked") {
        status.textContent = "Download is off while lint would reject the manifest.";
      } else if (problems.length) {
        status.textContent = "Fix the answer to " + problems.join(", ") + " to download the manifest.";
      } else if (missing.length) {
        status.textContent = "Give the integration a " + missing.map(function (q) { return q.id; }).join(", ") +
          " to download the manifest.";
      } else {
        status.textContent = "Save it as " + answers.name + ".yaml and commit it with the integration.";
        current.yaml = text;
        current.name = answers.name;
      }
    }
    byId("download").disabled = current.yaml === null;
    byId("download-mini").disabled = current.yaml === null;
  }

  function keepFragment(answers) {
    current.fragment = P.fragmentOf(data, answers);
    if (!current.fragment) {
      return;
    }
    try {
      window.history.replaceState(null, "", "#" + current.fragment);
    } catch (e) {
      /* some browsers refuse it for file:// pages; "Copy link" still builds the link */
    }
  }

  function update() {
    var read = readAnswers();
    showQuestions(read.answers, read.errors);
    var decided = E.decided(data, read.answers);
    var facts = E.factsOf(data, read.answers);
    var rec = decided ? E.evaluate(data, facts) : null;
    var verdict = rec && !rec.error ? E.verdict(data, read.answers) : null;
    showVerdict(rec, verdict);
    showRecommendation(rec, facts);
    var method = rec && !rec.error ? rec.method : null;
    if (method !== current.method) {
      current.method = method;
      showFlow(method);
    }
    showSnippets(method, read.answers.name);
    showManifest(read.answers, read.errors, rec, verdict);
    P.showAnswers(byId("answers-print"), data, read.answers);
    keepFragment(read.answers);
  }

  function download() {
    if (current.yaml !== null) {
      P.download(current.yaml, current.name + ".yaml");
    }
  }

  function restore() {
    var given = UI.decodeAnswers(window.location.hash);
    if (given) {
      form.reset();
      applyAnswers(given);
    }
  }

  /* Print: open the sections a printout needs, and put them back afterwards. */
  var printed = ["rec-provision-box", "rec-requirements-box", "rec-warnings-box", "flow-box", "manifest-box"];
  var wasOpen = {};
  window.addEventListener("beforeprint", function () {
    printed.forEach(function (id) { wasOpen[id] = byId(id).open; byId(id).open = true; });
  });
  window.addEventListener("afterprint", function () {
    printed.forEach(function (id) { byId(id).open = wasOpen[id]; });
  });

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  byId("download").addEventListener("click", download);
  byId("download-mini").addEventListener("click", download);
  byId("copy-link").addEventListener("click", function () {
    var base = window.location.href.split("#")[0];
    UI.copyText(base + (current.fragment ? "#" + current.fragment : ""), byId("action-status"));
  });
  /* The skip link and the phone bar's "Details" move to the result without replacing the answers in
   * the link (the fragment holds them). */
  Array.prototype.forEach.call(document.querySelectorAll("a[href=\"#result\"]"), function (a) {
    a.addEventListener("click", function (event) {
      event.preventDefault();
      var result = byId("result");
      result.scrollIntoView();
      result.focus();
    });
  });
  window.addEventListener("hashchange", function () {
    if (UI.decodeAnswers(window.location.hash)) {
      restore();
      update();
    }
  });
  restore();
  update();
})();
