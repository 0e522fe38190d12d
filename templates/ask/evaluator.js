/* authadvisor questionnaire: the rules engine, in JS, for the self-contained web page.
 *
 * The same condition language as authadvisor/conditions.py (equals, in, contains, exists, all, any,
 * not), the same hit policy as authadvisor/engine.py, the same question logic as
 * authadvisor/questionnaire.py and the same manifest YAML as authadvisor/render/manifest.py.
 * tests/test_ask_differential.py runs this file (with advice.js, the verdict and "why not the others")
 * under node over every combination of answers and compares it with the Python engine. No DOM here:
 * page.js does the page.
 */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
  } else {
    root.AuthAdvisorEvaluator = api;
  }
})(typeof globalThis !== "undefined" ? globalThis : this, function () {
  "use strict";

  function given(value) {
    return value !== null && value !== undefined;
  }

  /* Does condition `cond` (plain data, as conditions.to_data writes it) hold for `facts`
   * ({fact name: value}, a list for a multi-valued fact, null or absent when not given)? */
  function holds(cond, facts) {
    if (cond === null || cond === undefined) {
      return true;
    }
    if (Object.prototype.hasOwnProperty.call(cond, "all")) {
      return cond.all.every(function (c) { return holds(c, facts); });
    }
    if (Object.prototype.hasOwnProperty.call(cond, "any")) {
      return cond.any.some(function (c) { return holds(c, facts); });
    }
    if (Object.prototype.hasOwnProperty.call(cond, "not")) {
      return !holds(cond.not, facts);
    }
    var value = Object.prototype.hasOwnProperty.call(facts, cond.fact) ? facts[cond.fact] : null;
    if (Object.prototype.hasOwnProperty.call(cond, "equals")) {
      return given(value) && value === cond.equals;
    }
    if (Object.prototype.hasOwnProperty.call(cond, "in")) {
      return given(value) && cond.in.indexOf(value) >= 0;
    }
    if (Object.prototype.hasOwnProperty.call(cond, "contains")) {
      return given(value) && value.indexOf(cond.contains) >= 0;
    }
    if (Object.prototype.hasOwnProperty.call(cond, "exists")) {
      return cond.exists ? given(value) : !given(value);
    }
    throw new Error("unknown condition: " + JSON.stringify(cond));
  }

  function isFact(data, id) {
    return data.facts.some(function (f) { return f.name === id; });
  }

  /* The questions that apply, in order: each one's condition is tested over the answers to the
   * questions before it that apply. */
  function asked(data, answers) {
    var facts = {};
    var out = [];
    data.questions.forEach(function (q) {
      if (holds(q.when, facts)) {
        out.push(q);
        if (isFact(data, q.id) && Object.prototype.hasOwnProperty.call(answers, q.id)) {
          facts[q.id] = answers[q.id];
        }
      }
    });
    return out;
  }

  /* The facts the answers give (only answers to questions that apply count). */
  function factsOf(data, answers) {
    var facts = {};
    asked(data, answers).forEach(function (q) {
      if (isFact(data, q.id) && given(answers[q.id])) {
        facts[q.id] = answers[q.id];
      }
    });
    return facts;
  }

  /* Is every required choice question that applies answered? Then the facts are those of a valid
   * manifest, and the recommendation is decided (free text never changes it). */
  function decided(data, answers) {
    return asked(data, answers).every(function (q) {
      return !q.required || q.kind === "text" || given(answers[q.id]);
    });
  }

  function pick(items, facts) {
    return (items || []).filter(function (item) { return holds(item.when, facts); });
  }

  function note(n) {
    return { id: n.id, level: n.level, text: n.text, sources: n.sources || [] };
  }

  /* The recommendation for `facts` under the table's hit policy, as engine.Rules.evaluate builds it;
   * {error: "gap"} when no rule matches, {error: "overlap", rules: [...]} when several do under
   * hit policy "unique". */
  function evaluate(data, facts) {
    var matched = data.rules.filter(function (r) { return holds(r.when, facts); });
    if (matched.length === 0) {
      return { error: "gap", rules: [] };
    }
    if (data.hit_policy === "unique" && matched.length > 1) {
      return { error: "overlap", rules: matched.map(function (r) { return r.id; }) };
    }
    var rule = matched[0];
    var method = data.methods[rule.method];
    var requirements = pick(rule.requirements, facts).concat(pick(method.requirements, facts)).map(note);
    var warnings = pick(rule.warnings, facts).concat(pick(method.warnings, facts)).map(note);
    var sourceIds = [].concat(rule.sources, method.sources);
    requirements.concat(warnings).forEach(function (n) { sourceIds = sourceIds.concat(n.sources); });
    var seen = {};
    var sources = [];
    sourceIds.forEach(function (id) {
      if (!seen[id]) {
        seen[id] = true;
        sources.push({ id: id, title: data.sources[id].title, url: data.sources[id].url });
      }
    });
    return {
      method: rule.method,
      method_title: method.title,
      scenario: rule.scenario,
      scenario_title: data.scenarios[rule.scenario],
      rule: rule.id,
      rationale: rule.rationale,
      sources: sources,
      provision: pick(rule.provision, facts).map(function (s) {
        return { text: s.text, where: s.where, who: s.who };
      }),
      requirements: requirements,
      warnings: warnings,
      alternatives: pick(rule.alternatives, facts).map(function (a) {
        return { text: a.text, method: a.method };
      })
    };
  }

  /* One line of printable text YAML can carry (questionnaire.PRINTABLE). */
  var PRINTABLE = /^[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\u{10000}-\u{10ffff}]*$/u;

  function slug(text) {
    return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "")
      .slice(0, 63).replace(/-+$/, "");
  }

  /* The checks a credential match must also pass, as manifest/credentials.py _VERIFY. */
  var VERIFY = {
    basic: function (match) {
      var token = match.split(/\s+/).pop();
      if (/[0-9+\/]/.test(token)) {
        return true;
      }
      var raw = token.replace(/=+$/, "");
      raw = raw.slice(0, Math.floor(raw.length / 4) * 4);
      var bytes;
      try {
        bytes = atob(raw);
      } catch (e) {
        return false;
      }
      if (bytes.indexOf(":") < 0) {
        return false;
      }
      for (var k = 0; k < bytes.length; k++) {
        var c = bytes.charCodeAt(k);
        if (c < 0x20 || c === 0x7f) {
          return false;
        }
      }
      return true;
    },
    mixed: function (match) {
      var token = match.split(/\s+/).pop();
      return /[0-9]/.test(token) && /\p{L}/u.test(token);
    }
  };

  /* The kind of the leftmost credential in text (ties: table order), or null: as
   * credentials.credential_value, which searches one alternation of the same patterns. */
  function credentialKind(patterns, text) {
    var best = null, at = Infinity;
    for (var i = 0; i < patterns.length; i++) {
      var p = patterns[i], re = new RegExp(p.source, p.flags + "g"), m;
      while ((m = re.exec(text)) !== null && m.index < at) {
        if (!p.verify || VERIFY[p.verify](m[0])) {
          best = p.kind;
          at = m.index;
          break;
        }
        re.lastIndex = m.index + 1;
      }
    }
    return best;
  }

  /* A free-text answer trimmed of spaces: {value} (null when empty) or {error}. As
   * questionnaire.check_text; never echoes a credential. */
  function checkText(data, field, raw) {
    var text = String(raw).replace(/^ +| +$/g, "");
    if (text === "") {
      return { value: null };
    }
    if (!PRINTABLE.test(text)) {
      return { error: field + " must be one line of printable text (no tabs, line breaks or control characters)" };
    }
    var kind = Array.from(text).length >= 8 ? credentialKind(data.text.credentials, text) : null;
    if (kind !== null) {
      return { error: field + " looks like " + kind + "; never put credentials in a manifest" };
    }
    if (field === "name") {
      if (!new RegExp(data.text.name_pattern).test(text)) {
        var better = slug(text);
        var hint = better && new RegExp(data.text.name_pattern).test(better) ? " (try \"" + better + "\")" : "";
        return {
          error: "not a valid name: use lowercase letters, digits and hyphens, 1-63 characters, " +
            "starting and ending with a letter or digit" + hint
        };
      }
    } else if (Array.from(text).length > data.text.max) {
      return { error: field + " is longer than " + data.text.max + " characters" };
    }
    return { value: text };
  }

  /* The manifest the answers describe, in the schema's field order (questionnaire.manifest). */
  function manifest(data, answers, method) {
    var values = {};
    asked(data, answers).forEach(function (q) {
      var v = answers[q.id];
      if (!given(v)) {
        return;
      }
      if (q.kind === "many") {
        v = q.choices.map(function (c) { return c.value; }).filter(function (c) { return v.indexOf(c) >= 0; });
      }
      values[q.id] = v;
    });
    var out = { authadvisor: data.schema_version };
    data.text_fields.forEach(function (field) {
      if (Object.prototype.hasOwnProperty.call(values, field)) {
        out[field] = values[field];
      }
    });
    data.sections.forEach(function (section) {
      var block = {};
      if (section === "auth" && method) {
        block.method = method;
      }
      data.facts.forEach(function (f) {
        if (f.path[0] === section && Object.prototype.hasOwnProperty.call(values, f.name)) {
          block[f.path[1]] = values[f.name];
        }
      });
      if (Object.keys(block).length) {
        out[section] = block;
      }
    });
    return out;
  }

  var PLAIN = /^[a-z][a-z0-9_-]*$/;
  var RESERVED = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"];
  var UNSAFE = /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g;

  function hex4(ch) {
    return "\\u" + ("0000" + ch.charCodeAt(0).toString(16)).slice(-4);
  }

  /* One scalar, as render/manifest.py writes it: plain when it cannot be misread, else JSON-quoted. */
  function scalar(value) {
    if (typeof value === "boolean") {
      return value ? "true" : "false";
    }
    if (typeof value === "number") {
      return String(value);
    }
    if (PLAIN.test(value) && RESERVED.indexOf(value) < 0) {
      return value;
    }
    return JSON.stringify(value).replace(UNSAFE, hex4);
  }

  function lines(obj, indent) {
    var out = [];
    Object.keys(obj).forEach(function (key) {
      var value = obj[key];
      if (Array.isArray(value)) {
        out.push(indent + key + ": [" + value.map(scalar).join(", ") + "]");
      } else if (value !== null && typeof value === "object") {
        out.push(indent + key + ":");
        out = out.concat(lines(value, indent + "  "));
      } else {
        out.push(indent + key + ": " + scalar(value));
      }
    });
    return out;
  }

  /* The manifest as YAML text, header included (render/manifest.py manifest_yaml). */
  function manifestYaml(obj, method, rule) {
    var header = ["# authadvisor integration manifest, written by the authadvisor questionnaire."];
    if (method && rule) {
      header.push("# Recommended method: " + method + " (rule " + rule + ").");
    }
    header.push("# Check it with: authadvisor recommend FILE (and authadvisor lint FILE)");
    return header.concat(lines(obj, "")).join("\n") + "\n";
  }

  return {
    holds: holds,
    asked: asked,
    factsOf: factsOf,
    decided: decided,
    evaluate: evaluate,
    checkText: checkText,
    manifest: manifest,
    manifestYaml: manifestYaml,
    scalar: scalar
  };
});
