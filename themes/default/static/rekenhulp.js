/* leidraad calculator page (rekenhulp). Computes with business-case.js as the visitor
   types and lays out the engine's outcome; it decides nothing itself. Every calculation
   is kept in this browser under a key of its own (localStorage; memory when storage is
   off), re-read before each write, so tabs never overwrite each other. Files, stored
   data and links are untrusted: checked, and shown as text, never as HTML. */
(function () {
  'use strict';
  var E = window.leidraadBusinessCase;
  var modelEl = document.getElementById('rekenhulp-model');
  var page = document.getElementById('rekenhulp');
  if (!E || !modelEl || !page) return;
  document.documentElement.classList.add('js');

  var model = JSON.parse(modelEl.textContent);
  var calc = model.calculator;
  var t = model.strings || {};
  var lang = document.documentElement.lang || 'nl';
  var form = document.getElementById('rh-form');
  var peopleEl = document.getElementById('rh-people');
  var tiersEl = document.getElementById('rh-tiers');
  var PREFIX = 'leidraad:rekenhulp:' + calc.id + ':';
  var FIELDS = ['naam', 'gebruikers', 'prijs_alleen', 'uurtarief', 'uren_alleen', 'uren_samen'];
  var L = E.LIMITS;
  var state = { item: null, memory: {}, memoryOnly: false, outcomes: null, uid: 0 };
  window.leidraadRekenhulp = state;

  // ---- small helpers ----

  function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

  function s(key, vars) {
    var text = has(t, key) ? String(t[key]) : key;
    Object.keys(vars || {}).forEach(function (k) { text = text.split('{' + k + '}').join(String(vars[k])); });
    return text;
  }

  /* An element; strings become text nodes, never HTML. */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] === null || attrs[k] === undefined || attrs[k] === false) return;
      if (k === 'class') node.className = attrs[k];
      else node.setAttribute(k, attrs[k] === true ? '' : attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }

  function svg(tag, attrs, children) {
    var node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }

  function clip(value, max) { return Array.from(typeof value === 'string' ? value : '').slice(0, max).join(''); }

  /* Whole euros, rounded half away from zero, as the language writes them. */
  function money(euros) {
    var whole = Math.sign(euros) * Math.floor(Math.abs(euros) + 0.5);
    return (whole < 0 ? '−' : '') + '€ ' + Math.abs(whole).toLocaleString(lang, { maximumFractionDigits: 0 });
  }

  function pct(p) {
    return p === null ? '–' : p.toLocaleString(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) + '%';
  }

  function num(n) { return Number(n).toLocaleString(lang, { maximumFractionDigits: 4 }); }

  /* A number as typed in a Dutch form: `16,50`, `60.000` and `60000` all work. Returns the
     text itself when it is no number, so the check names the field. */
  function parse(text) {
    var v = String(text).replace(/[\s€%]/g, '');
    if (v === '') return undefined;
    if (v.indexOf(',') >= 0) v = v.replace(/\./g, '').replace(',', '.');
    else if (/^-?\d{1,3}(\.\d{3})+$/.test(v)) v = v.replace(/\./g, '');
    return /^-?(\d+\.?\d*|\.\d+)$/.test(v) ? Number(v) : String(text);
  }

  /* A number for a form field: a decimal comma, no grouping. */
  function typed(n) { return n === undefined || n === null ? '' : String(n).replace('.', ','); }

  function fieldLabel(path) {
    var parts = path.split('.');
    var f = calc.invoer[parts[parts.length - 1]];
    var label = f ? f.label : parts[parts.length - 1];
    if (parts[0] === 'deelnemers' && parts.length > 2) return s('rekenhulp_participant', { n: Number(parts[1]) + 1 }) + ', ' + label;
    if (parts[0] === 'staffels' && parts.length > 2) return s('rekenhulp_tier', { n: Number(parts[1]) + 1 }) + ', ' + (parts[2] === 'vanaf' ? s('rekenhulp_tier_from') : s('rekenhulp_tier_price'));
    return label;
  }

  /* A problem in words. The form asks the discount in percent, a file as a fraction. */
  function problemText(p, inForm) {
    var scale = inForm && p.path === 'korting' ? 100 : 1;
    var vars = { field: fieldLabel(p.path), key: p.vars.key, min: num(p.vars.min * scale), max: num(p.vars.max * scale), words: p.vars.words };
    return s('rekenhulp_prob_' + p.code, vars);
  }

  function newId(letter) { return letter + Date.now().toString(36) + Math.floor(Math.random() * 1e9).toString(36); }

  // ---- drafts: the form as typed, kept so nothing typed is lost ----

  function defaultOf(name) { return has(calc.invoer[name] || {}, 'standaard') ? calc.invoer[name].standaard : undefined; }

  function emptyPerson(name) {
    return { naam: name || '', gebruikers: '', prijs_alleen: '', uurtarief: '', uren_alleen: typed(defaultOf('uren_alleen')), uren_samen: typed(defaultOf('uren_samen')) };
  }

  function emptyDraft(names) {
    var k = defaultOf('korting');
    return {
      titel: '', horizon_jaren: typed(defaultOf('horizon_jaren')), externe_kosten: '',
      verdeelsleutel: defaultOf('verdeelsleutel') || 'naar_volume', mode: 'korting',
      korting: k === undefined ? '' : typed(Math.round(k * 1e6) / 1e4), staffels: [{ vanaf: '0', prijs: '' }],
      deelnemers: (names || ['', '']).map(emptyPerson)
    };
  }

  /* A draft from untrusted data (storage): only known fields, as short texts. */
  function cleanDraft(raw) {
    var d = emptyDraft();
    if (!raw || typeof raw !== 'object') return d;
    var str = function (v, max) { return typeof v === 'string' ? clip(v, max) : ''; };
    d.titel = str(raw.titel, L.name);
    ['horizon_jaren', 'externe_kosten', 'korting'].forEach(function (k) { d[k] = str(raw[k], 40); });
    if (E.KEYS.indexOf(raw.verdeelsleutel) >= 0) d.verdeelsleutel = raw.verdeelsleutel;
    d.mode = raw.mode === 'staffels' ? 'staffels' : 'korting';
    if (Array.isArray(raw.staffels)) {
      d.staffels = raw.staffels.slice(0, L.tiers).map(function (x) { return { vanaf: str(x && x.vanaf, 40), prijs: str(x && x.prijs, 40) }; });
    }
    if (Array.isArray(raw.deelnemers)) {
      d.deelnemers = raw.deelnemers.slice(0, L.participants).map(function (x) {
        var p = {};
        FIELDS.forEach(function (f) { p[f] = str(x && x[f], f === 'naam' ? L.name : 40); });
        return p;
      });
    }
    return d;
  }

  /* The input a draft stands for: the shape of an input file. */
  function rawInput(d, scenario) {
    var raw = { rekenhulp: calc.id, versie: calc.versie };
    var put = function (obj, key, value) { if (value !== undefined && value !== '') obj[key] = value; };
    put(raw, 'titel', d.titel.trim() || undefined);
    put(raw, 'horizon_jaren', parse(d.horizon_jaren));
    put(raw, 'externe_kosten', parse(d.externe_kosten));
    raw.verdeelsleutel = d.verdeelsleutel;
    if (d.mode === 'korting') {
      var k = parse(d.korting);
      put(raw, 'korting', typeof k === 'number' ? k / 100 : k);
    } else {
      raw.staffels = d.staffels.map(function (x) {
        var tier = {};
        put(tier, 'vanaf', parse(x.vanaf));
        put(tier, 'prijs', parse(x.prijs));
        return tier;
      });
      if (scenario) raw.scenario = scenario;
    }
    raw.deelnemers = d.deelnemers.map(function (p) {
      var out = { naam: p.naam };
      FIELDS.slice(1).forEach(function (f) {
        if (f === 'prijs_alleen' && d.mode !== 'korting') return;
        put(out, f, parse(p[f]));
      });
      return out;
    });
    return raw;
  }

  /* A draft from a checked input file. */
  function draftFrom(raw) {
    var d = emptyDraft();
    d.titel = clip(raw.titel === undefined ? '' : String(raw.titel), L.name);
    d.horizon_jaren = typed(raw.horizon_jaren);
    d.externe_kosten = typed(raw.externe_kosten);
    d.verdeelsleutel = raw.verdeelsleutel || d.verdeelsleutel;
    if (raw.staffels) {
      d.mode = 'staffels';
      d.staffels = raw.staffels.map(function (x) { return { vanaf: typed(x.vanaf), prijs: typed(x.prijs) }; });
    } else {
      d.korting = typed(Math.round(raw.korting * 1e6) / 1e4);
    }
    d.deelnemers = raw.deelnemers.map(function (p) {
      var out = {};
      FIELDS.forEach(function (f) { out[f] = f === 'naam' ? String(p.naam) : typed(p[f] === undefined ? defaultOf(f) : p[f]); });
      return out;
    });
    return d;
  }

  // ---- storage: one key per calculation, re-read before every write ----

  function record(id) {
    if (state.memoryOnly) return has(state.memory, id) ? state.memory[id] : null;
    try {
      var data = JSON.parse(localStorage.getItem(PREFIX + id));
      return data && typeof data === 'object' ? data : null;
    } catch (e) {
      return null;
    }
  }

  function storageOff() {
    if (state.memoryOnly) return;
    state.memoryOnly = true;
    note(s('rekenhulp_msg_storage_off'));
  }

  function ids() {
    if (state.memoryOnly) return Object.keys(state.memory);
    var out = [];
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var k = localStorage.key(i);
        if (k && k.indexOf(PREFIX) === 0 && /^[a-z0-9]{1,40}$/.test(k.slice(PREFIX.length))) out.push(k.slice(PREFIX.length));
      }
    } catch (e) {
      storageOff();
    }
    return out;
  }

  function put(id, rec) {
    if (state.memoryOnly) { state.memory[id] = rec; return; }
    try {
      localStorage.setItem(PREFIX + id, JSON.stringify(rec));
    } catch (e) {
      storageOff();
      state.memory[id] = rec;
    }
  }

  function makeItem(draft, title) {
    var d = cleanDraft(draft);
    if (title !== undefined) d.titel = clip(title, L.name);
    return { id: newId('c'), rev: '', created: Date.now(), saved: false, draft: d };
  }

  /* Writes the current calculation. If another tab changed it since this tab read it,
     this tab's version is kept as a new calculation instead: nothing is overwritten. */
  function save() {
    var item = state.item;
    var stored = record(item.id);
    if (stored && stored.rev !== item.rev) {
      var copy = makeItem(item.draft, (item.draft.titel || s('rekenhulp_untitled')) + ' (' + s('rekenhulp_copy_of') + ')');
      state.item = copy;
      save();
      remember();
      note(s('rekenhulp_msg_conflict', { name: copy.draft.titel }));
      return;
    }
    item.rev = newId('r');
    item.saved = true;
    put(item.id, { format: 1, rev: item.rev, created: item.created, updated: Date.now(), draft: item.draft });
  }

  function load(id) {
    var rec = record(id);
    if (!rec) return null;
    return { id: id, rev: String(rec.rev || ''), created: Number(rec.created) || 0, saved: true, draft: cleanDraft(rec.draft) };
  }

  function remember() {
    try { sessionStorage.setItem(PREFIX + 'current', state.item.id); } catch (e) { /* this tab only */ }
  }

  function itemName(draft) { return draft.titel.trim() || s('rekenhulp_untitled'); }

  function renderList() {
    var select = document.getElementById('rh-select');
    var items = ids().map(function (id) { return id === state.item.id ? state.item : load(id); }).filter(Boolean);
    if (!items.some(function (x) { return x.id === state.item.id; })) items.push(state.item);
    items.sort(function (a, b) { return a.created - b.created; });
    select.replaceChildren.apply(select, items.map(function (x) {
      var label = clip(itemName(x.draft), 80) + (x.saved ? '' : ' (' + s('rekenhulp_unsaved') + ')');
      var o = el('option', { value: x.id }, [label]);
      o.selected = x.id === state.item.id;
      return o;
    }));
  }

  function switchTo(item) {
    state.item = item;
    remember();
    showDraft();
    renderList();
    recompute();
  }

  // ---- the form ----

  function rowIds(li) {
    if (!li.dataset.uid) li.dataset.uid = String(++state.uid);
    return 'rh-' + li.dataset.uid + '-';
  }

  /* A row of the participants or staffels list from its template, filled with `values`. */
  function listRow(template, values, n) {
    var li = document.getElementById(template).content.firstElementChild.cloneNode(true);
    var prefix = rowIds(li);
    li.querySelectorAll('.rh-field').forEach(function (field) {
      var input = field.querySelector('input');
      input.id = prefix + input.dataset.field;
      input.value = values[input.dataset.field] || '';
      field.querySelector('label').setAttribute('for', input.id);
    });
    numberRow(li, n);
    return li;
  }

  function personRow(p, n) { return listRow('rh-person', p, n); }

  function tierRow(x, n) { return listRow('rh-tier', x, n); }

  /* Row titles and remove buttons say which row they are about. */
  function numberRow(li, n) {
    var isPerson = li.classList.contains('rh-person');
    var title = s(isPerson ? 'rekenhulp_participant' : 'rekenhulp_tier', { n: n + 1 });
    var name = isPerson ? li.querySelector('[data-field="naam"]').value.trim() : '';
    var what = name ? title + ': ' + clip(name, 60) : title;
    (isPerson ? li.querySelector('legend') : li.querySelector('.rh-tier-title')).textContent = what;
    li.querySelector('.rh-remove').setAttribute('aria-label', s('rekenhulp_remove_label', { what: what }));
    li.dataset.what = what;
  }

  function renumber() {
    Array.prototype.forEach.call(peopleEl.children, numberRow);
    Array.prototype.forEach.call(tiersEl.children, numberRow);
  }

  function showDraft() {
    var d = state.item.draft;
    ['titel', 'horizon_jaren', 'externe_kosten', 'korting'].forEach(function (k) { document.getElementById('rh-' + k).value = d[k]; });
    form.querySelectorAll('input[name="verdeelsleutel"]').forEach(function (r) { r.checked = r.value === d.verdeelsleutel; });
    form.querySelectorAll('input[name="mode"]').forEach(function (r) { r.checked = r.value === d.mode; });
    peopleEl.replaceChildren.apply(peopleEl, d.deelnemers.map(personRow));
    tiersEl.replaceChildren.apply(tiersEl, d.staffels.map(tierRow));
    applyMode();
    document.getElementById('rh-example-note').hidden = d.titel !== (calc.voorbeeld.invoer.titel || '');
  }

  function applyMode() {
    form.classList.toggle('mode-tiers', state.item.draft.mode === 'staffels');
    page.classList.toggle('mode-tiers', state.item.draft.mode === 'staffels');
  }

  function readRows(list) {
    return Array.prototype.map.call(list.children, function (li) {
      var out = {};
      li.querySelectorAll('input[data-field]').forEach(function (input) {
        out[input.dataset.field] = clip(input.value, input.dataset.field === 'naam' ? L.name : 40);
      });
      return out;
    });
  }

  function readForm() {
    var d = state.item.draft;
    d.titel = clip(document.getElementById('rh-titel').value, L.name);
    ['horizon_jaren', 'externe_kosten', 'korting'].forEach(function (k) { d[k] = clip(document.getElementById('rh-' + k).value, 40); });
    var key = form.querySelector('input[name="verdeelsleutel"]:checked');
    if (key) d.verdeelsleutel = key.value;
    var mode = form.querySelector('input[name="mode"]:checked');
    if (mode) d.mode = mode.value;
    d.deelnemers = readRows(peopleEl);
    d.staffels = readRows(tiersEl);
  }

  function changed() {
    readForm();
    save();
    renderList();
    recompute();
  }

  // ---- the outcome ----

  function scenarios() {
    return state.item.draft.mode === 'staffels' ? ['voorzichtig', 'gunstig'] : [null];
  }

  function recompute() {
    var checks = scenarios().map(function (sc) { return E.check(calc, rawInput(state.item.draft, sc)); });
    var box = document.getElementById('rh-outcome');
    if (checks[0].problems.length) {
      state.outcomes = null;
      var shown = checks[0].problems.slice(0, 8).map(function (p) { return el('li', {}, [problemText(p, true)]); });
      var more = checks[0].problems.length - shown.length;
      box.replaceChildren(el('p', {}, [s('rekenhulp_incomplete')]), el('ul', { class: 'rh-problems' }, shown),
        more > 0 ? el('p', {}, [s('rekenhulp_more_problems', { n: more })]) : null);
      document.getElementById('rh-print-inputs').replaceChildren();
      return;
    }
    var os = checks.map(function (c) { return E.compute(c.input); });
    state.outcomes = os;
    box.replaceChildren(
      el('div', { class: 'rh-side' }, os.map(verdict)),
      chart(os), costTable(os),
      el('h3', {}, [s('rekenhulp_build_title')]),
      el('p', {}, [s('rekenhulp_build_intro')]),
      el('div', { class: 'rh-builds' }, os.map(buildTable)),
      el('div', { class: 'rh-side' }, os.map(warnings)));
    printInputs();
  }

  function scenarioTitle(o) {
    if (o.scenario) return calc.invoer.scenario.opties[o.scenario] || o.scenario;
    return s('rekenhulp_simple_title', { pct: state.item.draft.korting.trim() + '%' });
  }

  /* The group's outcome of one scenario in a sentence, and who gains most. */
  function verdict(o) {
    var g = o.group;
    var name = function (i) { return i === null ? '' : o.participants[i].name; };
    return el('section', { class: 'rh-verdict-box', 'data-scenario': o.scenario || '', 'aria-label': scenarioTitle(o) }, [
      el('h3', {}, [scenarioTitle(o)]),
      el('p', { class: 'rh-verdict' }, [g.saving >= 0
        ? s('rekenhulp_group_saves', { amount: money(g.saving), pct: pct(g.saving_pct), years: o.years })
        : s('rekenhulp_group_loses', { amount: money(-g.saving), pct: pct(g.saving_pct), years: o.years })]),
      el('p', {}, [g.most_saving === null ? s('rekenhulp_nobody') : s('rekenhulp_most', { name: name(g.most_saving), name_pct: name(g.most_saving_pct) })])
    ]);
  }

  /* Horizontal bars, one small chart per participant: alone, then together in each
     scenario, the amount written beside each bar. Words say which bar is which, so
     colour is never the only cue; each chart's name carries its numbers too. */
  function chart(os) {
    var max = 0;
    var rows = os[0].participants.map(function (p, i) {
      var list = [[s('rekenhulp_bar_alone'), p.cost_alone, 'alone']].concat(os.map(function (o, j) {
        return [o.scenario ? scenarioTitle(o) : s('rekenhulp_bar_together'), o.participants[i].cost_together, 'together' + j];
      }));
      list.forEach(function (b) { max = Math.max(max, b[1]); });
      return { name: p.name, list: list };
    });
    // Room beside the longest bar for the longest label (about 7.5 units a character).
    var W = 300;
    var longest = 0;
    rows.forEach(function (r) { r.list.forEach(function (b) { longest = Math.max(longest, (b[0] + ' ' + money(b[1])).length); }); });
    var room = Math.min(W * 0.6, 10 + 7.5 * longest);
    var H = 18 + 13.5 * rows[0].list.length;
    var charts = rows.map(function (r) {
      var words = r.list.map(function (b) { return b[0] + ' ' + money(b[1]); });
      var parts = [svg('text', { x: '0', y: '12', class: 'rh-chart-name' }, [clip(r.name, 40)])];
      r.list.forEach(function (b, j) {
        var w = max > 0 ? Math.max(1, (W - room) * b[1] / max) : 1;
        var y = 15 + j * 13.5;
        parts.push(svg('rect', { x: '0', y: String(y), width: w.toFixed(1), height: '11', class: 'rh-bar-' + b[2] }));
        parts.push(svg('text', { x: (w + 4).toFixed(1), y: String(y + 10), class: 'rh-chart-value' }, [words[j]]));
      });
      return svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': r.name + ': ' + words.join(', '), focusable: 'false' }, parts);
    });
    var title = s(os.length > 1 ? 'rekenhulp_chart_title_tiers' : 'rekenhulp_chart_title');
    return el('figure', { class: 'rh-chart' }, [el('figcaption', {}, [title]), el('div', { class: 'rh-chart-rows' }, charts)]);
  }

  /* A table that scrolls sideways on its own when it does not fit; its title stays
     outside the scrolling part, so it is always readable. */
  function wrapTable(caption, head, rows, foot) {
    var th = function (x) { return el('th', { scope: 'col' }, [x]); };
    var id = 'rh-t' + (++state.uid);
    return el('div', { class: 'rh-table-box' }, [
      el('p', { class: 'rh-caption', id: id }, [caption]),
      el('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': id }, [
        el('table', { class: 'rh-table', 'aria-labelledby': id }, [
          el('thead', {}, [el('tr', {}, head.map(th))]),
          el('tbody', {}, foot ? rows.concat([foot]) : rows)
        ])
      ])
    ]);
  }

  function row(name, cells, attrs) {
    return el('tr', attrs || {}, [el('th', { scope: 'row' }, [name])].concat(cells.map(function (c) { return el('td', {}, Array.isArray(c) ? c : [c]); })));
  }

  function saving(x) { return money(x.saving) + ' (' + pct(x.saving_pct) + ')'; }

  /* Costs alone and together per participant, the scenarios side by side. */
  function costTable(os) {
    var two = os.length > 1;
    var head = [s('rekenhulp_col_name'), s('rekenhulp_col_alone')];
    os.forEach(function (o) {
      var suffix = two ? ', ' + scenarioTitle(o).toLowerCase() : '';
      head.push(s('rekenhulp_col_together') + suffix, s('rekenhulp_col_saving') + suffix);
    });
    var cells = function (pick) {
      return [money(pick(os[0]).cost_alone)].concat([].concat.apply([], os.map(function (o) { return [money(pick(o).cost_together), saving(pick(o))]; })));
    };
    return wrapTable(s('rekenhulp_table_caption', { years: os[0].years }), head,
      os[0].participants.map(function (p, i) {
        return row(p.name, cells(function (o) { return o.participants[i]; }), { 'data-participant': String(i) });
      }),
      row(s('rekenhulp_total'), cells(function (o) { return o.group; }), { class: 'rh-total' }));
  }

  /* How each saving comes about: the lower price and the hours give the most a
     participant can pay towards the project costs; what is left is the saving. */
  function buildTable(o) {
    var caption = o.scenario ? s('rekenhulp_build_caption_scenario', { scenario: scenarioTitle(o).toLowerCase() }) : s('rekenhulp_build_caption');
    return wrapTable(caption,
      [s('rekenhulp_col_name'), s('rekenhulp_col_price'), s('rekenhulp_col_gain_price'), s('rekenhulp_col_gain_hours'), s('rekenhulp_col_break_even'), s('rekenhulp_col_share')],
      o.participants.map(function (p) {
        var price = [money2(p.price_alone) + ' → ' + money2(p.price_together)];
        if (p.price_cut_pct !== null) price.push(' ', el('span', { class: 'rh-cut' }, [s('rekenhulp_lower', { pct: pct(p.price_cut_pct) })]));
        return row(p.name, [price, money(p.spend_alone - p.spend_together), money(p.staff_alone - p.staff_together), money(p.break_even_share), money(p.share)]);
      }),
      row(s('rekenhulp_total'), ['', '', '', '', money(o.group.external_costs)], { class: 'rh-total' }));
  }

  /* A price per user: cents shown when there are any. */
  function money2(euros) {
    return '€ ' + euros.toLocaleString(lang, { minimumFractionDigits: euros % 1 ? 2 : 0, maximumFractionDigits: 2 });
  }

  /* "A, B en C", as the language joins a list. */
  function joined(names) {
    return names.length < 2 ? names.join('') : names.slice(0, -1).join(', ') + ' ' + s('rekenhulp_and') + ' ' + names[names.length - 1];
  }

  /* The warnings in words, grouped by kind: who is worse off (and by how much), and whose
     share of the project costs takes more than half of the gain before those costs. */
  function warnings(o) {
    var items = ['worse_off', 'share_over_half'].map(function (w) {
      var who = o.participants.filter(function (p) { return p.warnings.indexOf(w) >= 0; });
      if (!who.length) return null;
      var names = who.map(function (p) { return w === 'worse_off' ? p.name + ' (' + money(-p.saving) + ')' : p.name; });
      return el('li', { 'data-warning': w }, [s('rekenhulp_warn_' + w + '_list', { names: joined(names) })]);
    }).filter(Boolean);
    o.group.warnings.forEach(function (w) { items.push(el('li', { 'data-warning': w }, [s('rekenhulp_warn_' + w)])); });
    return el('div', { class: 'rh-warnings', 'data-scenario': o.scenario || '' }, [el('h4', {}, [s('rekenhulp_warnings') + (o.scenario ? ': ' + scenarioTitle(o).toLowerCase() : '')]),
      items.length ? el('ul', {}, items) : el('p', {}, [s('rekenhulp_no_warnings')])]);
  }

  /* What was filled in, for the printout (the form itself is not printed). */
  function printInputs() {
    var d = state.item.draft;
    var raw = rawInput(d, null);
    var lines = [
      [calc.invoer.horizon_jaren.label, String(raw.horizon_jaren)],
      [calc.invoer.externe_kosten.label, money(raw.externe_kosten)],
      [calc.invoer.verdeelsleutel.label, calc.invoer.verdeelsleutel.opties[d.verdeelsleutel] || d.verdeelsleutel],
      d.mode === 'korting' ? [calc.invoer.korting.label, d.korting + '%']
        : [calc.invoer.staffels.label, raw.staffels.map(function (x) { return num(x.vanaf) + '+: ' + money2(x.prijs); }).join('; ')]
    ];
    var heads = FIELDS.filter(function (f) { return f !== 'prijs_alleen' || d.mode === 'korting'; });
    var people = raw.deelnemers.map(function (p) {
      return el('tr', {}, heads.map(function (f) {
        var v = p[f] === undefined ? defaultOf(f) : p[f];
        return el(f === 'naam' ? 'th' : 'td', f === 'naam' ? { scope: 'row' } : {}, [f === 'naam' ? v : f === 'gebruikers' || f.indexOf('uren') === 0 ? num(v) : money2(v)]);
      }));
    });
    document.getElementById('rh-print-inputs').replaceChildren(
      el('p', { class: 'rh-print-date' }, [s('rekenhulp_print_date', { date: new Date().toLocaleDateString(lang), site: page.dataset.siteTitle || '' })]),
      el('h3', {}, [s('rekenhulp_print_inputs') + (d.titel ? ': ' + d.titel : '')]),
      el('ul', {}, lines.map(function (l) { return el('li', {}, [l[0] + ': ' + l[1]]); })),
      el('table', { class: 'rh-table' }, [
        el('thead', {}, [el('tr', {}, heads.map(function (f) { return el('th', { scope: 'col' }, [calc.invoer[f].label]); }))]),
        el('tbody', {}, people)
      ]));
  }

  // ---- messages ----

  function message(text) { document.getElementById('rh-message').textContent = text; }

  function live(text) { document.getElementById('rh-live').textContent = text; }

  function note(text, action) {
    var box = document.getElementById('rh-note');
    var button = document.getElementById('rh-note-action');
    document.getElementById('rh-note-text').textContent = text;
    box.hidden = false;
    button.hidden = !action;
    button.onclick = null;
    if (action) {
      button.textContent = action.label;
      button.onclick = function () { box.hidden = true; action.run(); };
    }
  }

  // ---- files ----

  function exportFile() {
    var raw = rawInput(state.item.draft, null);
    if (E.check(calc, raw).problems.length) { message(s('rekenhulp_msg_export_incomplete')); return; }
    var blob = new Blob([JSON.stringify(raw, null, 2)], { type: 'application/json' });
    var slug = itemName(state.item.draft).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || calc.id;
    var a = el('a', { href: URL.createObjectURL(blob), download: 'rekenhulp-' + slug + '-' + new Date().toISOString().slice(0, 10) + '.json' });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  /* A file's calculation as a draft, or {error}. */
  function fromFile(text) {
    var raw;
    try { raw = JSON.parse(text); } catch (e) { return { error: s('rekenhulp_msg_import_json') }; }
    var checked = E.check(calc, raw);
    if (checked.calculator !== null && checked.calculator !== undefined && checked.calculator !== calc.id) {
      return { error: s('rekenhulp_msg_import_other', { id: clip(checked.calculator, 60) }) };
    }
    if (checked.problems.length) {
      return { error: s('rekenhulp_msg_import_bad', { problems: checked.problems.slice(0, 3).map(problemText).join(' ') }) };
    }
    return { draft: draftFrom(raw) };
  }

  function importFile(e) {
    var file = e.target.files && e.target.files[0];
    e.target.value = '';
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      var r = fromFile(String(reader.result));
      if (r.error) { message(r.error); return; }
      var item = makeItem(r.draft);
      state.item = item;
      save();
      switchTo(item);
      message(s('rekenhulp_msg_import_ok', { name: itemName(item.draft) }));
    };
    reader.onerror = function () { message(s('rekenhulp_msg_import_json')); };
    reader.readAsText(file);
  }

  /* `#deelnemers=<JSON list of names>` (from the checklist's group view) starts a new
     calculation with those names; anything else in the link is ignored. */
  function openLink() {
    var params;
    try { params = new URLSearchParams(location.hash.slice(1)); } catch (e) { return; }
    if (!params.has('deelnemers')) return;
    history.replaceState(null, '', location.href.split('#')[0]);
    var names;
    try { names = JSON.parse(params.get('deelnemers')); } catch (e) { names = null; }
    var ok = Array.isArray(names) && names.length >= 1 && names.length <= L.participants &&
      names.every(function (n) { return typeof n === 'string'; });
    if (!ok) { note(s('rekenhulp_msg_link_bad')); return; }
    names = names.map(function (n) { return clip(n, L.name); });
    while (names.length < 2) names.push('');
    var item = makeItem(emptyDraft(names), clip(params.get('titel') || '', L.name));
    state.item = item;
    save();
    switchTo(item);
    note(s('rekenhulp_msg_from_link'));
  }

  // ---- wiring ----

  // Choosing another calculation is not an edit of this one.
  form.addEventListener('input', function (e) { if (e.target.id !== 'rh-select') changed(); });
  form.addEventListener('change', function (e) {
    if (e.target.name === 'mode') { readForm(); applyMode(); }
    if (e.target.type === 'radio') changed();
  });
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  peopleEl.addEventListener('input', function (e) { if (e.target.dataset.field === 'naam') numberRow(e.target.closest('li'), Array.prototype.indexOf.call(peopleEl.children, e.target.closest('li'))); });

  function removeRow(list, li) {
    var next = li.nextElementSibling || li.previousElementSibling;
    var what = li.dataset.what;
    li.remove();
    renumber();
    changed();
    live(s('rekenhulp_removed', { what: what }));
    (next ? next.querySelector('input') : document.getElementById(list === peopleEl ? 'rh-add' : 'rh-tier-add')).focus();
  }

  form.addEventListener('click', function (e) {
    var button = e.target.closest('.rh-remove');
    if (button) removeRow(button.closest('ol'), button.closest('li'));
  });
  document.getElementById('rh-add').addEventListener('click', function () {
    if (peopleEl.children.length >= L.participants) return;
    var li = personRow(emptyPerson(''), peopleEl.children.length);
    peopleEl.appendChild(li);
    changed();
    live(s('rekenhulp_added', { what: li.dataset.what }));
    li.querySelector('input').focus();
  });
  document.getElementById('rh-tier-add').addEventListener('click', function () {
    if (tiersEl.children.length >= L.tiers) return;
    var li = tierRow({ vanaf: '', prijs: '' }, tiersEl.children.length);
    tiersEl.appendChild(li);
    changed();
    li.querySelector('input').focus();
  });
  document.getElementById('rh-select').addEventListener('change', function (e) {
    var item = load(e.target.value);
    if (item) switchTo(item);
  });
  document.getElementById('rh-new').addEventListener('click', function () {
    switchTo(makeItem(emptyDraft()));
    document.getElementById('rh-titel').focus();
  });
  document.getElementById('rh-example').addEventListener('click', function () {
    var item = makeItem(draftFrom(calc.voorbeeld.invoer));
    state.item = item;
    save();
    switchTo(item);
    note(s('rekenhulp_msg_example'));
  });
  document.getElementById('rh-copy').addEventListener('click', function () {
    var item = makeItem(state.item.draft, itemName(state.item.draft) + ' (' + s('rekenhulp_copy_of') + ')');
    state.item = item;
    save();
    switchTo(item);
  });
  document.getElementById('rh-delete').addEventListener('click', function () {
    var item = state.item;
    var name = itemName(item.draft);
    if (!window.confirm(s('rekenhulp_delete_confirm', { name: name }))) return;
    if (state.memoryOnly) delete state.memory[item.id];
    else try { localStorage.removeItem(PREFIX + item.id); } catch (e) { storageOff(); }
    var rest = ids().map(load).filter(Boolean).sort(function (a, b) { return b.created - a.created; });
    switchTo(rest[0] || makeItem(emptyDraft()));
    note(s('rekenhulp_msg_deleted', { name: name }), {
      label: s('rekenhulp_undo'),
      run: function () {
        item.rev = '';
        state.item = item;
        save();
        switchTo(item);
        note(s('rekenhulp_msg_restored', { name: name }));
      }
    });
  });
  document.getElementById('rh-print').addEventListener('click', function () { recompute(); window.print(); });
  document.getElementById('rh-export').addEventListener('click', exportFile);
  document.getElementById('rh-import').addEventListener('change', importFile);
  document.getElementById('rh-clear').addEventListener('click', function () {
    if (!window.confirm(s('rekenhulp_clear_confirm'))) return;
    state.item.draft = emptyDraft();
    showDraft();
    changed();
    message(s('rekenhulp_msg_cleared'));
  });
  window.addEventListener('storage', function (e) {
    if (e.key !== null && e.key.indexOf(PREFIX) !== 0) return;
    if (e.key === PREFIX + state.item.id) {
      var rec = e.newValue ? load(state.item.id) : null;
      if (!rec) {
        state.item.saved = false;
        state.item.rev = '';
        note(s('rekenhulp_msg_gone'));
      } else if (rec.rev !== state.item.rev) {
        state.item = rec;
        showDraft();
        recompute();
        note(s('rekenhulp_msg_other_tab'));
      }
    }
    renderList();
  });
  window.addEventListener('hashchange', openLink);

  // The calculation this tab had open, else the newest, else the example (not yet saved).
  var start = null;
  try { start = load(sessionStorage.getItem(PREFIX + 'current') || ''); } catch (e) { start = null; }
  if (!start) start = ids().map(load).filter(Boolean).sort(function (a, b) { return b.created - a.created; })[0] || null;
  state.item = start || makeItem(draftFrom(calc.voorbeeld.invoer));
  remember();
  showDraft();
  renderList();
  recompute();
  openLink();
})();
