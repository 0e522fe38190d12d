/* authadvisor questionnaire: the advice around a recommendation, in JS, for the self-contained page:
 * the verdict (the lint checks' triggers on the manifest that would be written, and the one-answer
 * change that fixes a blocker: authadvisor/ask/verdict.py) and "why not the others"
 * (authadvisor/render/whynot.py). Adds verdict() and whyNot() to the evaluator (evaluator.js).
 * tests/test_ask_differential.py compares both with Python on every combination of answers. */
(function (root, factory) {
  "use strict";
  if (typeof module !== "undefined" && module.exports) {
    module.exports = factory(require("./evaluator.js"));
  } else {
    factory(root.AuthAdvisorEvaluator);
  }
})(typeof globalThis !== "undefined" ? globalThis : this, function (E) {
  "use strict";
  var holds = E.holds;
  var asked = E.asked;
  var factsOf = E.factsOf;
  var decided = E.decided;
  var evaluate = E.evaluate;

  function given(value) {
    return value !== null && value !== undefined;
  }

  /* A value as conditions._show writes it (a multi-valued fact's list sorted, as its frozenset is). */
  function show(value, sort) {
    if (Array.isArray(value)) {
      var items = sort ? value.slice().sort() : value;
      return "[" + items.map(function (v) { return show(v, false); }).join(", ") + "]";
    }
    if (!given(value)) {
      return "(not given)";
    }
    return typeof value === "boolean" ? (value ? "true" : "false") : String(value);
  }

  /* The first failing test of a condition (whynot._leaf), the condition itself when an any/not fails
   * as a whole, null when it holds. */
  function leaf(cond, facts) {
    if (cond === null || cond === undefined) {
      return null;
    }
    if (Object.prototype.hasOwnProperty.call(cond, "all")) {
      for (var i = 0; i < cond.all.length; i++) {
        var failed = leaf(cond.all[i], facts);
        if (failed !== null) {
          return failed;
        }
      }
      return null;
    }
    if (Object.prototype.hasOwnProperty.call(cond, "any")) {
      return cond.any.some(function (c) { return leaf(c, facts) === null; }) ? null : cond;
    }
    if (Object.prototype.hasOwnProperty.call(cond, "not")) {
      return leaf(cond.not, facts) === null ? cond : null;
    }
    return holds(cond, facts) ? null : cond;
  }

  function words(values) {
    var shown = values.map(function (v) { return show(v, false); });
    return shown.length === 1 ? shown[0] : shown.slice(0, -1).join(", ") + " or " + shown[shown.length - 1];
  }

  /* "Why not the others" (authadvisor/render/whynot.py): one line per method not chosen. */
  function whyNot(data, rec, facts) {
    var out = [];
    Object.keys(data.methods).forEach(function (id) {
      if (id === rec.method) {
        return;
      }
      var entries = data.rules.filter(function (r) { return r.method === id; });
      if (!entries.length) {
        return;
      }
      var text;
      if (entries.some(function (r) { return holds(r.when, facts); })) {
        text = "matches too, but rule " + rec.rule + " comes first";
      } else {
        var leaves = entries.map(function (r) { return leaf(r.when, facts); });
        var tests = leaves.filter(function (x) {
          return Object.prototype.hasOwnProperty.call(x, "fact") &&
            (Object.prototype.hasOwnProperty.call(x, "equals") || Object.prototype.hasOwnProperty.call(x, "in"));
        });
        var factNames = {};
        tests.forEach(function (t) { factNames[t.fact] = true; });
        if (tests.length === leaves.length && Object.keys(factNames).length === 1) {
          var fact = tests[0].fact;
          var merged = [];
          tests.forEach(function (t) {
            (Object.prototype.hasOwnProperty.call(t, "in") ? t.in : [t.equals]).forEach(function (v) {
              if (merged.indexOf(v) < 0) {
                merged.push(v);
              }
            });
          });
          text = "for " + fact + " " + words(merged) + "; here " + fact + " is " +
            show(Object.prototype.hasOwnProperty.call(facts, fact) ? facts[fact] : null, true);
        } else {
          text = "needs " + entries[0].condition;
        }
      }
      out.push({ method: id, title: data.methods[id].title, text: text });
    });
    return out;
  }

  /* The lint findings of the manifest the answers give: the data checks' triggers (as
   * authadvisor/ask/verdict.py gets them from the real linter), in check-table order. */
  function issues(data, answers) {
    var facts = factsOf(data, answers);
    var out = [];
    data.checks.forEach(function (c) {
      c.triggers.forEach(function (t) {
        if (holds(t.when, facts)) {
          var given = answers[t.question];
          var item = t.item !== null && Array.isArray(given) && given.indexOf(t.item) >= 0 ? t.item : null;
          out.push({ check: c.id, severity: t.severity, message: t.message, question: t.question, item: item });
        }
      });
    });
    return out;
  }

  function blocking(found) {
    return found.some(function (i) { return i.severity === "error"; });
  }

  /* Other answers to question q, nearest first (verdict._candidates). */
  function candidates(q, current) {
    var all = q.choices.map(function (c) { return c.value; });
    if (q.kind === "one") {
      return all.filter(function (v) { return v !== current; });
    }
    var values = current || [];
    var others = all.filter(function (v) { return values.indexOf(v) < 0; });
    var changes = [];
    if (values.length > 1) {
      values.forEach(function (v) { changes.push([[v], []]); });
    }
    values.forEach(function (v) { others.forEach(function (o) { changes.push([[v], [o]]); }); });
    others.forEach(function (o) { changes.push([[], [o]]); });
    return changes.map(function (ch) {
      return all.filter(function (v) {
        return (values.indexOf(v) >= 0 && ch[0].indexOf(v) < 0) || ch[1].indexOf(v) >= 0;
      });
    });
  }

  /* The first one-answer change (question `first` tried first, never the caller) that lint accepts. */
  function findFix(data, answers, first) {
    var qs = asked(data, answers).filter(function (q) { return q.kind !== "text" && q.id !== "caller"; });
    qs = qs.filter(function (q) { return q.id === first; }).concat(qs.filter(function (q) { return q.id !== first; }));
    for (var i = 0; i < qs.length; i++) {
      var options = candidates(qs[i], answers[qs[i].id]);
      for (var j = 0; j < options.length; j++) {
        var changed = Object.assign({}, answers);
        changed[qs[i].id] = options[j];
        if (decided(data, changed) && !evaluate(data, factsOf(data, changed)).error &&
            !blocking(issues(data, changed))) {
          return { question: qs[i].id, value: options[j] };
        }
      }
    }
    return null;
  }

  /* {state: "ready"|"blocked", issues: [...]} for decided answers (verdict.verdict). */
  function verdict(data, answers) {
    var found = issues(data, answers).map(function (i) {
      i.fix = i.severity === "error" ? findFix(data, answers, i.question) : null;
      return i;
    });
    return { state: blocking(found) ? "blocked" : "ready", issues: found };
  }

  E.verdict = verdict;
  E.whyNot = whyNot;
  return E;
});
