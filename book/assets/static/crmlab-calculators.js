/* CRM Lab calculators in the browser: no kernel, the numbers of crmlab.
 *
 * Each calculator on a page is a <div class="crmlab-calc"> made by crmlab.calculators (Python) from its
 * declaration: its form controls, and a JSON payload with the program compiled from its compute function
 * (crmlab/calculators/_compile.py), the tables precomputed by crmlab, and its sentence template. This file
 * runs that program whenever a control moves, with the ports of crmlab's formulas in crmlab-formulas.js,
 * and shows the sentence. It follows Python's semantics for every operation the compiler emits
 * (crmlab/calculators/_ir.py is the Python twin); tests/test_calculators_js.py runs both on many positions of
 * every calculator and compares. Nothing here is specific to one calculator.
 *
 * Also loadable in Node (the tests do): the DOM part runs only where there is a document.
 */
(function (root) {
  "use strict";
  var C = root.crmlab = root.crmlab || {};
  C.ports = C.ports || {};

  // ---------------------------------------------------------------------------------------------------
  // Errors: a crmlab ValueError/TypeError (shown to the reader), or a bug (reported on the console).

  function PyError(kind, message) {
    this.kind = kind;
    this.message = message;
  }
  PyError.prototype = Object.create(Error.prototype);
  C.PyError = PyError;
  C.fail = function (kind, message) { throw new PyError(kind, message); };

  // ---------------------------------------------------------------------------------------------------
  // Python's float formatting, exactly: the digits of the binary value, rounded half to even.

  // Decimal digits and exponent of |x| exactly (to 100 significant digits): x = 0.d1d2d3... × 10^exp.
  function exactDigits(x) {
    var text = Math.abs(x).toPrecision(100);
    var exp = 0;
    var e = text.indexOf("e");
    if (e >= 0) { exp = parseInt(text.slice(e + 1), 10); text = text.slice(0, e); }
    var dot = text.indexOf(".");
    var intPart = dot < 0 ? text : text.slice(0, dot);
    var frac = dot < 0 ? "" : text.slice(dot + 1);
    var digits = (intPart + frac).replace(/^0+/, "");
    var lead = (intPart + frac).length - digits.length;
    return { digits: digits.replace(/0+$/, "") || "0", exp: intPart.length - lead + exp, zero: digits === "" };
  }

  // Round the digit string to `keep` digits, half to even. Returns {digits, carry}.
  function roundDigits(digits, keep) {
    if (keep < 0) return { digits: "", carry: false, zeroed: true };
    if (digits.length <= keep) return { digits: digits + "0".repeat(keep - digits.length), carry: false };
    var head = digits.slice(0, keep), rest = digits.slice(keep);
    var up = rest[0] > "5" || (rest[0] === "5" && (/[1-9]/.test(rest.slice(1)) ||
      (head.length > 0 && parseInt(head[head.length - 1], 10) % 2 === 1)));
    if (!up) return { digits: head, carry: false };
    var arr = head.split(""), i = arr.length - 1;
    while (i >= 0 && arr[i] === "9") { arr[i] = "0"; i--; }
    if (i < 0) return { digits: "1" + arr.join(""), carry: true };
    arr[i] = String.fromCharCode(arr[i].charCodeAt(0) + 1);
    return { digits: arr.join(""), carry: false };
  }

  // |x| with `decimals` digits after the point ("f").
  function fixed(x, decimals) {
    var d = exactDigits(x);
    if (d.zero) return decimals > 0 ? "0." + "0".repeat(decimals) : "0";
    var keep = d.exp + decimals;  // significant digits kept
    var digits;
    if (keep < 0) digits = "0";
    else if (keep === 0) {
      // Only the rounding decision: the value is below one unit of the last place.
      var half = d.digits[0] > "5" || (d.digits[0] === "5" && /[1-9]/.test(d.digits.slice(1)));
      digits = half ? "1" : "0";
      keep = 1;
      d = { exp: d.exp + 1 };
    } else {
      var r = roundDigits(d.digits, keep);
      digits = r.digits;
      if (r.carry) { d = { exp: d.exp + 1 }; keep++; }
    }
    var intLen = d.exp;
    var all = digits;
    if (intLen <= 0) all = "0".repeat(1 - intLen) + all, intLen = 1;
    var intPart = all.slice(0, intLen) || "0", frac = all.slice(intLen);
    intPart = intPart.replace(/^0+(?=\d)/, "");
    frac = (frac + "0".repeat(decimals)).slice(0, decimals);
    return decimals > 0 ? intPart + "." + frac : intPart;
  }

  // |x| with `precision` significant digits: {digits, exp} where value = d1.d2d3... × 10^exp.
  function significant(x, precision) {
    var d = exactDigits(x);
    if (d.zero) return { digits: "0".repeat(precision), exp: 0 };
    var r = roundDigits(d.digits, precision);
    return { digits: r.digits.slice(0, precision), exp: d.exp - 1 + (r.carry ? 1 : 0) };
  }

  function exponent(exp) {
    var sign = exp < 0 ? "-" : "+";
    var n = String(Math.abs(exp));
    return "e" + sign + (n.length < 2 ? "0" + n : n);
  }

  function group(intPart) {
    return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  // Python's repr of a float (shortest digits that read back the same; fixed between 1e-4 and 1e16).
  function pyRepr(x) {
    if (x !== x) return "nan";
    if (!isFinite(x)) return x > 0 ? "inf" : "-inf";
    var text = String(Math.abs(x)), exp, digits;
    var m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text);
    var intPart = m[1], frac = m[2] || "";
    exp = (m[3] ? parseInt(m[3], 10) : 0);
    digits = (intPart + frac).replace(/^0+/, "");
    var lead = (intPart + frac).length - digits.length;
    var pointExp = intPart.length - lead + exp - 1;  // exponent of the first significant digit
    digits = digits.replace(/0+$/, "") || "0";
    var sign = (x < 0 || Object.is(x, -0)) ? "-" : "";
    if (digits === "0") return sign + "0.0";
    var out;
    if (pointExp >= -4 && pointExp < 16) {
      if (pointExp >= 0) {
        var ip = digits.slice(0, pointExp + 1), fp = digits.slice(pointExp + 1);
        ip = ip + "0".repeat(Math.max(0, pointExp + 1 - ip.length));
        out = ip + "." + (fp || "0");
      } else {
        out = "0." + "0".repeat(-pointExp - 1) + digits;
      }
    } else {
      out = digits[0] + (digits.length > 1 ? "." + digits.slice(1) : "") + exponent(pointExp);
    }
    return sign + out;
  }
  C.pyRepr = pyRepr;

  // The digits of a whole number (exactly, also beyond 2^53, as Python's int() shows it).
  function integerDigits(x) {
    return Math.abs(x) < 9007199254740992 ? String(Math.abs(x)) : BigInt(Math.abs(x)).toString();
  }

  var SPEC = /^([+\- ]?)(,?)(?:\.(\d+))?([fFeEgGd%]?)$/;

  // format(value, spec) as Python does it, for the specs calculators and glued numbers use.
  function pyFormat(value, spec) {
    spec = spec || "";
    if (typeof value === "string") {
      if (spec === "") return value;
      throw new Error("cannot format text with " + spec);
    }
    if (typeof value === "boolean") value = value ? 1 : 0;
    if (value === null || value === undefined) return "None";
    var m = SPEC.exec(spec);
    if (!m) throw new Error("unsupported format spec " + spec);
    var signOpt = m[1], comma = m[2] === ",", precision = m[3] === undefined ? null : parseInt(m[3], 10);
    var type = m[4];
    if (type === "" && precision !== null) throw new Error("a precision needs a type (f, e, g, %): " + spec);
    var negative = value < 0 || Object.is(value, -0);
    var body;
    if (value !== value) body = "nan", negative = false;
    else if (!isFinite(value)) body = "inf";
    else if (type === "" && precision === null) {
      body = Number.isInteger(value) && !Object.is(value, -0) ? integerDigits(value) : pyRepr(Math.abs(value));
      if (comma) body = body.replace(/^\d+/, group);
    } else if (type === "f" || type === "F" || type === "%") {
      var v = type === "%" ? value * 100 : value;
      negative = v < 0 || Object.is(v, -0);
      body = fixed(v, precision === null ? 6 : precision);
      if (comma) body = body.replace(/^\d+/, group);
      if (type === "%") body += "%";
    } else if (type === "d") {
      body = String(Math.abs(Math.trunc(value)));
      if (comma) body = group(body);
    } else if (type === "e" || type === "E") {
      var p = precision === null ? 6 : precision;
      var s = significant(value, p + 1);
      body = s.digits[0] + (p > 0 ? "." + s.digits.slice(1) : "") + exponent(s.exp);
      if (type === "E") body = body.toUpperCase();
    } else {  // g
      var pg = precision === null ? 6 : (precision === 0 ? 1 : precision);
      var sg = significant(value, pg);
      if (sg.exp >= -4 && sg.exp < pg) {
        body = fixed(value, pg - 1 - sg.exp);
        if (body.indexOf(".") >= 0) body = body.replace(/0+$/, "").replace(/\.$/, "");
      } else {
        var mant = sg.digits[0] + (sg.digits.length > 1 ? "." + sg.digits.slice(1) : "");
        mant = mant.indexOf(".") >= 0 ? mant.replace(/0+$/, "").replace(/\.$/, "") : mant;
        body = mant + exponent(sg.exp);
      }
      if (type === "G") body = body.toUpperCase();
      if (comma) body = body.replace(/^\d+/, group);
    }
    var sign = negative ? "-" : (signOpt === "+" ? "+" : signOpt === " " ? " " : "");
    return sign + body;
  }
  C.pyFormat = pyFormat;

  var MINUS = "\u2212";
  var PERCENT = { en: "\u00a0%", zh: "%" };

  // A number as the calculators show it (crmlab.calculators._format.fmt): true minus, no negative zero, ∞.
  function fmt(value, spec, lang) {
    spec = spec || "";
    if (typeof value !== "number") throw new Error("a number was expected, got " + JSON.stringify(value));
    if (value !== value) return "NaN";
    if (!isFinite(value)) return (spec[0] === "+" && value > 0 ? "+" : "") + (value > 0 ? "∞" : MINUS + "∞");
    var percent = spec[spec.length - 1] === "%";
    var text;
    if (!spec) text = Number.isInteger(value) ? (value < 0 ? "-" : "") + integerDigits(value) : pyRepr(value);
    else if (percent) text = pyFormat(value * 100, spec.slice(0, -1) + "f");
    else text = pyFormat(value, spec);
    if ((text[0] === "+" || text[0] === "-") && !/[1-9]/.test(text)) {
      text = (spec[0] === "+" ? "+" : "") + text.slice(1);
    }
    text = text.replace(/-/g, MINUS);
    return percent ? text + PERCENT[lang || "en"] : text;
  }
  C.fmt = fmt;

  // ---------------------------------------------------------------------------------------------------
  // Sentence templates (the tree crmlab.calculators._format.parse makes).

  function lookup(values, path) {
    var value = values;
    for (var i = 0; i < path.length; i++) {
      if (value === null || typeof value !== "object" || !(path[i] in value)) {
        throw new Error("the sentence needs " + path.slice(0, i + 1).join(".") + ", which the results do not have");
      }
      value = value[path[i]];
    }
    return value;
  }

  function show(value, spec, lang) {
    if (typeof value === "string") return value;
    if (Array.isArray(value)) return value.map(function (v) { return show(v, spec, lang); }).join(", ") || "—";
    if (value === null || value === undefined) return "—";
    if (typeof value === "boolean") throw new Error("a true/false value must be shown with select");
    return fmt(value, spec, lang);
  }

  function selector(value) {
    if (value === true) return "true";
    if (value === false) return "false";
    if (value === null || value === undefined) return "none";
    return typeof value === "number" ? pyRepr(value).replace(/\.0$/, "") : String(value);
  }

  function render(tree, values, lang, terms) {
    var out = "";
    tree.forEach(function (node) {
      var kind = node[0];
      if (kind === "t") out += node[1];
      else if (kind === "v") out += show(lookup(values, node[1]), node[2], lang);
      else if (kind === "s") {
        var value = lookup(values, node[1]), branches = node[2], key = null;
        if (typeof value === "number") {
          Object.keys(branches).forEach(function (k) {
            if (key === null && k[0] === "=" && parseFloat(k.slice(1)) === value) key = k;
          });
        }
        if (key === null) key = (selector(value) in branches) ? selector(value) : "other";
        if (!(key in branches)) throw new Error(node[1].join(".") + " matches no branch");
        out += render(branches[key], values, lang, terms);
      } else if (kind === "term" || kind === "vt") {
        var name = kind === "term" ? node[1] : String(lookup(values, node[1]));
        if (!(name in terms)) throw new Error("no text for the term " + name);
        out += terms[name];
      } else throw new Error("unknown template node " + kind);
    });
    return out;
  }
  C.render = render;

  // ---------------------------------------------------------------------------------------------------
  // Small stand-ins for the pandas Series and DataFrames crmlab's functions return.

  function Series(values, index, name) {
    this.values = values;
    this.index = index || values.map(function (_, i) { return i; });
    this.name = name === undefined ? null : name;
  }
  function Frame(data, columns, index) {
    this.data = data;
    this.columns = columns;
    this.index = index;
  }
  C.Series = Series;
  C.Frame = Frame;
  function Indexer(kind, target) { this.kind = kind; this.target = target; }
  function Slice(lo, hi, step) { this.lo = lo; this.hi = hi; this.step = step; }

  // numpy's pairwise summation of float arrays (what Series.sum() and np.sum do), for identical rounding.
  function pairwiseSum(a, start, n) {
    var i, res;
    if (n < 8) {
      res = 0.0;
      for (i = 0; i < n; i++) res += a[start + i];
      return res;
    }
    if (n <= 128) {
      var r = [];
      for (i = 0; i < 8; i++) r.push(a[start + i]);
      for (i = 8; i < n - (n % 8); i += 8) {
        for (var j = 0; j < 8; j++) r[j] += a[start + i + j];
      }
      res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) res += a[start + i];
      return res;
    }
    var n2 = Math.floor(n / 2);
    n2 -= n2 % 8;
    return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
  }
  C.npSum = function (values) {
    var total = pairwiseSum(values, 0, values.length);
    return total === 0 ? 0 : total;  // numpy's sum of an empty or all-zero array is 0.0, not -0.0
  };

  function argBest(series, better) {
    var best = 0;
    for (var i = 1; i < series.values.length; i++) if (better(series.values[i], series.values[best])) best = i;
    return series.index[best];
  }

  function seriesMethod(s, name, args) {
    switch (name) {
      case "tolist": return s.values.slice();
      case "sum": return C.npSum(s.values);
      case "mean": return C.npSum(s.values) / s.values.length;
      case "min": return Math.min.apply(null, s.values);
      case "max": return Math.max.apply(null, s.values);
      case "idxmin": return argBest(s, function (a, b) { return a < b; });
      case "idxmax": return argBest(s, function (a, b) { return a > b; });
      case "items": return s.index.map(function (k, i) { return [k, s.values[i]]; });
      case "keys": return s.index.slice();
      case "get": {
        var at = indexOf(s.index, args[0]);
        return at < 0 ? (args.length > 1 ? args[1] : null) : s.values[at];
      }
    }
    throw new Error("a Series has no method " + name + " here");
  }

  function indexOf(list, key) {
    for (var i = 0; i < list.length; i++) if (pyEquals(list[i], key)) return i;
    return -1;
  }

  function sliceRange(length, lo, hi, step) {
    step = step === null || step === undefined ? 1 : step;
    if (step !== 1) throw new Error("slices with a step are not supported");
    var norm = function (v, d) {
      if (v === null || v === undefined) return d;
      if (v < 0) v += length;
      return Math.max(0, Math.min(length, v));
    };
    return [norm(lo, 0), norm(hi, length)];
  }

  // ---------------------------------------------------------------------------------------------------
  // Python semantics for the program's operations.

  function truthy(v) {
    if (v === null || v === undefined || v === false || v === 0 || v === "") return false;
    if (Array.isArray(v)) return v.length > 0;
    if (v instanceof Series || v instanceof Frame) throw new PyError("ValueError", "The truth value of a Series is ambiguous.");
    if (typeof v === "object") return Object.keys(v).length > 0;
    return true;
  }

  function pyEquals(a, b) {
    if (typeof a === "boolean") a = a ? 1 : 0;
    if (typeof b === "boolean") b = b ? 1 : 0;
    if (Array.isArray(a) && Array.isArray(b)) {
      return a.length === b.length && a.every(function (x, i) { return pyEquals(x, b[i]); });
    }
    if (a && b && typeof a === "object" && typeof b === "object") {
      var ka = Object.keys(a), kb = Object.keys(b);
      return ka.length === kb.length && ka.every(function (k) { return k in b && pyEquals(a[k], b[k]); });
    }
    return a === b;
  }

  function elementwise(s, other, f) {
    return new Series(s.values.map(function (v) { return f(v, other); }), s.index, s.name);
  }

  var BINARY = {
    "+": function (a, b) {
      if (Array.isArray(a) && Array.isArray(b)) return a.concat(b);
      return a + b;
    },
    "-": function (a, b) { return a - b; },
    "*": function (a, b) { return a * b; },
    "/": function (a, b) {
      if (b === 0) throw new PyError("ZeroDivisionError", "division by zero");
      return a / b;
    },
    "//": function (a, b) {
      if (b === 0) throw new PyError("ZeroDivisionError", "division by zero");
      return Math.floor(a / b);
    },
    "%": function (a, b) {
      if (b === 0) throw new PyError("ZeroDivisionError", "division by zero");
      return a - b * Math.floor(a / b);
    },
    "**": function (a, b) { return Math.pow(a, b); }
  };

  var COMPARE = {
    "==": pyEquals,
    "!=": function (a, b) { return !pyEquals(a, b); },
    "<": function (a, b) { return a < b; },
    "<=": function (a, b) { return a <= b; },
    ">": function (a, b) { return a > b; },
    ">=": function (a, b) { return a >= b; },
    "in": function (a, b) { return contains(b, a); },
    "not in": function (a, b) { return !contains(b, a); },
    "is": function (a, b) { return a === b; },
    "is not": function (a, b) { return a !== b; }
  };

  function contains(container, item) {
    if (typeof container === "string") return container.indexOf(item) >= 0;
    if (Array.isArray(container)) return indexOf(container, item) >= 0;
    if (container instanceof Series) return indexOf(container.index, item) >= 0;
    if (container && typeof container === "object") return Object.prototype.hasOwnProperty.call(container, item);
    throw new Error("'in' needs a list, text or dictionary");
  }

  function pyRound(x, n) {
    if (n === undefined || n === null) {
      var f = Math.floor(x), diff = x - f;
      if (diff > 0.5) return f + 1;
      if (diff < 0.5) return f;
      return f % 2 === 0 ? f : f + 1;
    }
    return parseFloat((x < 0 ? "-" : "") + fixed(x, n));
  }

  function pySum(items) {
    var total = 0;
    items.forEach(function (v) { total += v; });
    return total;
  }

  function iterate(value) {
    if (Array.isArray(value)) return value;
    if (typeof value === "string") return value.split("");
    if (value instanceof Series) return value.values;
    if (value && typeof value === "object") return Object.keys(value);
    throw new Error("cannot loop over " + JSON.stringify(value));
  }

  function pyStr(v) {
    if (v === null || v === undefined) return "None";
    if (v === true) return "True";
    if (v === false) return "False";
    if (typeof v === "number") return Number.isInteger(v) ? String(v) : pyRepr(v);
    return String(v);
  }

  function mathDomain(ok, value) {
    if (!ok) throw new PyError("ValueError", "math domain error");
    return value;
  }

  var BUILTINS = {
    "abs": Math.abs,
    "min": function () { var a = arguments.length === 1 ? iterate(arguments[0]) : Array.from(arguments);
      if (!a.length) throw new PyError("ValueError", "min() arg is an empty sequence");
      return a.reduce(function (x, y) { return y < x ? y : x; }); },
    "max": function () { var a = arguments.length === 1 ? iterate(arguments[0]) : Array.from(arguments);
      if (!a.length) throw new PyError("ValueError", "max() arg is an empty sequence");
      return a.reduce(function (x, y) { return y > x ? y : x; }); },
    "round": pyRound,
    "len": function (v) { return v instanceof Series ? v.values.length : iterate(v).length; },
    "sum": function (v) { return pySum(iterate(v)); },
    "int": function (v) { return typeof v === "string" ? parseInt(v, 10) : Math.trunc(v); },
    "float": function (v) { return typeof v === "string" ? parseFloat(v) : +v; },
    "bool": truthy,
    "str": pyStr,
    "range": function (a, b, step) {
      if (b === undefined) { b = a; a = 0; }
      step = step || 1;
      var out = [];
      for (var i = a; step > 0 ? i < b : i > b; i += step) out.push(i);
      return out;
    },
    "zip": function () {
      var lists = Array.from(arguments).map(iterate);
      var n = Math.min.apply(null, lists.map(function (l) { return l.length; }));
      var out = [];
      for (var i = 0; i < n; i++) out.push(lists.map(function (l) { return l[i]; }));
      return out;
    },
    "enumerate": function (v) { return iterate(v).map(function (x, i) { return [i, x]; }); },
    "sorted": function (v) { return iterate(v).slice().sort(function (a, b) { return a < b ? -1 : a > b ? 1 : 0; }); },
    "list": function (v) { return iterate(v).slice(); },
    "tuple": function (v) { return iterate(v).slice(); },
    "any": function (v) { return iterate(v).some(truthy); },
    "all": function (v) { return iterate(v).every(truthy); },
    "math.isfinite": function (v) { return isFinite(v); },
    "math.isinf": function (v) { return v === Infinity || v === -Infinity; },
    "math.floor": Math.floor,
    "math.ceil": Math.ceil,
    "math.sqrt": function (v) { return mathDomain(v >= 0, Math.sqrt(v)); },
    "math.log": function (v) { return mathDomain(v > 0, Math.log(v)); },
    "math.exp": Math.exp
  };

  function attribute(value, name) {
    if (value instanceof Series) {
      if (name === "iloc" || name === "loc" || name === "at") return new Indexer(name, value);
      if (name === "index") return value.index.slice();
      if (name === "name") return value.name;
      if (name === "size") return value.values.length;
      if (name === "empty") return value.values.length === 0;
    }
    if (value instanceof Frame) {
      if (name === "iloc" || name === "loc" || name === "at") return new Indexer(name, value);
      if (name === "index") return value.index.slice();
      if (name === "columns") return value.columns.slice();
      if (name === "empty") return value.index.length === 0;
    }
    if (value && typeof value === "object" && !Array.isArray(value) && name in value) return value[name];
    throw new Error("no attribute " + name);
  }

  function item(value, key) {
    if (value instanceof Indexer) return indexerItem(value, key);
    if (value instanceof Frame) {
      if (!(key in value.data)) throw new Error("no column " + key);
      return new Series(value.data[key], value.index, key);
    }
    if (value instanceof Series) {
      var at = indexOf(value.index, key);
      if (at < 0) throw new Error("no label " + key);
      return value.values[at];
    }
    if (key instanceof Slice) {
      var list = typeof value === "string" ? value.split("") : value;
      var r = sliceRange(list.length, key.lo, key.hi, key.step);
      var part = list.slice(r[0], r[1]);
      return typeof value === "string" ? part.join("") : part;
    }
    if (Array.isArray(value) || typeof value === "string") {
      var i = key < 0 ? value.length + key : key;
      if (i < 0 || i >= value.length) throw new Error("index out of range");
      return value[i];
    }
    if (value && typeof value === "object") {
      if (!Object.prototype.hasOwnProperty.call(value, key)) throw new Error("no key " + key);
      return value[key];
    }
    throw new Error("cannot index " + JSON.stringify(value));
  }

  function indexerItem(ix, key) {
    var target = ix.target;
    if (target instanceof Series) {
      if (ix.kind === "iloc") {
        if (key instanceof Slice) {
          var r = sliceRange(target.values.length, key.lo, key.hi, key.step);
          return new Series(target.values.slice(r[0], r[1]), target.index.slice(r[0], r[1]), target.name);
        }
        var i = key < 0 ? target.values.length + key : key;
        if (i < 0 || i >= target.values.length) throw new Error("index out of range");
        return target.values[i];
      }
      return item(target, key);
    }
    if (ix.kind === "at" || ix.kind === "loc") {
      var row = indexOf(target.index, key[0]);
      if (row < 0 || !(key[1] in target.data)) throw new Error("no cell " + key);
      return target.data[key[1]][row];
    }
    throw new Error("unsupported DataFrame indexing");
  }

  function method(value, name, args) {
    if (value instanceof Series) return seriesMethod(value, name, args);
    if (typeof value === "string") {
      switch (name) {
        case "lower": return value.toLowerCase();
        case "upper": return value.toUpperCase();
        case "capitalize": return value.charAt(0).toUpperCase() + value.slice(1).toLowerCase();
        case "title": return value.replace(/[A-Za-z]+/g, function (w) { return w[0].toUpperCase() + w.slice(1).toLowerCase(); });
        case "strip": return value.trim();
        case "join": return iterate(args[0]).join(value);
        case "startswith": return value.indexOf(args[0]) === 0;
        case "endswith": return value.slice(-args[0].length) === args[0];
        case "replace": return value.split(args[0]).join(args[1]);
        case "count": return value.split(args[0]).length - 1;
      }
    }
    if (Array.isArray(value)) {
      switch (name) {
        case "index": {
          var at = indexOf(value, args[0]);
          if (at < 0) throw new PyError("ValueError", pyStr(args[0]) + " is not in list");
          return at;
        }
        case "count": return value.filter(function (v) { return pyEquals(v, args[0]); }).length;
      }
    }
    if (value && typeof value === "object" && !Array.isArray(value)) {
      switch (name) {
        case "items": return Object.keys(value).map(function (k) { return [k, value[k]]; });
        case "keys": return Object.keys(value);
        case "values": return Object.keys(value).map(function (k) { return value[k]; });
        case "get": return Object.prototype.hasOwnProperty.call(value, args[0]) ? value[args[0]]
          : (args.length > 1 ? args[1] : null);
      }
    }
    throw new Error("no method " + name + " for " + JSON.stringify(value));
  }

  // Constants and table entries arrive as JSON: bring back infinities, Series and DataFrames.
  function revive(value) {
    if (Array.isArray(value)) return value.map(revive);
    if (value && typeof value === "object") {
      if ("__float__" in value) return { "inf": Infinity, "-inf": -Infinity, "nan": NaN }[value.__float__];
      if ("__series__" in value) {
        var s = value.__series__;
        return new Series(revive(s.values), revive(s.index), s.name);
      }
      if ("__frame__" in value) {
        var f = value.__frame__, data = {};
        f.columns.forEach(function (c) { data[c] = revive(f.data[c]); });
        return new Frame(data, f.columns, revive(f.index));
      }
      var out = {};
      Object.keys(value).forEach(function (k) { out[k] = revive(value[k]); });
      return out;
    }
    return value;
  }
  C.revive = revive;

  function Machine(program, payload) {
    this.program = program;
    this.tables = program.tables.map(function (t) {
      return { controls: t.controls, sizes: t.sizes, values: t.values.map(revive) };
    });
    this.payload = payload;
    this.constants = new WeakMap();
  }

  Machine.prototype.constant = function (node) {
    if (!this.constants.has(node)) this.constants.set(node, { value: revive(node[1]) });
    return this.constants.get(node).value;
  };

  Machine.prototype.eval = function (node, env) {
    var self = this, op = node[0];
    var ev = function (n) { return self.eval(n, env); };
    switch (op) {
      case "c": return this.constant(node);
      case "g":
        if (!(node[1] in env)) throw new Error("unknown variable " + node[1]);
        return env[node[1]];
      case "bin": return BINARY[node[1]](ev(node[2]), ev(node[3]));
      case "un": {
        var v = ev(node[2]);
        return node[1] === "-" ? -v : node[1] === "+" ? +v : !truthy(v);
      }
      case "cmp": {
        var a = ev(node[2]), b = ev(node[3]);
        if (a instanceof Series) return elementwise(a, b, COMPARE[node[1]]);
        return COMPARE[node[1]](a, b);
      }
      case "and": { var x = ev(node[1]); return truthy(x) ? ev(node[2]) : x; }
      case "or": { var y = ev(node[1]); return truthy(y) ? y : ev(node[2]); }
      case "if": return truthy(ev(node[1])) ? ev(node[2]) : ev(node[3]);
      case "call": {
        var port = C.ports[node[1]];
        if (!port) throw new Error("no browser port for " + node[1]);
        return port.apply(null, node[2].map(ev));
      }
      case "builtin": {
        var fn = BUILTINS[node[1]];
        if (!fn) throw new Error("unknown builtin " + node[1]);
        return fn.apply(null, node[2].map(ev));
      }
      case "attr": return attribute(ev(node[1]), node[2]);
      case "item": return item(ev(node[1]), this.key(node[2], env));
      case "method": return method(ev(node[1]), node[2], node[3].map(ev));
      case "list": case "tuple": return node[1].map(ev);
      case "dict": {
        var keys = node[1].map(ev), vals = node[2].map(ev), out = {};
        keys.forEach(function (k, i) { out[k] = vals[i]; });
        return out;
      }
      case "pick": {
        var picked = [];
        node[1].forEach(function (pair) { if (pair[0] === null || truthy(ev(pair[0]))) picked.push(ev(pair[1])); });
        return picked;
      }
      case "comp": return this.comprehension(node, env);
      case "fstr":
        return node[1].map(function (part) {
          if (typeof part === "string") return part;
          var value = ev(part[0]);
          if (part[1] === "r") return typeof value === "string" ? "'" + value + "'" : pyStr(value);
          if (part[1] === "s") return pyStr(value);
          return typeof value === "number" || typeof value === "boolean" ? pyFormat(value, part[2])
            : pyStr(value);
        }).join("");
      case "table": return this.lookup(node[1], env);
    }
    throw new Error("unknown operation " + op);
  };

  Machine.prototype.key = function (node, env) {
    var self = this;
    if (node[0] === "slice") {
      var parts = node.slice(1).map(function (p) { return p === null ? null : self.eval(p, env); });
      return new Slice(parts[0], parts[1], parts[2]);
    }
    if (node[0] === "keys") return node.slice(1).map(function (p) { return self.eval(p, env); });
    return this.eval(node, env);
  };

  Machine.prototype.comprehension = function (node, env) {
    var self = this, kind = node[1], targets = node[3];
    var out = kind === "dict" ? {} : [];
    iterate(this.eval(node[2], env)).forEach(function (entry) {
      var scope = Object.create(env);
      bind(scope, targets, entry);
      if (!node[6].every(function (t) { return truthy(self.eval(t, scope)); })) return;
      if (kind === "dict") out[self.eval(node[5], scope)] = self.eval(node[4], scope);
      else out.push(self.eval(node[4], scope));
    });
    return out;
  };

  function bind(scope, targets, value) {
    if (typeof targets === "string") { scope[targets] = value; return; }
    var items = iterate(value);
    if (items.length !== targets.length) {
      throw new PyError("ValueError", "cannot unpack " + items.length + " values into " + targets.length);
    }
    targets.forEach(function (t, i) { bind(scope, t, items[i]); });
  }

  Machine.prototype.lookup = function (index, env) {
    var table = this.tables[index], at = 0, positions = env.__positions__;
    table.controls.forEach(function (name, i) { at = at * table.sizes[i] + positions[name]; });
    var entry = table.values[at];
    if (entry && typeof entry === "object" && "__raise__" in entry) {
      throw new PyError(entry.__raise__[0], entry.__raise__[1]);
    }
    return entry;
  };

  function Return(value) { this.value = value; }

  Machine.prototype.block = function (statements, env) {
    for (var i = 0; i < statements.length; i++) {
      var s = statements[i], op = s[0];
      if (op === "set") env[s[1]] = this.eval(s[2], env);
      else if (op === "unpack") bind(env, s[1], this.eval(s[2], env));
      else if (op === "when") this.block(truthy(this.eval(s[1], env)) ? s[2] : s[3], env);
      else if (op === "raise") throw new PyError(s[1], this.eval(s[2], env));
      else if (op === "return") throw new Return(this.eval(s[1], env));
      else if (op === "try") {
        try {
          this.block(s[1], env);
        } catch (err) {
          if (!(err instanceof PyError) || s[4].indexOf(err.kind) < 0) throw err;
          if (s[2]) env[s[2]] = err.message;
          this.block(s[3], env);
        }
      } else throw new Error("unknown statement " + op);
    }
  };

  // Run the program at control values (and their positions, for table lookups): its results.
  Machine.prototype.run = function (values, positions) {
    var env = Object.assign({}, values);
    env.__positions__ = positions;
    try {
      this.block(this.program.statements, env);
    } catch (done) {
      if (done instanceof Return) return done.value;
      throw done;
    }
    throw new Error("the program did not return");
  };

  // A compute function's message in the page's language (Calculator.said): the first pattern it reads as.
  function said(payload, message) {
    var patterns = payload.messages || [];
    for (var i = 0; i < patterns.length; i++) {
      var regex = new RegExp(patterns[i][0], "s");
      if (regex.test(message)) return message.replace(regex, patterns[i][1]);
    }
    return message;
  }

  // What a calculator shows at `values`: {results, sentence} or {message}.
  function outcome(payload, machine, values) {
    var positions = {};
    payload.controls.forEach(function (c) { positions[c.name] = position(c, values[c.name]); });
    try {
      var results = machine.run(values, positions);
      var all = Object.assign({}, payload.data || {}, values, results);
      return { results: results, sentence: render(payload.template, all, payload.lang, payload.terms) };
    } catch (err) {
      if (err instanceof PyError && (err.kind === "ValueError" || err.kind === "TypeError")) {
        return { message: said(payload, err.message) };
      }
      throw err;
    }
  }

  function position(control, value) {
    if (control.kind === "slider") return Math.round((value - control.low) / control.step);
    if (control.kind === "toggle") return value ? 1 : 0;
    if (control.kind === "choice") return control.options.indexOf(value);
    return null;
  }

  function valueAt(control, k) {
    var v = parseFloat((control.low + k * control.step).toFixed(10));
    return control.integer ? Math.round(v) : v;
  }

  C.Machine = Machine;
  C.outcome = outcome;
  C.valueAt = valueAt;

  // ---------------------------------------------------------------------------------------------------
  // Charts: the declaration's Vega-Lite specification, drawn with the site's own vega (loaded, ~1 MB, only
  // when a chart comes near the screen, on print, or on request: window.crmlabLoadCharts(), which the
  // browser tests call), its named data sets replaced by the results at every change.

  var here = typeof document !== "undefined" && document.currentScript ? document.currentScript.src : "";
  var staticBase = here ? here.replace(/crmlab-calculators\.js(\?.*)?$/, "") : "_static/";
  var VEGA = ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js"];
  var vegaLoading = null;

  function loadVega() {
    vegaLoading = vegaLoading || VEGA.reduce(function (chain, file) {
      return chain.then(function () {
        return new Promise(function (resolve, reject) {
          var tag = document.createElement("script");
          var amd = window.define;
          window.define = undefined;  // vega's UMD builds must not register with require.js
          tag.src = staticBase + "vega/" + file;
          tag.onload = function () { window.define = amd; resolve(); };
          tag.onerror = function () { window.define = amd; reject(new Error("could not load " + tag.src)); };
          document.head.appendChild(tag);
        });
      });
    }, Promise.resolve());
    return vegaLoading;
  }

  var waiting = [];
  var observer = typeof window !== "undefined" && "IntersectionObserver" in window ?
    new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { if (e.isIntersecting) { observer.unobserve(e.target); startChart(e.target); } });
    }, { rootMargin: "400px 0px" }) : null;

  function rowsOf(results, name) {
    var rows = results && Array.isArray(results[name]) ? results[name] : [];
    return rows.map(function (row) { return Object.assign({}, row); });
  }

  function refreshChart(el) {
    var state = el.crmlabChart;
    state.payload.datasets.forEach(function (name) { state.view.data(name, rowsOf(state.results, name)); });
    state.view.runAsync();
  }

  function startChart(el) {
    var state = el.crmlabChart;
    if (state.started) return;
    state.started = true;
    loadVega().then(function () {
      // The first drawing carries the current rows (named data sets), later ones replace them.
      var spec = Object.assign({}, state.payload.chart, { datasets: {} });
      state.payload.datasets.forEach(function (name) { spec.datasets[name] = rowsOf(state.results, name); });
      // vega-embed labels the element it draws in: draw inside, so the chart keeps its own text alternative.
      // Vega measures its texts (to fit the axes in the box) with the font it is told; told none, it measures
      // "sans-serif" in a canvas outside the page while the SVG shows the page's font (on a Chinese page a CJK
      // font with wider digits), and the last label of an axis is cut. Told the page's own fonts, both agree.
      var font = root.getComputedStyle ? root.getComputedStyle(el).fontFamily : "";
      return root.vegaEmbed(el.querySelector(".crmlab-calc-vega") || el, spec,
                            { actions: false, renderer: "svg", config: font ? { font: font } : {} });
    }).then(function (embedded) {
      state.view = embedded.view;
      refreshChart(el);  // the controls may have moved while vega loaded
    }).catch(function (err) {
      var alert = document.createElement("p");
      alert.setAttribute("role", "alert");
      alert.textContent = (state.payload.lang === "zh" ? "图表无法绘制：" : "The chart could not be drawn: ") + err.message;
      el.appendChild(alert);
    });
  }

  C.drawChart = function (el, payload, results, sentence) {
    var first = !el.crmlabChart;
    el.crmlabChart = el.crmlabChart || { payload: payload };
    el.crmlabChart.results = results;
    el.setAttribute("aria-label", payload.description + (sentence ? " " + sentence : ""));
    if (el.crmlabChart.view) refreshChart(el);
    else if (first) {
      waiting.push(el);
      if (observer) observer.observe(el); else startChart(el);
    }
  };

  if (typeof window !== "undefined") {
    window.crmlabLoadCharts = function () { waiting.forEach(startChart); };
    window.addEventListener("beforeprint", function () { waiting.forEach(startChart); });
  }

  // ---------------------------------------------------------------------------------------------------
  // The page: wire each calculator's form to its program.

  function readValue(control, input) {
    if (control.kind === "choice") {
      var picked = Array.prototype.filter.call(input, function (radio) { return radio.checked; })[0];
      return picked ? picked.value : null;
    }
    if (control.kind === "slider") {
      var k = Math.round((parseFloat(input.value) - control.low) / control.step);
      return valueAt(control, k);
    }
    if (control.kind === "toggle") return input.checked;
    var typed = input.value.trim();
    if (typed === "" || isNaN(Number(typed))) {
      throw new PyError("ValueError", control.label + " must be a number, got " + JSON.stringify(input.value));
    }
    return Number(typed);
  }

  function setup(box) {
    var script = box.querySelector("script.crmlab-calc-payload");
    if (!script || box.hasAttribute("data-crmlab-live")) return;
    var payload = JSON.parse(script.textContent);
    var machine = new Machine(payload.program, payload);
    var result = box.querySelector(".crmlab-calc-result");
    var chart = box.querySelector(".crmlab-calc-chart");
    var inputs = {};
    payload.controls.forEach(function (c) {
      var found = box.querySelectorAll('[data-crmlab-control="' + c.name + '"]');
      inputs[c.name] = c.kind === "choice" ? found : found[0];
    });

    function update() {
      var values = {}, shown;
      try {
        payload.controls.forEach(function (c) { values[c.name] = readValue(c, inputs[c.name]); });
        shown = outcome(payload, machine, values);
      } catch (err) {
        if (!(err instanceof PyError)) {
          console.error("CRM Lab calculator " + payload.name + ":", err);
          shown = { message: (payload.lang === "zh" ? "计算器无法计算这一组数值：" : "The calculator could not compute this: ")
                             + err.message };
        } else {
          shown = { message: err.message };
        }
      }
      payload.controls.forEach(function (c) {
        var out = c.kind === "slider" ? box.querySelector('output[for="' + inputs[c.name].id + '"]') : null;
        if (out && values[c.name] !== undefined) out.textContent = fmt(values[c.name], c.shown, payload.lang);
      });
      if (shown.message !== undefined) {
        result.textContent = "⚠ " + shown.message;
        result.classList.add("crmlab-calc-message");
      } else {
        result.textContent = shown.sentence;
        result.classList.remove("crmlab-calc-message");
      }
      if (chart && payload.chart) C.drawChart(chart, payload, shown.results || null, shown.sentence || "");
    }

    box.addEventListener("input", update);
    box.addEventListener("change", update);
    var form = box.querySelector("form");
    if (form) form.addEventListener("submit", function (e) { e.preventDefault(); });
    box.setAttribute("data-crmlab-live", "");
    update();
  }

  // Started by crmlab-formulas.js, which the page loads after this file: the ports must be there first.
  C.startCalculators = function () {
    var start = function () { document.querySelectorAll(".crmlab-calc").forEach(setup); };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  };
})(typeof window !== "undefined" ? window : globalThis);
