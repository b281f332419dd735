/* CRM Lab: browser ports of the crmlab formulas the calculators call with values that depend on their controls.
 *
 * crmlab (Python) holds every formula once; a calculator's compute function calls it. For the online book,
 * which has no kernel, crmlab/calculators/_compile.py turns the compute function into a program that calls
 * the function of the same name here (a call it cannot port is precomputed in Python instead). Each port
 * follows its Python original step by step, with the same input checks and messages and the same order of
 * floating-point operations (numpy's pairwise sums included), so that the numbers agree to the last digit:
 * tests/test_calculators_js.py runs every calculator at many positions here and in Python and compares, and
 * checks each port directly against crmlab. A line `port("crmlab.module.function", …)` is how the compiler
 * knows a port exists: keep one per line. Loaded after crmlab-calculators.js, it starts the page's calculators.
 */
(function (root) {
  "use strict";
  var C = root.crmlab;
  var fail = C.fail, g = function (x) { return C.pyFormat(x, "g"); };

  function port(name, fn) { C.ports[name] = fn; }

  // crmlab._checks.number
  function number(name, value, low, high, lowOpen, highOpen) {
    if (typeof value !== "number") fail("TypeError", name + " must be a real number, got " + JSON.stringify(value));
    if (value !== value) fail("ValueError", name + " must be a number, got NaN");
    if (!isFinite(value)) fail("ValueError", name + " must be finite, got " + C.pyRepr(value));
    var tooLow = low !== undefined && low !== null && (lowOpen ? value <= low : value < low);
    var tooHigh = high !== undefined && high !== null && (highOpen ? value >= high : value > high);
    if (tooLow || tooHigh) {
      var left = lowOpen || low === undefined || low === null ? "(" : "[";
      var right = highOpen || high === undefined || high === null ? ")" : "]";
      var lo = low === undefined || low === null ? "-inf" : g(low);
      var hi = high === undefined || high === null ? "inf" : g(high);
      fail("ValueError", name + " must be in " + left + lo + ", " + hi + right + ", got " + g(value));
    }
    return value;
  }

  function choice(name, value, allowed) {
    if (allowed.indexOf(value) < 0) {
      fail("ValueError", name + " must be one of " + allowed.map(function (a) { return "'" + a + "'"; }).join(", ")
        + "; got " + (typeof value === "string" ? "'" + value + "'" : String(value)));
    }
    return value;
  }

  function wholeNumber(name, value, least, extra) {
    if (typeof value !== "number" || !Number.isInteger(value) || value < least) {
      fail("ValueError", name + " must be a whole number ≥ " + least + extra + ", got " + JSON.stringify(value));
    }
    return value;
  }

  function seq(values) {  // Python's sum() of a sequence: from 0, left to right
    var total = 0;
    values.forEach(function (v) { total += v; });
    return total;
  }

  function asSeries(name, value) {  // crmlab.satisfaction._as_series for a Series or a mapping
    if (value instanceof C.Series) {
      value.values.forEach(function (v) {
        if (!isFinite(v)) fail("ValueError", name + " must be finite numbers, got " + C.pyRepr(v));
      });
      return value;
    }
    if (value && typeof value === "object" && !Array.isArray(value)) {
      var keys = Object.keys(value);
      return new C.Series(keys.map(function (k) { return number(name, value[k]); }), keys, null);
    }
    fail("TypeError", name + " must list one value per attribute (a Series or a sequence), got one number");
  }

  // ---------------------------------------------------------------------------------------------------
  // crmlab.value

  var VALUE = ["product", "service", "personnel", "image"], COST = ["monetary", "time", "energy", "psychological"];

  port("crmlab.value.delivered_value", function (product, service, personnel, image, monetary, time, energy,
                                                 psychological) {
    var given = [product, service, personnel, image, monetary, time, energy, psychological];
    var names = VALUE.concat(COST);
    var checked = given.map(function (v, i) { return number(names[i], v, 0); });
    var totalValue = seq(checked.slice(0, 4)), totalCost = seq(checked.slice(4));
    return { total_value: totalValue, total_cost: totalCost, delivered_value: totalValue - totalCost,
             value_ratio: totalCost > 0 ? totalValue / totalCost : Infinity };
  });

  port("crmlab.value.chosen_offer", function (offers) {
    var names = Object.keys(offers);
    if (!names.length) fail("ValueError", "offers must be a non-empty mapping of name -> DeliveredValue, got {}");
    var best = names[0];
    names.forEach(function (n) { if (offers[n].delivered_value > offers[best].delivered_value) best = n; });
    return best;
  });

  port("crmlab.value.target_cost", function (price, margin) {
    price = number("price", price, 0);
    margin = number("margin", margin, 0, 1, false, true);
    return price * (1 - margin);
  });

  // ---------------------------------------------------------------------------------------------------
  // crmlab.satisfaction

  port("crmlab.satisfaction.satisfaction_gap", function (perceived, expected) {
    return number("perceived", perceived) - number("expected", expected);
  });

  port("crmlab.satisfaction.satisfaction_ratio", function (perceived, expected) {
    perceived = number("perceived", perceived, 0);
    expected = number("expected", expected, 0, null, true);
    return perceived / expected;
  });

  port("crmlab.satisfaction.q_model", function (perceived, expected, tolerance) {
    var q1 = number("perceived", perceived), q0 = number("expected", expected);
    tolerance = number("tolerance", tolerance, 0);
    if (q1 > q0 + tolerance) return "highly satisfied";
    if (q1 >= q0 - tolerance) return "satisfied";
    return "dissatisfied";
  });

  function weights(given, attributes, name) {  // crmlab.satisfaction._weights
    name = name || "weights";
    if (given === null || given === undefined) {
      return attributes.map(function () { return 1.0 / attributes.length; });
    }
    var values;
    if (given instanceof C.Series) {
      values = attributes.map(function (a) { return given.values[given.index.indexOf(a)]; });
    } else if (typeof given === "object" && !Array.isArray(given)) {
      var missing = attributes.filter(function (a) { return !(a in given); });
      var extra = Object.keys(given).filter(function (k) { return attributes.indexOf(k) < 0; });
      if (missing.length || extra.length) {
        fail("ValueError", name + " must name exactly the attributes " + JSON.stringify(attributes));
      }
      values = attributes.map(function (a) { return given[a]; });
    } else {
      values = given.slice();
    }
    var checked = values.map(function (v, i) { return number(name + "['" + attributes[i] + "']", v, 0); });
    var total = C.npSum(checked);
    if (total === 0) fail("ValueError", name + " must not all be 0");
    return checked.map(function (v) { return v / total; });
  }

  port("crmlab.satisfaction.servqual_gaps", function (perceived, expected, given) {
    var p = asSeries("perceived", perceived), e = asSeries("expected", expected);
    var same = p.index.length === e.index.length && p.index.every(function (k) { return e.index.indexOf(k) >= 0; });
    if (!same) fail("ValueError", "perceived and expected must name the same attributes");
    var ev = p.index.map(function (k) { return e.values[e.index.indexOf(k)]; });
    var w = weights(given, p.index);
    var gap = p.values.map(function (v, i) { return v - ev[i]; });
    return new C.Frame({ perceived: p.values.slice(), expected: ev, gap: gap, weight: w,
                         weighted_gap: w.map(function (x, i) { return x * gap[i]; }) },
                       ["perceived", "expected", "gap", "weight", "weighted_gap"], p.index.slice());
  });

  port("crmlab.satisfaction.ipa_quadrant", function (importance, performance, importanceCut, performanceCut) {
    var imp = asSeries("importance", importance), perf = asSeries("performance", performance);
    var sameIndex = imp.index.length === perf.index.length &&
      imp.index.every(function (k, i) { return k === perf.index[i]; });
    if (!sameIndex) fail("ValueError", "importance and performance must list the same attributes in the same order");
    var iCut = importanceCut === null || importanceCut === undefined ? C.npSum(imp.values) / imp.values.length
      : number("importance_cut", importanceCut);
    var pCut = performanceCut === null || performanceCut === undefined ? C.npSum(perf.values) / perf.values.length
      : number("performance_cut", performanceCut);
    var labels = imp.values.map(function (v, i) {
      var hi = v >= iCut, hp = perf.values[i] >= pCut;
      if (hi && !hp) return "urgent improvement";
      if (!hi && !hp) return "secondary improvement";
      if (hi && hp) return "competitive advantage";
      return "icing on the cake";
    });
    return new C.Series(labels, imp.index.slice(), "quadrant");
  });

  port("crmlab.satisfaction.word_of_mouth", function (lostPerDay, tells, days) {
    var lost = number("lost_per_day", lostPerDay, 0) * number("days", days, 0);
    return [lost, lost * number("tells", tells, 0)];
  });

  var BANDS = { 5: [0.92, 0.97], 4: [0.80, 0.85], 3: [0.60, 0.65], 2: [0.15, 0.20], 1: [0.00, 0.05] };

  port("crmlab.satisfaction.retention_band", function (score) {
    if (typeof score !== "number") fail("TypeError", "score must be a whole number from 1 to 5, got " + JSON.stringify(score));
    if (!(score in BANDS) || !Number.isInteger(score)) {
      fail("ValueError", "score must be a whole number from 1 to 5 (a 5-point scale), got " + score);
    }
    return BANDS[score].slice();
  });

  port("crmlab.satisfaction.complaint_outcomes", function (value, swayed, handledRetention, handledTells,
                                                           mishandledRetention, mishandledTells) {
    value = number("lifetime_value", value, 0);
    swayed = number("swayed", swayed, 0, 1);
    var keptHandled = number("handled_retention", handledRetention, 0, 1);
    var keptMishandled = number("mishandled_retention", mishandledRetention, 0, 1);
    var tellsHandled = number("handled_tells", handledTells, 0);
    var tellsMishandled = number("mishandled_tells", mishandledTells, 0);
    var handled = keptHandled * value + swayed * tellsHandled * value;
    var mishandled = keptMishandled * value - swayed * tellsMishandled * value;
    return new C.Series([handled, mishandled, handled - mishandled], ["handled", "mishandled", "difference"], "value");
  });

  // ---------------------------------------------------------------------------------------------------
  // crmlab.trust

  var STRENGTHS = ["weak", "semi-strong", "strong"], LEVELS = ["cognitive", "affective", "behavioural"];

  function stays(strength, breach, ceiling) {
    choice("strength", strength, STRENGTHS);
    breach = number("breach", breach, 0, 1);
    ceiling = number("tolerance_ceiling", ceiling, 0, 1);
    if (strength === "weak") return breach === 0;
    if (strength === "semi-strong") return breach <= ceiling;
    return true;
  }
  port("crmlab.trust.stays_after_breach", stays);

  port("crmlab.trust.share_retained", function (mix, breach, ceiling) {
    var keys = Object.keys(mix || {});
    if (!keys.length) fail("TypeError", "mix must be a mapping of trust strength -> share, got " + JSON.stringify(mix));
    var shares = keys.map(function (k) {
      return [choice("mix key", k, STRENGTHS), number("mix['" + k + "']", mix[k], 0, 1)];
    });
    var total = seq(shares.map(function (s) { return s[1]; }));
    if (Math.abs(total - 1) > 1e-9) fail("ValueError", "mix shares must sum to 1, got " + g(total));
    return seq(shares.filter(function (s) { return stays(s[0], breach, ceiling); }).map(function (s) { return s[1]; }));
  });

  port("crmlab.trust.trust_strength", function (recognition, dependence, low, high) {
    recognition = number("recognition", recognition, 0, 1);
    dependence = number("dependence", dependence, 0, 1);
    low = number("low", low, 0, 1);
    high = number("high", high, 0, 1);
    if (low > high) fail("ValueError", "low must not exceed high, got low=" + g(low) + ", high=" + g(high));
    if (recognition >= high) return "strong";
    if (recognition < low && dependence < low) return "weak";
    return "semi-strong";
  });

  port("crmlab.trust.trust_from_service", function (personalised, timely, adapts) {
    var conditions = [personalised, personalised && timely, personalised && timely && adapts], reached = null;
    for (var i = 0; i < 3 && conditions[i]; i++) reached = LEVELS[i];
    return reached;
  });

  port("crmlab.trust.sales_after_shock", function (baseline, retained, recovery, periods) {
    baseline = number("baseline", baseline, 0);
    retained = number("retained", retained, 0, 1);
    recovery = number("recovery_rate", recovery, 0, 1);
    wholeNumber("periods", periods, 0, "");
    var t = [], sales = [], lost = [];
    for (var k = 0; k <= periods; k++) {
      var s = baseline * (1 - (1 - retained) * Math.pow(1 - recovery, k));
      t.push(k); sales.push(s); lost.push(baseline - s);
    }
    return new C.Frame({ period: t, sales: sales, lost: lost }, ["period", "sales", "lost"], t.slice());
  });

  port("crmlab.trust.periods_to_recover", function (retained, recovery, target) {
    retained = number("retained", retained, 0, 1);
    recovery = number("recovery_rate", recovery, 0, 1);
    target = number("target", target, 0, 1, false, true);
    if (retained >= target) return 0;
    if (recovery === 0) return Infinity;
    if (recovery === 1) return 1;
    var periods = Math.log((1 - target) / (1 - retained)) / Math.log(1 - recovery);
    return Math.ceil(parseFloat(C.pyFormat(periods, ".9f")));
  });

  // ---------------------------------------------------------------------------------------------------
  // crmlab.retention

  function lifetimeValue(margin, retention, discount, periods, acquisition) {
    margin = number("margin", margin);
    retention = number("retention", retention, 0, 1, false, true);
    discount = number("discount_rate", discount, -1, null, true);
    acquisition = number("acquisition_cost", acquisition, 0);
    if (periods === null || periods === undefined) {
      if (1 + discount - retention <= 0) {
        fail("ValueError", "with periods=None the sum only converges when discount_rate > retention - 1; got " +
          "discount_rate=" + g(discount) + ", retention=" + g(retention));
      }
      return margin / (1 + discount - retention) - acquisition;
    }
    if (typeof periods !== "number" || !Number.isInteger(periods) || periods < 1) {
      fail("ValueError", "periods must be a whole number ≥ 1 or None (no horizon), got " + JSON.stringify(periods));
    }
    var terms = [];
    for (var t = 1; t <= periods; t++) terms.push(margin * Math.pow(retention, t - 1) / Math.pow(1 + discount, t));
    return C.npSum(terms) - acquisition;
  }
  port("crmlab.retention.lifetime_value", lifetimeValue);

  port("crmlab.retention.retention_uplift", function (retention, discount, points, periods) {
    points = number("points", points);
    var before = lifetimeValue(1.0, retention, discount, periods, 0);
    var after = lifetimeValue(1.0, number("retention + points", retention + points, 0, 1, false, true), discount,
                              periods, 0);
    return after / before - 1;
  });

  port("crmlab.retention.leaky_bucket", function (initial, acquired, churn, periods) {
    var customers = number("initial", initial, 0);
    acquired = number("acquired_per_period", acquired, 0);
    churn = number("churn_rate", churn, 0, 1);
    wholeNumber("periods", periods, 0, "");
    var period = [0], level = [customers], added = [0.0], lost = [0.0];
    for (var p = 1; p <= periods; p++) {
      var gone = customers * churn;
      customers = customers - gone + acquired;
      period.push(p); level.push(customers); added.push(acquired); lost.push(gone);
    }
    return new C.Frame({ period: period, customers: level, acquired: added, lost: lost },
                       ["period", "customers", "acquired", "lost"], period.slice());
  });

  port("crmlab.retention.steady_state", function (acquired, churn) {
    acquired = number("acquired_per_period", acquired, 0);
    churn = number("churn_rate", churn, 0, 1, true);
    return acquired / churn;
  });

  port("crmlab.retention.retention_for_uplift", function (uplift, discount, points) {
    uplift = number("uplift", uplift, 0, null, true);
    discount = number("discount_rate", discount, -1, null, true);
    points = number("points", points, 0, 1, true, true);
    var retention = 1 + discount - points - points / uplift;
    if (!(retention >= 0 && retention < 1 - points)) {
      fail("ValueError", "no retention rate in [0, " + g(1 - points) + ") gives a rise of " + g(uplift) + " from +" +
        g(points) + " at discount_rate=" + g(discount) + " with timing='first-margin-certain' (the formula gives " +
        C.pyFormat(retention, ".3f") + ")");
    }
    return retention;
  });

  port("crmlab.retention.margin_growth_for_uplift", function (uplift, retention, discount, points) {
    uplift = number("uplift", uplift, 0, null, true);
    retention = number("retention", retention, 0, 1, false, true);
    discount = number("discount_rate", discount, -1, null, true);
    points = number("points", points, 0, 1, true, true);
    if (retention + points >= 1) {
      fail("ValueError", "retention + points must stay below 1, got " + g(retention) + " + " + g(points));
    }
    return uplift * (1 + discount) / (points + uplift * (retention + points)) - 1;
  });

  // ---------------------------------------------------------------------------------------------------
  // crmlab.loyalty

  port("crmlab.loyalty.loyalty_segment", function (attitude, repeat, attitudeCut, repeatCut) {
    var scalar = typeof attitude === "number";
    var a = scalar ? [number("attitude", attitude)] : asSeries("attitude", attitude).values;
    var r = typeof repeat === "number" ? [number("repeat", repeat)] : asSeries("repeat", repeat).values;
    attitudeCut = number("attitude_cut", attitudeCut);
    repeatCut = number("repeat_cut", repeatCut);
    if (scalar !== (typeof repeat === "number") || a.length !== r.length) {
      fail("ValueError", "attitude and repeat must both be single numbers or have the same length");
    }
    var labels = a.map(function (v, i) {
      var ha = v >= attitudeCut, hr = r[i] >= repeatCut;
      return ha && hr ? "loyalty" : ha ? "latent loyalty" : hr ? "spurious loyalty" : "no loyalty";
    });
    if (scalar) return labels[0];
    return new C.Series(labels, attitude instanceof C.Series ? attitude.index.slice() : null, "segment");
  });

  port("crmlab.loyalty.defection_cost", function (customers, rate, share, value) {
    customers = number("customers", customers, 0);
    rate = number("defection_rate", rate, 0, 1);
    share = number("share_caused_by_firm", share, 0, 1);
    value = number("lifetime_value", value);
    return customers * rate * share * value;
  });

  if (typeof document !== "undefined") C.startCalculators();
})(typeof window !== "undefined" ? window : globalThis);
