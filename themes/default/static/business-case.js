/* leidraad business-case engine for calculators (rekenhulpen): the same checks and
   formulas as src/calculator.rs and src/business_case.rs, operation for operation, so
   the page and `leidraad business-case` give identical outcomes (a parity test compares
   both on over a thousand inputs). Money is in whole cents as BigInt, so every sum is
   exact. Pure functions, no DOM. */
(function (root) {
  'use strict';

  var B = BigInt;
  var LIMITS = { years: 30, users: 1000000, price: 10000, rate: 1000, hours: 100000, external: 1000000000, participants: 100, tiers: 20, name: 200 };
  var KEYS = ['gelijk', 'naar_volume', 'naar_bruto_voordeel'];
  var SCENARIOS = ['voorzichtig', 'gunstig'];
  var TOP = ['rekenhulp', 'versie', 'titel', 'horizon_jaren', 'externe_kosten', 'verdeelsleutel', 'korting', 'staffels', 'scenario', 'deelnemers'];
  var PERSON = ['naam', 'gebruikers', 'prijs_alleen', 'uurtarief', 'uren_alleen', 'uren_samen'];
  var TIER = ['vanaf', 'prijs'];

  function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

  /* Euros to cents and a fraction to hundredths of a percent, half up. */
  function cents(x) { return B(Math.floor(x * 100 + 0.5)); }
  function basisPoints(x) { return B(Math.floor(x * 10000 + 0.5)); }

  /* n / d rounded half away from zero; d > 0. */
  function divRound(n, d) {
    return n >= 0n ? (2n * n + d) / (2n * d) : -((-2n * n + d) / (2n * d));
  }

  function percent(part, whole) {
    return whole > 0n ? Number(divRound(1000n * part, whole)) / 10 : null;
  }

  function euros(c) { return Number(c) / 100; }

  function tierIndex(tiers, users) {
    for (var i = tiers.length - 1; i >= 0; i--) if (tiers[i].from <= users) return i;
    return 0;
  }

  function prices(input, p, groupUsers) {
    if (input.mode === 'korting') return [p.priceAlone, divRound(p.priceAlone * (10000n - input.basisPoints), 10000n)];
    var tiers = input.tiers;
    if (!tiers.length) return [0n, 0n];
    var own = tierIndex(tiers, p.users);
    var joint = input.scenario === 'voorzichtig' ? Math.min(own + 1, tiers.length - 1) : tierIndex(tiers, groupUsers);
    return [tiers[own].price, tiers[joint].price];
  }

  /* Divides total cents by weights so the parts add up exactly: whole cents of each
     exact part, the cents left over one each to the largest remainders (ties: the first). */
  function allocate(total, weights) {
    var sum = weights.reduce(function (a, w) { return a + w; }, 0n);
    if (sum <= 0n) {
      weights = weights.map(function () { return 1n; });
      sum = B(weights.length);
    }
    if (sum === 0n) return [];
    var parts = weights.map(function (w) { return total * w / sum; });
    var rest = weights.map(function (w) { return total * w % sum; });
    var left = total - parts.reduce(function (a, x) { return a + x; }, 0n);
    var order = weights.map(function (_, i) { return i; });
    order.sort(function (a, b) { return rest[b] > rest[a] ? 1 : rest[b] < rest[a] ? -1 : 0; });
    for (var i = 0; B(i) < left; i++) parts[order[i]] += 1n;
    return parts;
  }

  /* The business case of a checked input (see check). */
  function compute(input) {
    var years = input.years;
    var groupUsers = input.participants.reduce(function (a, p) { return a + p.users; }, 0n);
    var rows = input.participants.map(function (p) {
      var pr = prices(input, p, groupUsers);
      var spendAlone = p.users * pr[0] * years;
      var spendTogether = p.users * pr[1] * years;
      var staffAlone = p.hoursAlone * p.rate;
      var staffTogether = p.hoursTogether * p.rate;
      return { a: pr[0], t: pr[1], spendAlone: spendAlone, spendTogether: spendTogether, staffAlone: staffAlone, staffTogether: staffTogether,
        gain: spendAlone - spendTogether + staffAlone - staffTogether };
    });
    var weights = input.key === 'gelijk' ? rows.map(function () { return 1n; })
      : input.key === 'naar_volume' ? input.participants.map(function (p) { return p.users; })
        : rows.map(function (r) { return r.gain > 0n ? r.gain : 0n; });
    var equalSplit = input.key === 'naar_bruto_voordeel' && weights.every(function (w) { return w === 0n; });
    var shares = allocate(input.externalCosts, weights);
    var outs = input.participants.map(function (p, i) { return participantOutcome(p, rows[i], shares[i]); });
    return {
      key: input.key,
      scenario: input.mode === 'staffels' ? input.scenario : null,
      years: Number(years),
      participants: outs.map(function (o) { return o.json; }),
      group: groupOutcome(input, outs, groupUsers, equalSplit)
    };
  }

  function participantOutcome(p, r, share) {
    var costAlone = r.spendAlone + r.staffAlone;
    var costTogether = r.spendTogether + r.staffTogether + share;
    var saving = costAlone - costTogether;
    var warnings = [];
    if (saving < 0n) warnings.push('worse_off');
    if (r.gain > 0n && 2n * share > r.gain) warnings.push('share_over_half');
    var pct = percent(saving, costAlone);
    return {
      costAlone: costAlone, costTogether: costTogether, saving: saving, pct: pct,
      json: {
        name: p.name, users: Number(p.users),
        price_alone: euros(r.a), price_together: euros(r.t), price_cut_pct: percent(r.a - r.t, r.a),
        spend_alone: euros(r.spendAlone), spend_together: euros(r.spendTogether),
        staff_alone: euros(r.staffAlone), staff_together: euros(r.staffTogether),
        share: euros(share), cost_alone: euros(costAlone), cost_together: euros(costTogether),
        saving: euros(saving), saving_pct: pct, break_even_share: euros(r.gain), warnings: warnings
      }
    };
  }

  function groupOutcome(input, outs, users, equalSplit) {
    var sum = function (k) { return outs.reduce(function (a, o) { return a + o[k]; }, 0n); };
    var costAlone = sum('costAlone');
    var costTogether = sum('costTogether');
    var saving = sum('saving');
    var most = null;
    var mostPct = null;
    outs.forEach(function (o, i) {
      if (o.saving > 0n && (most === null || o.saving > outs[most].saving)) most = i;
      if (o.pct !== null && o.pct > 0 && (mostPct === null || o.pct > (outs[mostPct].pct || 0))) mostPct = i;
    });
    return {
      users: Number(users), external_costs: euros(input.externalCosts),
      cost_alone: euros(costAlone), cost_together: euros(costTogether), saving: euros(saving),
      saving_pct: percent(saving, costAlone), most_saving: most, most_saving_pct: mostPct,
      warnings: equalSplit ? ['equal_split'] : []
    };
  }

  // ---- checking untrusted input: the rules of src/calculator.rs ----

  /* A problem: where (a path such as deelnemers.1.gebruikers), a code and the words. */
  function problem(list, path, code, vars) { list.push({ path: path, code: code, vars: vars || {} }); }

  function isObject(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }
  function isText(v) { return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'; }
  function isNumber(v) { return typeof v === 'number' && isFinite(v); }
  function textOf(v) { return isText(v) ? String(v) : null; }

  function unknownKeys(obj, allowed, path, list) {
    Object.keys(obj).forEach(function (k) {
      if (allowed.indexOf(k) < 0) problem(list, path ? path + '.' + k : k, 'unknown', { key: k.slice(0, 60) });
    });
  }

  /* Type check of one value: 'number', 'integer', 'text' or a list of words. */
  function typed(v, kind, path, list) {
    var ok = kind === 'number' ? isNumber(v)
      : kind === 'integer' ? isNumber(v) && Math.floor(v) === v && Math.abs(v) <= Number.MAX_SAFE_INTEGER
        : kind === 'text' ? isText(v) : typeof v === 'string' && kind.indexOf(v) >= 0;
    if (!ok) {
      var comma = typeof v === 'string' && /^-?\d+,\d+$/.test(v.trim());
      problem(list, path, comma ? 'comma' : kind === 'integer' ? 'integer' : Array.isArray(kind) ? 'word' : kind, { words: Array.isArray(kind) ? kind.join(', ') : '' });
    }
    return ok;
  }

  /* Reports value outside min..max; true when inside. */
  function range(v, min, max, path, list) {
    if (v < 0 && min >= 0) { problem(list, path, 'negative'); return false; }
    if (v < min || v > max) { problem(list, path, 'range', { min: min, max: max }); return false; }
    return true;
  }

  function fieldDefault(calc, name) {
    var f = calc && calc.invoer && calc.invoer[name];
    return f && has(f, 'standaard') ? f.standaard : undefined;
  }

  /* Checks raw input (from a file, storage or the form) against a calculator. Returns
     {input, title, calculator, version, problems}; input is null when there are problems. */
  function check(calc, raw) {
    var list = [];
    if (!isObject(raw)) {
      problem(list, '', 'object');
      return { input: null, problems: list };
    }
    unknownKeys(raw, TOP, '', list);
    var get = function (k, kind, required) {
      if (!has(raw, k) || raw[k] === undefined) {
        if (required) problem(list, k, 'missing');
        return undefined;
      }
      return typed(raw[k], kind, k, list) ? raw[k] : null;
    };
    ['rekenhulp', 'versie', 'titel'].forEach(function (k) { get(k, 'text', false); });
    var years = get('horizon_jaren', 'integer', false);
    if (years === undefined) years = fieldDefault(calc, 'horizon_jaren');
    if (years === undefined) problem(list, 'horizon_jaren', 'missing');
    else if (years !== null) range(years, 1, LIMITS.years, 'horizon_jaren', list);
    var external = get('externe_kosten', 'number', true);
    if (isNumber(external)) range(external, 0, LIMITS.external, 'externe_kosten', list);
    var key = get('verdeelsleutel', KEYS, false);
    if (key === undefined) key = fieldDefault(calc, 'verdeelsleutel');
    if (key === undefined) problem(list, 'verdeelsleutel', 'missing');
    var korting = get('korting', 'number', false);
    var hasTiers = has(raw, 'staffels') && raw.staffels !== undefined;
    var scenario = get('scenario', SCENARIOS, false);
    var mode = 'korting';
    var tiers = [];
    if (korting !== undefined && hasTiers) problem(list, 'staffels', 'both');
    else if (korting === undefined && !hasTiers) problem(list, 'korting', 'missing_mode');
    else if (korting !== undefined) {
      if (korting !== null) range(korting, 0, 1, 'korting', list);
      if (scenario !== undefined) problem(list, 'scenario', 'scenario_simple');
    } else {
      mode = 'staffels';
      tiers = checkTiers(raw.staffels, list);
      if (scenario === undefined) scenario = fieldDefault(calc, 'scenario');
      if (scenario === undefined) problem(list, 'scenario', 'missing');
    }
    var people = checkPeople(calc, raw.deelnemers, mode, list);
    var title = has(raw, 'titel') ? textOf(raw.titel) : null;
    if (title !== null && Array.from(title).length > LIMITS.name) problem(list, 'titel', 'long', { max: LIMITS.name });
    var out = { input: null, title: title, calculator: has(raw, 'rekenhulp') ? textOf(raw.rekenhulp) : null, version: has(raw, 'versie') ? textOf(raw.versie) : null, problems: list };
    if (list.length) return out;
    out.input = {
      years: B(years), externalCosts: cents(external), key: key, mode: mode,
      basisPoints: mode === 'korting' ? basisPoints(korting) : 0n,
      tiers: tiers, scenario: mode === 'staffels' ? scenario : null, participants: people
    };
    return out;
  }

  function checkTiers(items, list) {
    if (!Array.isArray(items)) { problem(list, 'staffels', 'list'); return []; }
    if (!items.length || items.length > LIMITS.tiers) { problem(list, 'staffels', 'tier_count', { max: LIMITS.tiers }); return []; }
    var tiers = [];
    items.forEach(function (item, i) {
      var path = 'staffels.' + i;
      if (!isObject(item)) { problem(list, path, 'object'); return; }
      unknownKeys(item, TIER, path, list);
      var from = has(item, 'vanaf') ? (typed(item.vanaf, 'integer', path + '.vanaf', list) ? item.vanaf : null) : (problem(list, path + '.vanaf', 'missing'), null);
      var price = has(item, 'prijs') ? (typed(item.prijs, 'number', path + '.prijs', list) ? item.prijs : null) : (problem(list, path + '.prijs', 'missing'), null);
      if (from === null || price === null) return;
      range(from, 0, LIMITS.users * LIMITS.participants, path + '.vanaf', list);
      range(price, 0, LIMITS.price, path + '.prijs', list);
      if (i === 0 && from !== 0) problem(list, path + '.vanaf', 'tier_first');
      if (tiers.length && B(from) <= tiers[tiers.length - 1].from) problem(list, path + '.vanaf', 'tier_order');
      tiers.push({ from: B(from), price: cents(price) });
    });
    return tiers;
  }

  function checkPeople(calc, items, mode, list) {
    if (items === undefined) { problem(list, 'deelnemers', 'missing'); return []; }
    if (!Array.isArray(items)) { problem(list, 'deelnemers', 'list'); return []; }
    if (items.length < 2 || items.length > LIMITS.participants) { problem(list, 'deelnemers', 'count', { max: LIMITS.participants }); return []; }
    return items.map(function (item, i) {
      var path = 'deelnemers.' + i;
      var val = function (k, kind, required) {
        if (!has(item, k)) { if (required) problem(list, path + '.' + k, 'missing'); return undefined; }
        return typed(item[k], kind, path + '.' + k, list) ? item[k] : null;
      };
      if (!isObject(item)) { problem(list, path, 'object'); return null; }
      unknownKeys(item, PERSON, path, list);
      var name = val('naam', 'text', true);
      name = name === undefined || name === null ? '' : String(name);
      if (!name.trim() || Array.from(name).length > LIMITS.name) problem(list, path + '.naam', 'name', { max: LIMITS.name });
      var users = val('gebruikers', 'integer', true);
      if (isNumber(users)) range(users, 1, LIMITS.users, path + '.gebruikers', list);
      var price = val('prijs_alleen', 'number', mode === 'korting');
      if (mode === 'staffels' && price !== undefined) problem(list, path + '.prijs_alleen', 'price_tiers');
      else if (isNumber(price)) range(price, 0, LIMITS.price, path + '.prijs_alleen', list);
      var rate = val('uurtarief', 'number', true);
      if (isNumber(rate)) range(rate, 0, LIMITS.rate, path + '.uurtarief', list);
      var hours = function (k) {
        var v = val(k, 'integer', false);
        if (v === undefined) v = fieldDefault(calc, k);
        if (v === undefined) { problem(list, path + '.' + k, 'missing'); return 0; }
        if (isNumber(v)) range(v, 0, LIMITS.hours, path + '.' + k, list);
        return isNumber(v) ? v : 0;
      };
      var hoursAlone = hours('uren_alleen');
      var hoursTogether = hours('uren_samen');
      return {
        name: name,
        users: B(isNumber(users) ? users : 0),
        priceAlone: mode === 'korting' && isNumber(price) ? cents(price) : 0n,
        rate: isNumber(rate) ? cents(rate) : 0n,
        hoursAlone: B(hoursAlone), hoursTogether: B(hoursTogether)
      };
    });
  }

  var api = {
    LIMITS: LIMITS, KEYS: KEYS, SCENARIOS: SCENARIOS,
    check: check, compute: compute, allocate: allocate, divRound: divRound
  };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  root.leidraadBusinessCase = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
