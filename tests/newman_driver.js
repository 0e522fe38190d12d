// Runs Postman collections with newman's documented library API (newman.run), one job per line of
// standard input ({"collection", "envVar": [{"key", "value"}]}), answering one JSON line each:
// {"status": 0 | 1 as the newman command would exit, "text": what it reported}. One process serves
// a whole test module, so node and newman load once instead of once per run.
"use strict";
const readline = require("readline");
const newman = require(process.argv[2]);

function runOne(job) {
  return new Promise((resolve) => {
    const lines = [];
    newman.run({ collection: job.collection, envVar: job.envVar, reporters: [] }, (err, summary) => {
      const failures = summary ? summary.run.failures : [];
      for (const failure of failures) lines.push(`${failure.error.name}: ${failure.error.message}`);
      if (err) lines.push(`error: ${err.message}`);
      resolve({ status: err || failures.length ? 1 : 0, text: lines.join("\n") });
    })
      .on("console", (err, args) => lines.push(args.messages.map(String).join(" ")))
      .on("assertion", (err, args) => lines.push(`${err ? "failed" : "passed"}: ${args.assertion}`))
      .on("request", (err) => {
        if (err) lines.push(`request error: ${err.message}`);
      });
  });
}

(async () => {
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const result = await runOne(JSON.parse(line));
    process.stdout.write(JSON.stringify(result) + "\n");
  }
})();
