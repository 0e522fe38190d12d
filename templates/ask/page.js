/* authadvisor questionnaire page: reads the form, asks evaluator.js, shows the result.
 * Every text from the rules or the answers goes into the page through textContent, never as HTML. */
(function () {
  "use strict";
  var E = window.AuthAdvisorEvaluator;
  var data = JSON.parse(document.getElementById("authadvisor-data").textContent);
  var form = document.getElementById("questionnaire");
  var current = { yaml: null, name: null };
  var LEVELS = { must: "MUST", should: "SHOULD", info: "NOTE" };

  function byId(id) {
    return document.getElementById(id);
  }

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

  function fill(listId, items, render) {
    var list = byId(listId);
    list.textContent = "";
    items.forEach(function (item) { list.appendChild(render(item)); });
    byId(listId + "-box").hidden = items.length === 0;
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

  function showQuestions(answers, errors) {
    var shown = {};
    E.asked(data, answers).forEach(function (q) { shown[q.id] = true; });
    data.questions.forEach(function (q) {
      var box = byId("q-" + q.id);
      box.hidden = !shown[q.id];
      if (q.kind === "text") {
        var input = byId("in-" + q.id);
        var message = errors[q.id] || "";
        byId("err-" + q.id).textContent = message;
        if (message) {
          input.setAttribute("aria-invalid", "true");
        } else {
          input.removeAttribute("aria-invalid");
        }
      }
    });
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

  function showRecommendation(rec) {
    var box = byId("recommendation");
    var body = byId("rec-body");
    if (!rec || rec.error) {
      box.setAttribute("data-method", "");
      box.setAttribute("data-rule", "");
      body.hidden = true;
      byId("rec-summary").textContent = rec && rec.error
        ? "The rules table has a " + rec.error + " for these answers (" + rec.rules.join(", ") +
          "); run authadvisor rules check."
        : "Answer the questions to see the recommendation.";
      return;
    }
    box.setAttribute("data-method", rec.method);
    box.setAttribute("data-rule", rec.rule);
    body.hidden = false;
    byId("rec-summary").textContent = "Recommended: " + rec.method_title + ".";
    byId("rec-method-title").textContent = rec.method_title;
    byId("rec-method").textContent = rec.method;
    byId("rec-scenario").textContent = rec.scenario_title;
    byId("rec-rule").textContent = rec.rule;
    byId("rec-rationale").textContent = rec.rationale;
    fill("rec-provision", rec.provision, stepItem);
    fill("rec-requirements", rec.requirements, noteItem);
    fill("rec-warnings", rec.warnings, noteItem);
    fill("rec-alternatives", rec.alternatives, function (a) {
      return el("li", a.text + (a.method ? " [" + a.method + "]" : ""));
    });
    fill("rec-sources", rec.sources, sourceItem);
  }

  function showSnippets(method) {
    var items = (method && data.snippets[method]) || [];
    var list = byId("snippet-list");
    list.textContent = "";
    items.forEach(function (s) {
      list.appendChild(el("h3", s.title));
      var pre = el("pre", s.text);
      pre.tabIndex = 0;
      list.appendChild(pre);
    });
    byId("snippets").hidden = items.length === 0;
  }

  function showManifest(answers, errors, rec) {
    var status = byId("manifest-status");
    var pre = byId("manifest");
    var problems = Object.keys(errors);
    current.yaml = null;
    if (!rec || rec.error) {
      status.textContent = "The manifest appears once the questions above are answered.";
      pre.textContent = "";
    } else {
      var text = E.manifestYaml(E.manifest(data, answers, rec.method), rec.method, rec.rule);
      pre.textContent = text;
      var missing = E.asked(data, answers).filter(function (q) {
        return q.required && q.kind === "text" && answers[q.id] === null && !errors[q.id];
      });
      if (problems.length) {
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
  }

  function update() {
    var read = readAnswers();
    showQuestions(read.answers, read.errors);
    var rec = E.decided(data, read.answers) ? E.evaluate(data, E.factsOf(data, read.answers)) : null;
    showRecommendation(rec);
    showSnippets(rec && !rec.error ? rec.method : null);
    showManifest(read.answers, read.errors, rec);
  }

  function download() {
    if (current.yaml === null) {
      return;
    }
    var blob = new Blob([current.yaml], { type: "application/yaml;charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.href = url;
    a.download = current.name + ".yaml";
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  byId("download").addEventListener("click", download);
  update();
})();
