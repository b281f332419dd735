/* Test helper: run the site's calculator engine in Node on cases sent as JSON on stdin (tests/test_calculators_js.py).
 *
 * Input: {"payloads": [payload, …], "outcomes": [[payload index, control values], …],
 *         "formats": [[number, spec, "fmt" | "py"], …], "ports": [[qualified name, [arguments]], …]}
 * Output: {"outcomes": [{"sentence", "results"} | {"message"} | {"crash"}, …], "formats": [text, …],
 *          "ports": [{"value"} | {"error": [kind, message]}, …]}
 */
"use strict";
const path = require("path");
const statics = path.resolve(__dirname, "..", "..", "book", "assets", "static");
require(path.join(statics, "crmlab-calculators.js"));
require(path.join(statics, "crmlab-formulas.js"));
const C = globalThis.crmlab;

function plain(value) {
  if (value instanceof C.Series) return { __series__: { index: value.index, values: plain(value.values), name: value.name } };
  if (value instanceof C.Frame) {
    const data = {};
    value.columns.forEach((c) => { data[c] = plain(value.data[c]); });
    return { __frame__: { index: value.index, columns: value.columns, data } };
  }
  if (typeof value === "number" && !isFinite(value)) return { __float__: value !== value ? "nan" : value > 0 ? "inf" : "-inf" };
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") {
    const out = {};
    Object.keys(value).forEach((k) => { out[k] = plain(value[k]); });
    return out;
  }
  return value;
}

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const job = JSON.parse(input);
  const machines = (job.payloads || []).map((p) => new C.Machine(p.program, p));
  const outcomes = (job.outcomes || []).map(([index, values]) => {
    try {
      const shown = C.outcome(job.payloads[index], machines[index], C.revive(values));
      return shown.message !== undefined ? { message: shown.message } : { sentence: shown.sentence, results: plain(shown.results) };
    } catch (err) {
      return { crash: String(err && err.message || err) + (err && err.kind ? " (" + err.kind + ")" : "") };
    }
  });
  const formats = (job.formats || []).map(([value, spec, kind]) => {
    try {
      const v = C.revive(value);
      return kind === "py" ? C.pyFormat(v, spec) : C.fmt(v, spec, "en");
    } catch (err) {
      return { crash: String(err.message) };
    }
  });
  const ports = (job.ports || []).map(([name, args]) => {
    try {
      return { value: plain(C.ports[name].apply(null, C.revive(args))) };
    } catch (err) {
      return err instanceof C.PyError ? { error: [err.kind, err.message] } : { crash: String(err.message) };
    }
  });
  process.stdout.write(JSON.stringify({ outcomes, formats, ports }));
});
