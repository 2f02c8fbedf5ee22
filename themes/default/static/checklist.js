/* leidraad interactive checklist. Scores with assess.js as the visitor answers and lays
   out the engine's outcome (it decides nothing itself). Several assessments live in this
   browser only (localStorage, or memory when storage is off); they can be saved as files,
   shared as links, compared as a group and planned, all without any server.
   Everything that comes from outside the page (stored data, imported files, shared links,
   names, plan notes) is validated and inserted as text, never as HTML. */
(function () {
  'use strict';
  var A = window.leidraadAssess;
  var modelEl = document.getElementById('checklist-model');
  var root = document.getElementById('checklist');
  if (!A || !modelEl || !root) return;
  document.documentElement.classList.add('js');

  var model = JSON.parse(modelEl.textContent);
  var c = model.checklist;
  var entries = model.entries || {};
  var t = model.strings || {};
  var rootPrefix = root.getAttribute('data-root') || '';
  var siteTitle = root.getAttribute('data-site-title') || '';
  var siteUrl = root.getAttribute('data-site-url') || '';
  var calculatorPath = root.getAttribute('data-rekenhulp') || '';
  var lang = document.documentElement.lang || 'nl';
  var form = document.getElementById('checklist-form');
  var nameInput = document.getElementById('innovatie');
  var orgInput = document.getElementById('organisatie');
  var qs = A.questions(c);
  var MAX_TEXT = 200;
  var MAX_NOTE = 500;
  var MAX_ITEMS = 200;
  // Share links stay under this many characters; notes are left out first.
  var MAX_LINK = 4000;
  var major = function (v) { var m = /^\s*(\d+)/.exec(String(v)); return m ? Number(m[1]) : null; };
  /* One key per assessment (`<prefix><id>`), so tabs never write over each other's
     assessments. Layout 3 starts with checklist 3.0; the keys of older versions are
     read once, and removed only after their assessments are written here. */
  var storeVersion = Math.max(3, major(c.versie) || 0);
  var keyPrefix = 'leidraad:checklist:' + c.id + ':v' + storeVersion + ':';
  var oldKeys = ['leidraad:checklist:' + c.id];
  for (var v = 1; v < storeVersion; v++) oldKeys.push('leidraad:checklist:' + c.id + ':v' + v);
  var state = { lastMs: 0, outcome: null, group: null, memoryOnly: false, unsaved: false, reportFresh: false };
  window.leidraadChecklist = state;

  // ---- small helpers ----

  function s(key, vars) {
    var text = Object.prototype.hasOwnProperty.call(t, key) ? String(t[key]) : key;
    Object.keys(vars || {}).forEach(function (k) { text = text.split('{' + k + '}').join(String(vars[k])); });
    return text;
  }

  function num(n) {
    return Number(n).toLocaleString(lang, { maximumFractionDigits: 2 });
  }

  /* Creates an element; strings become text nodes, never HTML. */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] === null || attrs[k] === undefined || attrs[k] === false) return;
      if (k === 'class') node.className = attrs[k];
      else node.setAttribute(k, attrs[k] === true ? '' : attrs[k]);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  var SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, children) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }

  function text(value) {
    return typeof value === 'string' ? value.slice(0, MAX_TEXT) : '';
  }

  function questionById(id) {
    for (var i = 0; i < qs.length; i++) if (qs[i].id === id) return qs[i];
    return null;
  }

  function optionOf(q, id) {
    for (var i = 0; i < q.opties.length; i++) if (q.opties[i].id === id) return q.opties[i];
    return null;
  }

  function optionLabel(q, id) {
    if (id === A.DONT_KNOW || !id) return s('dont_know');
    var o = optionOf(q, id);
    return o ? o.label : '';
  }

  function entry(id) {
    return has(entries, id) ? entries[id] : null;
  }

  function today() {
    return new Date().toISOString().slice(0, 10);
  }

  function newId() {
    return 'b' + Date.now().toString(36) + Math.floor(Math.random() * 1e6).toString(36);
  }

  /* The one-line verdict, as `leidraad assess` and the example pages word it; an
     undecided result always with its range in numbers. */
  function verdict(o) {
    if (o.status === 'empty') return s('verdict_empty');
    if (o.status === 'complete') return s('score_exact', { score: o.score_min });
    if (o.status === 'decided') return s('score_range', { min: o.score_min, max: o.score_max });
    return s('band_undecided', { min: o.score_min, max: o.score_max, low: o.band_low.title, high: o.band_high.title });
  }

  function verdictBand(o) {
    return verdict(o) + (o.band ? ': ' + o.band.title : '');
  }

  /* A participant's justification of one answer (stored by the page as item.notes),
     shown as text only. */
  function noteOf(item, questionId) {
    var notes = item && item.notes;
    var n = notes && typeof notes === 'object' && has(notes, questionId) ? notes[questionId] : '';
    return typeof n === 'string' ? n.slice(0, 500) : '';
  }

  function levelLabel(level) {
    return s('level_' + level);
  }

  /* A version 1.x result still opens in 2.x; a newer major version does not. */
  function canReadVersion(saved) {
    var a = major(saved);
    var b = major(c.versie);
    return a !== null && b !== null ? a <= b : String(saved) === String(c.versie);
  }

  // ---- untrusted data ----

  /* Untrusted answers: keep only valid pairs (explicit "weet niet" included); ok says
     whether all of it was valid. */
  function clean(raw) {
    var checked = A.validateAnswers(c, raw);
    var answers = checked.answers;
    if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
      Object.keys(raw).forEach(function (k) {
        if (raw[k] === A.DONT_KNOW && questionById(k)) answers[k] = A.DONT_KNOW;
      });
    }
    return { answers: answers, ok: checked.problems.length === 0 };
  }

  /* Untrusted plan: per known question, who (text), when (a date) and done. */
  function cleanPlan(raw) {
    var plan = {};
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return plan;
    Object.keys(raw).forEach(function (k) {
      var p = raw[k];
      if (!questionById(k) || !p || typeof p !== 'object') return;
      var when = typeof p.when === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(p.when) ? p.when : '';
      plan[k] = { who: text(p.who), when: when, done: p.done === true };
    });
    return plan;
  }

  /* Untrusted notes: per known question at most MAX_NOTE characters; ok: all valid. */
  function cleanNotes(raw) {
    var notes = {};
    var ok = raw === undefined || raw === null || (typeof raw === 'object' && !Array.isArray(raw));
    if (!ok) return { notes: notes, ok: false };
    Object.keys(raw || {}).forEach(function (k) {
      var v = raw[k];
      if (!questionById(k) || typeof v !== 'string' || v.length > MAX_NOTE) ok = false;
      else if (v.trim()) notes[k] = v;
    });
    return { notes: notes, ok: ok };
  }

  function scorable(answers) {
    var out = {};
    Object.keys(answers).forEach(function (k) { if (answers[k] !== A.DONT_KNOW) out[k] = answers[k]; });
    return out;
  }

  var isDate = function (v) { return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v); };

  /* An assessment from untrusted data, or null. `stamps`: when each field last changed
     (`a.`/`n.`/`p.<question>`, `innovatie`, `organisatie`), to merge two tabs' copies. */
  function itemFrom(raw) {
    if (!raw || typeof raw !== 'object') return null;
    var stamps = {};
    if (raw.stamps && typeof raw.stamps === 'object') {
      Object.keys(raw.stamps).forEach(function (k) {
        var t = raw.stamps[k];
        if (typeof t === 'number' && isFinite(t) && (/^(innovatie|organisatie)$/.test(k) || (/^[anp]\./.test(k) && questionById(k.slice(2))))) stamps[k] = t;
      });
    }
    var src = raw.source && typeof raw.source === 'object' ? raw.source : {};
    return {
      id: typeof raw.id === 'string' && /^[a-z0-9]{1,40}$/.test(raw.id) ? raw.id : newId(),
      innovatie: text(raw.innovatie),
      organisatie: text(raw.organisatie),
      answers: clean(raw.answers).answers,
      notes: cleanNotes(raw.notes).notes,
      plan: cleanPlan(raw.plan),
      updated: isDate(raw.updated) ? raw.updated : today(),
      created: typeof raw.created === 'number' && isFinite(raw.created) ? raw.created : Date.now(),
      stamps: stamps,
      source: /^(file|link|copy)$/.test(src.kind) ? { kind: src.kind, name: text(src.name) } : null,
      origin: typeof raw.origin === 'string' ? raw.origin.slice(0, 64) : ''
    };
  }

  function itemName(item) {
    var parts = [item.organisatie, item.innovatie].filter(Boolean);
    return parts.length ? parts.join(' — ') : s('assessment_unnamed');
  }

  /* Names in lists: with the date; where still alike, the origin; then the place. */
  function itemLabels(items) {
    var from = function (item) {
      var k = item.source && item.source.kind;
      return k === 'file' ? s('from_file', { name: item.source.name }) : k ? s('from_' + k) : '';
    };
    var twin = function (list, i) { return list.some(function (o, j) { return j !== i && o === list[i]; }); };
    var first = items.map(function (item) { return itemName(item) + ' (' + s('updated_on', { date: item.updated }) + ')'; });
    var second = first.map(function (l, i) { return twin(first, i) && from(items[i]) ? l + ' · ' + from(items[i]) : l; });
    return second.map(function (l, i) { return twin(second, i) ? l + ' · ' + s('list_number', { n: i + 1 }) : l; });
  }

  // ---- storage: one key per assessment, re-read before each write; memory while it fails ----

  var store = { current: null, items: [] };
  var dirty = {};
  var gone = {};
  var oldFound = [];
  var retryTimer = null;
  var FIELDS = { a: 'answers', n: 'notes', p: 'plan' };
  var sessionKey = 'leidraad:checklist:' + c.id + ':current';

  /* Saving failed (full or off): keep all in memory, say so, offer the file, retry. */
  function storageOff() {
    if (!retryTimer) retryTimer = setInterval(save, 5000);
    if (state.unsaved) return;
    state.unsaved = true;
    state.memoryOnly = true;
    pageMessage(s('msg_storage_off'), { label: s('action_export'), action: exportResult });
  }

  function byId(id) {
    for (var i = 0; i < store.items.length; i++) if (store.items[i].id === id) return store.items[i];
    return null;
  }

  function isBlank(item) {
    return !item.innovatie && !item.organisatie && ![item.answers, item.notes, item.plan].some(function (o) { return Object.keys(o).length; });
  }

  /* An empty assessment nobody touched (not stored): replaced when something is loaded. */
  function untouched(item) {
    return isBlank(item) && !Object.keys(item.stamps).length;
  }

  function lastChange(item) {
    return Object.keys(item.stamps).reduce(function (m, k) { return Math.max(m, item.stamps[k]); }, item.created);
  }

  /* Sets and stamps one field if it differs; '' removes an answer, note or plan row. */
  function put(item, key, value, now) {
    var obj = key.charAt(1) === '.' ? item[FIELDS[key.charAt(0)]] : item;
    var k = obj === item ? key : key.slice(2);
    var before = has(obj, k) ? obj[k] : '';
    if (JSON.stringify(before) === JSON.stringify(value || '')) return false;
    if (obj !== item && !value) delete obj[k];
    else obj[k] = value;
    item.stamps[key] = now;
    item.updated = today();
    return true;
  }

  /* Takes into `item` every field that `other` changed later; true when any did. */
  function merge(item, other) {
    var changed = false;
    Object.keys(other.stamps).forEach(function (key) {
      if ((item.stamps[key] || 0) >= other.stamps[key]) return;
      var obj = key.charAt(1) === '.' ? FIELDS[key.charAt(0)] : null;
      var k = obj ? key.slice(2) : key;
      if (!obj) item[k] = other[k];
      else if (has(other[obj], k)) item[obj][k] = other[obj][k];
      else delete item[obj][k];
      item.stamps[key] = other.stamps[key];
      changed = true;
    });
    if (other.updated > item.updated) item.updated = other.updated;
    return changed;
  }

  function readItem(key) {
    var raw = localStorage.getItem(key);
    var item = null;
    try { item = raw ? itemFrom(JSON.parse(raw)) : null; } catch (e) { return null; }
    return item && keyPrefix + item.id === key ? item : null;
  }

  /* Writes each changed assessment after re-reading its stored copy (taking in what
     another tab changed); then removes deleted ones and, once all is written, the old
     layout's keys. Returns the assessments another tab had changed. */
  function persist() {
    var outside = [];
    try {
      Object.keys(dirty).forEach(function (id) {
        var item = byId(id);
        if (item) {
          var stored = readItem(keyPrefix + id);
          if (stored && merge(item, stored)) outside.push(item);
          localStorage.setItem(keyPrefix + id, JSON.stringify(item));
        }
        delete dirty[id];
      });
      Object.keys(gone).forEach(function (id) { localStorage.removeItem(keyPrefix + id); delete gone[id]; });
      while (oldFound.length) localStorage.removeItem(oldFound.shift());
    } catch (e) {
      storageOff();
      return outside;
    }
    if (state.unsaved) {
      state.unsaved = state.memoryOnly = false;
      clearInterval(retryTimer);
      retryTimer = null;
      pageMessage(s('msg_storage_back'));
    }
    return outside;
  }

  /* Saves an assessment (or retries what is left) and shows what another tab changed. */
  function save(item) {
    if (item) dirty[item.id] = true;
    if (!Object.keys(dirty).length && !Object.keys(gone).length && !oldFound.length) return;
    var outside = persist();
    if (!outside.length) return;
    if (outside.indexOf(current()) >= 0) { showItem(current()); recompute(); }
    renderList();
  }

  /* Assessments of an older version: one ({innovatie, answers}) or several ({current,
     items}); their keys stay until the copies are written. */
  function loadOld(items) {
    var wanted = null;
    oldKeys.forEach(function (key) {
      var data = null;
      try { data = JSON.parse(localStorage.getItem(key)); } catch (e) { return; }
      if (!data || typeof data !== 'object') return;
      (Array.isArray(data.items) ? data.items : [data]).slice(0, MAX_ITEMS).forEach(function (raw, n) {
        var item = itemFrom(raw);
        if (!item || items.some(function (i) { return i.id === item.id; })) return;
        item.stamps = {};
        item.created = Date.now() - 1000 + n;
        items.push(item);
        dirty[item.id] = true;
      });
      if (typeof data.current === 'string') wanted = data.current;
      oldFound.push(key);
    });
    return wanted;
  }

  function loadStore() {
    var items = [];
    var wanted = null;
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        var item = key && key.indexOf(keyPrefix) === 0 ? readItem(key) : null;
        if (item) items.push(item);
      }
      wanted = loadOld(items);
    } catch (e) {
      storageOff();
    }
    items.sort(function (x, y) { return x.created - y.created; });
    store.items = items;
    try { wanted = sessionStorage.getItem(sessionKey) || wanted; } catch (e) { /* this tab only */ }
    var latest = items.reduce(function (m, item) { return !m || lastChange(item) > lastChange(m) ? item : m; }, null);
    store.current = byId(wanted) ? wanted : latest && latest.id;
    if (!items.length) addItem({}, true);
    save();
  }

  function current() {
    return byId(store.current) || store.items[0];
  }

  /* A new assessment, saved at once unless empty. */
  function addItem(raw, switchTo) {
    var item = itemFrom(raw);
    item.id = newId();
    item.created = Date.now();
    store.items.push(item);
    if (switchTo !== false || !store.current) store.current = item.id;
    if (!isBlank(item)) save(item);
    return item;
  }

  // ---- the form ----

  function readForm() {
    var answers = {};
    qs.forEach(function (q) {
      var checked = form.querySelector('input[name="' + q.id + '"]:checked');
      if (checked) answers[q.id] = checked.value;
    });
    return answers;
  }

  function noteInput(id) {
    return document.getElementById('toelichting-' + id);
  }

  // A note per answer, made here: without scripts it could not be kept.
  qs.forEach(function (q) {
    var id = 'toelichting-' + q.id;
    document.querySelector('#vraag-' + q.id + ' .options').after(el('details', { class: 'note' }, [
      el('summary', {}, [s('report_note')]), el('label', { for: id }, [s('note_input_label')]), el('textarea', { id: id, maxlength: String(MAX_NOTE), rows: '3' })
    ]));
  });

  function setValue(input, value) {
    if (input.value !== value) input.value = value;
  }

  function showItem(item) {
    qs.forEach(function (q) {
      var radios = form.querySelectorAll('input[name="' + q.id + '"]');
      for (var i = 0; i < radios.length; i++) radios[i].checked = item.answers[q.id] === radios[i].value;
      var note = noteInput(q.id);
      if (!note) return;
      setValue(note, item.notes[q.id] || '');
      if (note.value || document.activeElement !== note) note.parentNode.open = !!note.value;
    });
    setValue(nameInput, item.innovatie);
    setValue(orgInput, item.organisatie);
    try { sessionStorage.setItem(sessionKey, item.id); } catch (e) { /* this tab only */ }
  }

  /* Takes the form into the current assessment; true when anything changed (only a
     change is stamped and dated, never looking). */
  function takeForm() {
    var item = current();
    var now = Date.now();
    var answers = readForm();
    var changed = false;
    qs.forEach(function (q) {
      changed = put(item, 'a.' + q.id, answers[q.id], now) || changed;
      var note = noteInput(q.id);
      if (note) changed = put(item, 'n.' + q.id, note.value.slice(0, MAX_NOTE), now) || changed;
    });
    changed = put(item, 'innovatie', text(nameInput.value), now) || changed;
    return put(item, 'organisatie', text(orgInput.value), now) || changed;
  }

  function renderList() {
    var select = document.getElementById('assessment-select');
    var labels = itemLabels(store.items);
    select.replaceChildren.apply(select, store.items.map(function (item, i) {
      var option = el('option', { value: item.id }, [labels[i]]);
      option.selected = item.id === store.current;
      return option;
    }));
    document.getElementById('action-delete').disabled = false;
    renderCompareList();
  }

  // ---- one assessment's result ----

  function linkList(ids) {
    var items = [];
    (ids || []).forEach(function (id) {
      var e = entry(id);
      if (e) items.push(el('li', {}, [el('a', { href: rootPrefix + e.path }, [e.title])]));
    });
    return items.length ? el('ul', { class: 'advice-links' }, items) : null;
  }

  /* A bar from 0 to 100: the sure part filled, the open part lighter. */
  function bar(label, min, max) {
    var graphic = svg('svg', { class: 'bar', viewBox: '0 0 100 10', preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false' }, [
      svg('rect', { class: 'bar-track', width: '100', height: '10' }),
      svg('rect', { class: 'bar-open', x: String(min), width: String(max - min), height: '10' }),
      svg('rect', { class: 'bar-fill', width: String(min), height: '10' })
    ]);
    var value = min === max ? String(min) : s('dimension_range', { min: min, max: max });
    return el('div', { class: 'bar-row' }, [el('span', { class: 'bar-label' }, [label]), graphic, el('span', { class: 'bar-value' }, [value])]);
  }

  /* A step; `from` words the current answer (a group's answers may differ). */
  function stepItem(step, from) {
    var tag = step.knockout ? levelLabel('knockout') : step.cap ? s('cap_band', { band: step.cap.title }) : null;
    return el('li', { 'data-question': step.question, class: step.knockout ? 'knockout' : step.cap ? 'capped' : '' }, [
      el('strong', {}, [step.question_text]), ' ',
      tag ? el('span', { class: 'level' }, [tag]) : null, tag ? ' ' : null,
      el('span', { class: 'move' }, [s('step_move', { from: from ? from(step) : step.option_label, to: step.target_label })]), ' ',
      el('span', { class: 'gain' }, [s('gain', { gain: num(step.gain) })]),
      linkList(step.links)
    ]);
  }

  /* A cap ("Eerst regelen"): the answer, the highest band it allows, and its advice. */
  function capItem(c, answerWords, who, brief) {
    return el('li', { 'data-question': c.question, 'data-band': c.band.id, class: c.knockout ? 'knockout' : 'capped' }, [
      el('span', { class: 'level' }, [s('cap_band', { band: c.band.title })]), ' ',
      el('strong', {}, [c.question_text]), ' ' + (answerWords ? answerWords(c) : c.option_label),
      who ? el('p', { class: 'cap-who' }, [who]) : null,
      brief ? null : el('p', { class: 'advice-text' }, [c.text]),
      brief ? null : linkList(c.links)
    ]);
  }

  /* "Eerst regelen"; `brief` (the printed group report) leaves out advice and links,
     which each partner's own report has. */
  function capsSection(o, answerWords, whoOf, brief) {
    if (!o.caps.length) return [];
    return [
      el('h3', {}, [s('caps_title')]),
      el('p', {}, [s('caps_intro')]),
      el('ul', { class: 'caps-list' }, o.caps.map(function (c) { return capItem(c, answerWords, whoOf ? whoOf(c) : null, brief); }))
    ];
  }

  function adviceItem(a) {
    return el('li', { class: 'level-' + a.level, 'data-question': a.question, 'data-level': a.level }, [
      el('span', { class: 'level' }, [levelLabel(a.level)]), ' ',
      el('strong', {}, [a.question_text]), ' ' + a.option_label,
      el('p', { class: 'advice-text' }, [a.text]),
      linkList(a.links)
    ]);
  }

  /* How many points an open question can still move, and the cap it could bring. */
  function openExtra(p) {
    var extra = s('open_moves', { moves: num(p.moves) });
    return p.could_cap ? extra + ', ' + s('open_could_cap', { band: p.could_cap.title }) : extra;
  }

  function openItem(p) {
    var extra = openExtra(p);
    return el('li', { 'data-question': p.question }, [
      el('a', { href: '#vraag-' + p.question }, [p.question_text]), ' ',
      el('span', { class: 'gain' }, ['(' + extra + ')']),
      linkList(p.links)
    ]);
  }

  /* The verdict box: range, band, caps and coverage (shared by the result and the group
     view; a group words its coverage for all participants). */
  function verdictBox(o, empty, coverageKey) {
    var box = el('div', {
      class: 'verdict ' + (o.band ? 'band-' + o.band.id : 'band-open'),
      'data-status': o.status, 'data-score-min': String(o.score_min), 'data-score-max': String(o.score_max),
      'data-band': o.band ? o.band.id : ''
    }, [el('p', { class: 'verdict-line' }, [o.status === 'empty' && empty ? empty : verdict(o)])]);
    if (o.status === 'empty') return box;
    if (o.band) {
      box.appendChild(el('p', { class: 'band-title' }, [o.band.title]));
      box.appendChild(el('p', { class: 'band-explanation' }, [o.band.explanation]));
    }
    if (o.caps.length) box.appendChild(el('p', { class: 'capped-note' }, [s('capped_note')]));
    box.appendChild(el('p', { class: 'coverage' }, [s(coverageKey || 'coverage', { answered: o.answered, total: o.total, coverage: o.coverage })]));
    return box;
  }

  function renderResult(o) {
    var body = document.getElementById('result-body');
    // An empty form invites to start; it never shows a verdict.
    var parts = [verdictBox(o, s('result_empty'))];
    if (o.status !== 'empty') {
      // Never a claim that a list decides the outcome: the open questions that can move
      // the score most, with how much.
      if (o.status === 'undecided') {
        parts.push(el('p', {}, [s('undecided_intro')]));
        parts.push(el('ul', { class: 'deciding' }, o.open.slice(0, 3).map(function (p) {
          return el('li', { 'data-question': p.question }, [el('a', { href: '#vraag-' + p.question }, [p.question_text]), ' ', el('span', { class: 'gain' }, ['(' + openExtra(p) + ')'])]);
        })));
      }
      parts = parts.concat(capsSection(o));
      parts.push(el('h3', {}, [s('next_steps')]));
      parts.push(o.next_steps.length ? el('ol', { class: 'next-steps' }, o.next_steps.map(function (x) { return stepItem(x); })) : el('p', {}, [s('next_steps_none')]));
      parts.push(el('h3', {}, [s('advice_title')]));
      parts.push(o.advice.length ? el('ul', { class: 'advice-list' }, o.advice.map(adviceItem)) : el('p', {}, [s('advice_none')]));
      parts.push(el('h3', {}, [s('open_points')]));
      if (o.open.length) {
        parts.push(el('p', {}, [s('open_points_intro')]));
        parts.push(el('ul', { class: 'open-points' }, o.open.map(openItem)));
      } else {
        parts.push(el('p', {}, [s('open_points_none')]));
      }
      parts.push(el('h3', {}, [s('dimensions_title')]));
      parts.push(el('div', { class: 'bars' }, o.dimensions.map(function (d) { return bar(d.title, d.score_min, d.score_max); })));
    }
    body.replaceChildren.apply(body, parts);
  }

  function renderFormNotes(o, answers) {
    o.questions.forEach(function (q) {
      var p = form.querySelector('[data-points-for="' + q.id + '"]');
      if (p) p.textContent = q.weight === 0 ? s('not_scored') : num(q.points) + ' ' + s('points_of') + ' ' + num(q.weight) + ' ' + s('points');
    });
    document.getElementById('progress').textContent = s('progress', { n: Object.keys(answers).length, total: qs.length });
    document.getElementById('summary-verdict').textContent =
      o.status === 'empty' ? s('result_empty') : verdictBand(o);
  }

  /* The plan's rows, once per question, worded as actions: steps, advice, and each
     "weet niet" to find out. */
  function planItems(o, item) {
    var seen = {};
    var out = [];
    var add = function (question, action, detail) {
      if (seen[question]) return;
      seen[question] = true;
      out.push({ question: question, text: action, detail: detail });
    };
    o.next_steps.forEach(function (step) {
      add(step.question, s('plan_step', { to: step.target_label }), step.question_text + ' ' + s('plan_now', { from: step.option_label }));
    });
    o.advice.forEach(function (a) { add(a.question, a.text, a.question_text + ' ' + s('plan_now', { from: a.option_label })); });
    qs.forEach(function (q) {
      if (item.answers[q.id] === A.DONT_KNOW) add(q.id, s('plan_find_out', { question: q.vraag }), '');
    });
    return out;
  }

  var planShown = '';

  /* Draws the plan only when its rows changed; focus stays where it was. */
  function renderPlan(o) {
    var body = document.getElementById('plan-body');
    var item = current();
    var items = planItems(o, item);
    var shown = JSON.stringify([item.id, items, item.plan]);
    if (shown === planShown) return;
    planShown = shown;
    var focus = document.activeElement && body.contains(document.activeElement) ? document.activeElement.id : null;
    var rows = items.map(function (p) {
      var entry_ = has(item.plan, p.question) ? item.plan[p.question] : { who: '', when: '', done: false };
      var id = 'plan-' + p.question;
      return el('tr', { 'data-question': p.question }, [
        el('td', {}, [el('strong', { id: id + '-label' }, [p.text]), p.detail ? el('span', { class: 'plan-detail' }, [' ' + p.detail]) : null]),
        el('td', {}, [el('input', { type: 'text', id: id + '-who', maxlength: String(MAX_TEXT), class: 'plan-who', 'aria-labelledby': id + '-label plan-h-who', value: entry_.who })]),
        el('td', {}, [el('input', { type: 'date', id: id + '-when', class: 'plan-when', 'aria-labelledby': id + '-label plan-h-when', value: entry_.when })]),
        el('td', {}, [el('input', { type: 'checkbox', id: id + '-done', class: 'plan-done', 'aria-labelledby': id + '-label plan-h-done', checked: entry_.done })])
      ]);
    });
    if (!rows.length) {
      body.replaceChildren(el('p', {}, [s('plan_empty')]));
      return;
    }
    body.replaceChildren(el('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': 'actieplan-titel' }, [
      el('table', { class: 'plan-table' }, [
        el('thead', {}, [el('tr', {}, [
          el('th', { scope: 'col' }, [s('plan_action')]), el('th', { scope: 'col', id: 'plan-h-who' }, [s('plan_who')]),
          el('th', { scope: 'col', id: 'plan-h-when' }, [s('plan_when')]), el('th', { scope: 'col', id: 'plan-h-done' }, [s('plan_done')])
        ])]),
        el('tbody', {}, rows)
      ])
    ]));
    if (focus && document.getElementById(focus)) document.getElementById(focus).focus();
  }

  /* Takes the plan fields into the current assessment; true when anything changed. */
  function readPlan() {
    var item = current();
    var now = Date.now();
    var changed = false;
    document.querySelectorAll('#plan-body tr[data-question]').forEach(function (tr) {
      var who = text(tr.querySelector('.plan-who').value);
      var when = tr.querySelector('.plan-when').value;
      var done = tr.querySelector('.plan-done').checked;
      var row = who || when || done ? { who: who, when: isDate(when) ? when : '', done: done } : '';
      changed = put(item, 'p.' + tr.getAttribute('data-question'), row, now) || changed;
    });
    if (changed) planShown = JSON.stringify([item.id, planItems(state.outcome, item), item.plan]);
    return changed;
  }

  // ---- the printed report of one assessment ----

  /* The site's address, or '' while it is an example address nobody can visit. */
  var siteAddress = /^https?:\/\/([^/]+\.)?example\.(org|com|net)(:\d+)?(\/|$)/i.test(siteUrl) ? '' : siteUrl.replace(/\/?$/, '/');

  /* A guidance page as an address to type from paper (the path alone without one). */
  function address(id) {
    var e = entry(id);
    return e ? (siteAddress + e.path).replace(/^https?:\/\//, '') : id;
  }

  function addressList(ids) {
    return (ids || []).length ? el('span', { class: 'report-links' }, [' ' + s('read_about') + ': ' + ids.map(address).join(' · ') + '.']) : null;
  }

  function reportHeader(title) {
    return [
      el('p', { class: 'report-site' }, [siteTitle + (siteAddress ? ' · ' + siteAddress : '')]),
      el('h2', {}, [title + ' (' + s('report_version') + ' ' + c.versie + ')'])
    ];
  }

  /* The printed report. Each question is printed once: a step carries its advice, an
     advice or open point its answer, and each its note and plan row; the answers section
     holds the others. That keeps the fullest report within four pages. */
  function renderReport(o, item) {
    var report = document.getElementById('rapport');
    var planLine = function (question) {
      var e = item.plan[question];
      var parts = e ? [e.who && s('plan_who') + ': ' + e.who, e.when && s('plan_when') + ': ' + e.when, e.done && s('plan_done')].filter(Boolean) : [];
      return parts.length ? el('span', { class: 'report-plan-line' }, [' ' + parts.join(' · ') + '.']) : null;
    };
    var noteLine = function (question) {
      var note = item.notes[question];
      return note ? el('span', { class: 'report-note' }, [' ' + s('report_note') + ': ' + note]) : null;
    };
    var adviceOf = {};
    o.advice.forEach(function (a) { adviceOf[a.question] = a; });
    var above = {};
    var steps = o.next_steps.map(function (step) {
      var a = adviceOf[step.question];
      above[step.question] = true;
      return el('li', {}, [
        el('strong', {}, [step.question_text]), ' ',
        s('step_move', { from: step.option_label, to: step.target_label }) + ' (' + s('gain', { gain: num(step.gain) }) + ').',
        a ? ' ' + a.text : '',
        addressList(a ? step.links.concat(a.links.filter(function (l) { return step.links.indexOf(l) < 0; })) : step.links),
        noteLine(step.question), planLine(step.question)
      ]);
    });
    var advice = o.advice.filter(function (a) { return !above[a.question]; }).map(function (a) {
      above[a.question] = true;
      return el('li', {}, [el('strong', {}, ['[' + levelLabel(a.level) + '] ' + a.question_text]), ' «' + a.option_label + '». ' + a.text, addressList(a.links), noteLine(a.question), planLine(a.question)]);
    });
    var open = o.open.map(function (p) {
      above[p.question] = true;
      return el('li', {}, [p.question_text, noteLine(p.question), planLine(p.question)]);
    });
    var groups = c.dimensies.map(function (d) {
      var rest = d.vragen.filter(function (q) { return !above[q.id]; });
      return rest.length ? el('div', { class: 'report-group' }, [
        el('h4', {}, [d.titel]),
        el('ul', {}, rest.map(function (q) {
          var scoreOf = o.questions.filter(function (x) { return x.id === q.id; })[0];
          return el('li', {}, [q.vraag + ' ', el('strong', {}, [optionLabel(q, item.answers[q.id])]), ' (' + num(scoreOf.points) + '/' + num(q.gewicht) + ')', noteLine(q.id)]);
        }))
      ]) : null;
    }).filter(Boolean);
    // The caps in brief, by the band they allow: their advice is printed once, below.
    var capBands = [];
    o.caps.forEach(function (cp) {
      var last = capBands[capBands.length - 1];
      if (last && last.band === cp.band.title) last.questions.push(cp.question_text);
      else capBands.push({ band: cp.band.title, questions: [cp.question_text] });
    });
    var parts = reportHeader(c.titel).concat([
      el('p', {}, [s('report_innovation') + ': ' + (item.innovatie || '–') + ' · ' + s('report_organisation') + ': ' + (item.organisatie || '–') + ' · ' + s('report_date') + ': ' + new Date().toLocaleDateString(lang)]),
      el('p', { class: 'report-score' }, [verdict(o) + (o.band ? ' · ' + o.band.title : '')]),
      o.band ? el('p', {}, [o.band.explanation]) : null,
      capBands.length ? el('p', { class: 'report-caps' }, [el('strong', {}, [s('caps_title') + '. ']), capBands.map(function (g) {
        var t = s('cap_band', { band: g.band });
        return t.charAt(0).toUpperCase() + t.slice(1) + ': ' + g.questions.join(' ');
      }).join(' ')]) : null,
      el('p', {}, [s('coverage', { answered: o.answered, total: o.total, coverage: o.coverage })]),
      el('div', { class: 'bars' }, o.dimensions.map(function (d) { return bar(d.title, d.score_min, d.score_max); })),
      el('h3', {}, [s('next_steps')]),
      steps.length ? el('ol', { class: 'report-steps' }, steps) : el('p', {}, [s('next_steps_none')]),
      el('h3', {}, [s('advice_title')]),
      advice.length ? el('ul', { class: 'report-advice' }, advice) : el('p', {}, [s(o.advice.length ? 'report_advice_in_steps' : 'advice_none')]),
      el('h3', {}, [s('open_points')]),
      open.length ? el('ul', { class: 'report-open' }, open) : el('p', {}, [s('open_points_none')]),
      groups.length ? el('h3', {}, [s('report_answers_other')]) : null,
      groups.length ? el('div', { class: 'report-answers' }, groups) : null
    ]);
    report.replaceChildren.apply(report, parts.filter(Boolean));
    state.reportFresh = true;
  }

  var announceTimer = null;
  /* One short sentence, a moment after the last change, so screen readers are not
     flooded on every click. */
  function announce(o, answers) {
    clearTimeout(announceTimer);
    announceTimer = setTimeout(function () {
      var sentence = s('live_summary', {
        verdict: verdict(o) + (o.band ? ', ' + o.band.title : ''),
        answered: Object.keys(scorable(answers)).length, total: qs.length
      });
      if (o.knockouts.length) sentence += ' ' + s('live_knockout', { question: questionById(o.knockouts[0]).vraag });
      else if (o.caps.length) sentence += ' ' + s('caps_title') + ': ' + o.caps[0].question_text;
      document.getElementById('result-live').textContent = sentence;
    }, 700);
  }

  /* Scores the current assessment and shows it. No storage writes; the plan (far below)
     and the hidden print report are drawn once clicking settles. */
  function recompute() {
    var start = performance.now();
    var item = current();
    var o = A.score(c, scorable(item.answers));
    state.outcome = o;
    renderResult(o);
    renderFormNotes(o, item.answers);
    state.lastMs = performance.now() - start;
    announce(o, item.answers);
    scheduleReport();
    return o;
  }

  var reportTimer = null;
  function scheduleReport() {
    state.reportFresh = false;
    clearTimeout(reportTimer);
    reportTimer = setTimeout(freshReport, 300);
  }

  function freshReport() {
    clearTimeout(reportTimer);
    if (!state.outcome) return;
    renderPlan(state.outcome);
    if (!document.documentElement.classList.contains('print-group')) renderReport(state.outcome, current());
  }

  /* Shows another assessment. Looking changes nothing: no date, no write. */
  function switchTo(id) {
    store.current = id;
    showItem(current());
    renderList();
    recompute();
  }

  // ---- messages ----

  function message(textValue) {
    document.getElementById('message').textContent = textValue;
  }

  /* A message at the top of the viewport until closed, with an optional action. */
  function pageMessage(textValue, back) {
    var box = document.getElementById('page-message');
    var button = document.getElementById('page-message-back');
    document.getElementById('page-message-text').textContent = textValue;
    box.hidden = false;
    if (back) {
      button.hidden = false;
      button.textContent = back.label;
      button.onclick = function () { box.hidden = true; back.action(); };
    } else {
      button.hidden = true;
      button.onclick = null;
    }
  }

  // ---- files and links: a new assessment, unless it is already here ----

  /* Adds an assessment from an untrusted result object; returns an error message, or
     null when added. Scores stored in the file are ignored: they are computed again. */
  function fromResult(data) {
    if (!data || typeof data !== 'object' || Array.isArray(data)) return { error: s('msg_import_bad_json') };
    if (data.checklist !== c.id) return { error: s('msg_import_foreign') };
    if (data.version !== undefined && !canReadVersion(data.version)) return { error: s('msg_import_version') };
    var names = ['innovatie', 'organisatie'];
    for (var i = 0; i < names.length; i++) {
      var v = data[names[i]];
      if (v !== undefined && (typeof v !== 'string' || v.length > MAX_TEXT)) return { error: s('msg_import_bad_answers') };
    }
    var cleaned = clean(data.answers);
    if (!cleaned.ok) return { error: s('msg_import_bad_answers') };
    var notes = cleanNotes(data.toelichtingen);
    if (!notes.ok) return { error: s('msg_import_bad_notes') };
    var date = isDate(data.date) ? data.date : undefined;
    return { item: { innovatie: data.innovatie || '', organisatie: data.organisatie || '', answers: cleaned.answers, notes: notes.notes, plan: cleanPlan(data.plan), updated: date } };
  }

  function resultFile(item, o) {
    return {
      checklist: c.id,
      version: c.versie,
      innovatie: item.innovatie,
      organisatie: item.organisatie,
      answers: item.answers,
      toelichtingen: item.notes,
      plan: item.plan,
      date: item.updated,
      outcome: o
    };
  }

  function exportResult() {
    var item = current();
    var o = recompute();
    var blob = new Blob([JSON.stringify(resultFile(item, o), null, 2)], { type: 'application/json' });
    var slug = itemName(item).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || c.id;
    var a = el('a', { href: URL.createObjectURL(blob), download: 'checklist-' + slug + '-' + today() + '.json' });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  /* What makes a loaded assessment the same as one added before: names, answers, notes
     and date, hashed (FNV-1a, with the length) to keep the stored mark short. */
  function originOf(raw) {
    var str = JSON.stringify([raw.innovatie, raw.organisatie, raw.updated, qs.map(function (q) {
      return [(raw.answers || {})[q.id], (raw.notes || {})[q.id]];
    })]);
    for (var h = 0x811c9dc5, i = 0; i < str.length; i++) h = Math.imul(h ^ str.charCodeAt(i), 16777619);
    return (h >>> 0).toString(36) + str.length.toString(36);
  }

  /* The assessment this file or link already became, or one with the very same content. */
  function twinOf(raw) {
    var origin = originOf(raw);
    return store.items.filter(function (i) { return i.origin === origin || originOf(i) === origin; })[0] || null;
  }

  /* Adds a loaded assessment (or finds it, if added before), switches to it and says
     how to go back. An untouched empty one is replaced. */
  function added(raw, how, source) {
    var twin = twinOf(raw);
    if (twin) {
      switchTo(twin.id);
      pageMessage(s('msg_already_there', { name: itemName(twin) }));
      return twin;
    }
    var previous = current();
    var replace = untouched(previous);
    if (replace) store.items.splice(store.items.indexOf(previous), 1);
    raw.source = source;
    raw.origin = originOf(raw);
    var created = addItem(raw, true);
    showItem(created);
    renderList();
    recompute();
    pageMessage(s(how, { name: itemName(created) }), replace ? null : {
      label: s('action_back', { name: itemName(previous) }),
      action: function () { switchTo(previous.id); }
    });
    return created;
  }

  function readFile(file, done) {
    var reader = new FileReader();
    reader.onload = function () {
      var data;
      try { data = JSON.parse(String(reader.result)); } catch (e) { done({ error: s('msg_import_bad_json') }); return; }
      done(fromResult(data));
    };
    reader.onerror = function () { done({ error: s('msg_import_bad_json') }); };
    reader.readAsText(file);
  }

  /* Share links carry everything in the fragment, which browsers never send to a server:
     #checklist=<id>&v=<version>&a=<question>:<option>,...&naam=..&org=..&t.<question>=<note>
     Notes go in, the shortest first, while the link stays under MAX_LINK characters. */
  function shareLink() {
    var item = current();
    var params = new URLSearchParams();
    params.set('checklist', c.id);
    params.set('v', c.versie);
    params.set('a', Object.keys(item.answers).map(function (k) { return k + ':' + item.answers[k]; }).join(','));
    if (item.innovatie) params.set('naam', item.innovatie);
    if (item.organisatie) params.set('org', item.organisatie);
    var base = location.href.split('#')[0] + '#';
    var notes = Object.keys(item.notes).sort(function (x, y) { return item.notes[x].length - item.notes[y].length; });
    var dropped = 0;
    notes.forEach(function (k) {
      params.set('t.' + k, item.notes[k]);
      if ((base + params.toString()).length > MAX_LINK) { params.delete('t.' + k); dropped++; }
    });
    return { link: base + params.toString(), dropped: dropped };
  }

  /* The assessment in a link's fragment: null when there is none, {error} when it is bad. */
  function fromFragment(hash) {
    var params;
    var bad = { error: s('msg_link_bad') };
    var fragment = String(hash).replace(/^[^#]*#/, '');
    if (fragment.length > 4 * MAX_LINK) return bad;
    try { params = new URLSearchParams(fragment); } catch (e) { return bad; }
    if (!params.has('a')) return null;
    if (params.get('checklist') !== c.id) return { error: s('msg_link_foreign') };
    if (params.has('v') && !canReadVersion(params.get('v'))) return { error: s('msg_link_version') };
    var raw = {};
    var notes = {};
    var broken = false;
    (params.get('a') || '').split(',').filter(Boolean).forEach(function (pair) {
      var i = pair.indexOf(':');
      if (i < 1) { broken = true; return; }
      raw[pair.slice(0, i)] = pair.slice(i + 1);
    });
    params.forEach(function (value, key) { if (key.indexOf('t.') === 0) notes[key.slice(2)] = value; });
    var name = params.get('naam') || '';
    var org = params.get('org') || '';
    if (broken || name.length > MAX_TEXT || org.length > MAX_TEXT) return bad;
    var cleaned = clean(raw);
    var cleanedNotes = cleanNotes(notes);
    if (!cleaned.ok || !cleanedNotes.ok) return bad;
    return { item: { innovatie: name, organisatie: org, answers: cleaned.answers, notes: cleanedNotes.notes, plan: {} } };
  }

  function openSharedLink() {
    var shared = fromFragment(location.hash);
    if (!shared) return;
    history.replaceState(null, '', location.href.split('#')[0]);
    if (shared.error) { pageMessage(shared.error); return; }
    added(shared.item, 'msg_loaded_link', { kind: 'link' });
  }

  // ---- comparing: the group view ----

  var selected = {};

  function renderCompareList() {
    var list = document.getElementById('compare-list');
    list.replaceChildren.apply(list, store.items.map(function (item) {
      var id = 'cmp-' + item.id;
      var box = el('input', { type: 'checkbox', id: id, value: item.id, checked: !!selected[item.id] });
      box.addEventListener('change', function () { selected[item.id] = box.checked; });
      return el('div', { class: 'compare-item' }, [box, ' ', el('label', { for: id }, [itemName(item) + ' (' + s('updated_on', { date: item.updated }) + ')'])]);
    }));
  }

  /* The answer's class and word: coloured and said in words, never colour alone. */
  function answerKind(q, id) {
    var o = id && id !== A.DONT_KNOW ? optionOf(q, id) : null;
    if (!o) return ['unknown', s('answer_unknown')];
    if (o.knockout) return ['ko', s('answer_ko')];
    if (o.score >= 0.75) return ['good', s('answer_good')];
    if (o.score >= 0.5) return ['mid', s('answer_mid')];
    return ['weak', s('answer_weak')];
  }

  /* Short labels: the participant's name, with the date when two have the same name. */
  /* Short labels: the organisation alone when everyone assessed the same innovation, and
     the date added where two labels would otherwise be the same (a re-assessment). */
  function participantLabels(items) {
    var sameInnovation = items.every(function (item) { return item.organisatie && item.innovatie === items[0].innovatie; });
    var name = function (item) { return sameInnovation ? item.organisatie : itemName(item); };
    return items.map(function (item) {
      var twin = items.some(function (other) { return other !== item && name(other) === name(item); });
      return name(item) + (twin ? ' (' + item.updated + ')' : '');
    });
  }

  /* One dimension: a 0-100 line per participant, numbered like the legend below it, with a
     dot at the low end of the range, a bar to the high end and the band limits dashed. The
     drawing keeps its proportions, so dots stay round at any width. */
  function groupChart(dim, items, labels, outcomes) {
    var left = 22, width = 280, rowH = 18, top = 6;
    var axis = top + items.length * rowH + 4;
    var height = axis + 14;
    var x = function (score) { return String(left + score * width / 100); };
    var scores = outcomes.map(function (o, i) {
      var d = o.dimensions.filter(function (e) { return e.id === dim.id; })[0];
      return { min: d.score_min, max: d.score_max, label: labels[i] };
    });
    var said = function (e) { return e.min === e.max ? String(e.min) : s('dimension_range', { min: e.min, max: e.max }); };
    var description = s('group_chart_label', { dimension: dim.titel, scores: scores.map(function (e) { return e.label + ': ' + said(e); }).join('; ') });
    var children = [svg('title', {}, [description])];
    c.banden.forEach(function (b) {
      if (b.vanaf > 0) children.push(svg('line', { class: 'chart-band', x1: x(b.vanaf), x2: x(b.vanaf), y1: String(top - 2), y2: String(axis) }));
    });
    scores.forEach(function (e, i) {
      var y = String(top + i * rowH + rowH / 2);
      children.push(svg('text', { class: 'chart-number', x: String(left - 8), y: y, 'text-anchor': 'end', 'dominant-baseline': 'central' }, [String(i + 1)]));
      children.push(svg('line', { class: 'chart-track', x1: x(0), x2: x(100), y1: y, y2: y }));
      if (e.max > e.min) children.push(svg('line', { class: 'chart-range', x1: x(e.min), x2: x(e.max), y1: y, y2: y }));
      children.push(svg('circle', { class: 'chart-mark', cx: x(e.min), cy: y, r: '5' }));
    });
    [0, 50, 100].forEach(function (v) {
      children.push(svg('text', { class: 'chart-scale', x: x(v), y: String(axis + 10), 'text-anchor': v === 0 ? 'start' : v === 100 ? 'end' : 'middle' }, [String(v)]));
    });
    var graphic = svg('svg', { class: 'group-chart', viewBox: '0 0 ' + (left + width + 8) + ' ' + height, role: 'img', 'aria-label': description }, children);
    var legend = el('ol', { class: 'chart-legend' }, scores.map(function (e) { return el('li', {}, [e.label + ': ' + said(e)]); }));
    return el('div', { class: 'group-dimension' }, [el('h4', {}, [dim.titel]), graphic, legend]);
  }

  /* What changed between an earlier and a later assessment of one innovation. */
  function changes(before, after) {
    var moved = qs.filter(function (q) {
      return (before.answers[q.id] || A.DONT_KNOW) !== (after.answers[q.id] || A.DONT_KNOW);
    }).map(function (q) {
      return el('li', {}, [el('strong', {}, [q.vraag]), ' ' + s('step_move', { from: optionLabel(q, before.answers[q.id]), to: optionLabel(q, after.answers[q.id]) })]);
    });
    var ob = A.score(c, scorable(before.answers));
    var oa = A.score(c, scorable(after.answers));
    return el('section', { class: 'group-changes' }, [
      el('h4', {}, [s('reassess_changes', { from: before.updated, to: after.updated })]),
      el('p', {}, [s('group_before_after', { before: verdict(ob), after: verdict(oa) })]),
      moved.length ? el('ul', { class: 'group-moved' }, moved) : el('p', {}, [s('group_no_changes')])
    ]);
  }

  /* How the participants answered one question: the one label when they agree, else
     "3× «Nee», 2× «Ja, ...»" (most chosen first, then option order, "weet niet" last),
     the same words as `leidraad assess`. */
  function groupAnswerWords(q, counts) {
    var ids = Object.keys(counts || {});
    var label = function (id) { return id === A.DONT_KNOW ? s('dont_know') : optionLabel(q, id); };
    if (ids.length === 1) return label(ids[0]);
    var pos = function (id) { for (var i = 0; i < q.opties.length; i++) if (q.opties[i].id === id) return i; return Infinity; };
    ids.sort(function (x, y) { return counts[y] - counts[x] || (pos(x) < pos(y) ? -1 : pos(x) > pos(y) ? 1 : 0); });
    return ids.map(function (id) { return s('group_answer_count', { n: counts[id], label: label(id) }); }).join(', ');
  }

  /* The group's outcome and, beside it, the outcome without each participant whose cap
     lowers the group. */
  function groupVerdict(g, labels) {
    var boxes = [el('div', { class: 'group-verdict' }, [verdictBox(g.outcome, null, 'coverage_group')])];
    g.without.forEach(function (w) {
      boxes.push(el('div', { class: 'group-without', 'data-participant': String(w.participant) }, [
        el('h4', {}, [s('group_without', { name: labels[w.participant] })]),
        verdictBox(w.outcome, null, 'coverage_group')
      ]));
    });
    return [
      g.without.length ? el('p', {}, [s('group_without_intro')]) : null,
      el('div', { class: 'group-verdicts' }, boxes)
    ];
  }

  /* The agenda: every difference, each participant's answer in words with its kind and
     justification. */
  function agendaTable(g, items, labels) {
    if (!g.agenda.length) return el('p', {}, [s('group_agenda_none')]);
    var rows = g.agenda.map(function (a) {
      var q = questionById(a.question);
      var cells = a.answers.map(function (id, i) {
        var kind = answerKind(q, id);
        var note = noteOf(items[i], a.question);
        return el('td', { class: 'answer-' + kind[0] }, [
          optionLabel(q, id), el('span', { class: 'answer-kind' }, [' (' + kind[1] + ')']),
          note ? el('p', { class: 'answer-note' }, [s('report_note') + ': ' + note]) : null
        ]);
      });
      return el('tr', { 'data-question': a.question }, [el('th', { scope: 'row' }, [a.question_text])].concat(cells));
    });
    return el('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': 'agenda-title' }, [
      el('table', { class: 'group-agenda' }, [
        el('thead', {}, [el('tr', {}, [el('th', { scope: 'col' }, [s('report_question')])].concat(labels.map(function (l) { return el('th', { scope: 'col' }, [l]); })))]),
        el('tbody', {}, rows)
      ])
    ]);
  }

  /* Everything the group view shows, as parts; `print` (the group report for a meeting)
     leaves out what each partner's own report has: advice, links and open questions. */
  function groupParts(items, labels, outcomes, g, print) {
    var words = function (x) { return groupAnswerWords(questionById(x.question), g.answers[x.question].answers); };
    var who = function (c) {
      var names = items.map(function (item, i) { return item.answers[c.question] === c.option ? labels[i] : null; }).filter(Boolean);
      return s('group_chosen_by', { names: names.join(', ') });
    };
    var participants = el('table', { class: 'group-participants' }, [
      el('thead', {}, [el('tr', {}, [el('th', { scope: 'col' }, [s('group_participants')]), el('th', { scope: 'col' }, [s('result')])])]),
      el('tbody', {}, items.map(function (item, i) {
        var o = outcomes[i];
        return el('tr', { 'data-band': o.band ? o.band.id : '' }, [el('th', { scope: 'row' }, [labels[i]]), el('td', {}, [verdictBand(o)])]);
      }))
    ]);
    var o = g.outcome;
    return [el('h3', {}, [s('group_participants')]), participants,
      el('h3', { id: 'group-as-one' }, [s('group_as_one')]),
      el('p', {}, [s('group_as_one_intro')])]
      .concat(groupVerdict(g, labels))
      .concat(capsSection(o, words, who, print))
      .concat([
        el('h4', {}, [s('next_steps')]),
        o.next_steps.length ? el('ol', { class: 'next-steps' }, o.next_steps.map(function (x) { return stepItem(x, words); })) : el('p', {}, [s('next_steps_none')]),
        el('h3', { id: 'agenda-title' }, [s('group_agenda')]),
        el('p', {}, [s('group_agenda_intro')]),
        agendaTable(g, items, labels),
        print ? null : el('h3', {}, [s('group_open_title')]),
        print ? null : o.open.length ? el('ul', { class: 'open-points' }, o.open.map(function (p) {
          return el('li', { 'data-question': p.question }, [p.question_text + ' ', el('span', { class: 'gain' }, ['(' + openExtra(p) + ')'])]);
        })) : el('p', {}, [s('open_points_none')]),
        el('h3', {}, [s('group_dimensions')]),
        el('div', { class: 'group-charts' }, c.dimensies.map(function (d) { return groupChart(d, items, labels, outcomes); }))
      ]);
  }

  /* The same innovation by the same organisation at several dates: a re-assessment,
     shown oldest to newest with what changed, never as a group of one and itself. */
  function isReassessment(items) {
    return items.every(function (item) {
      return (item.innovatie || item.organisatie) && item.innovatie === items[0].innovatie && item.organisatie === items[0].organisatie;
    });
  }

  function reassessParts(items) {
    var sorted = items.slice().sort(function (x, y) { return x.updated < y.updated ? -1 : x.updated > y.updated ? 1 : 0; });
    var outcomes = sorted.map(function (item) { return A.score(c, scorable(item.answers)); });
    var rows = sorted.map(function (item, i) {
      var o = outcomes[i];
      return el('tr', { 'data-band': o.band ? o.band.id : '', 'data-updated': item.updated }, [
        el('th', { scope: 'row' }, [item.updated]),
        el('td', { class: 'verdict', 'data-status': o.status, 'data-score-min': String(o.score_min), 'data-score-max': String(o.score_max) }, [verdictBand(o)])
      ]);
    });
    var parts = [
      el('h3', { id: 'reassess-title' }, [s('reassess_title', { name: itemName(sorted[0]) })]),
      el('p', {}, [s('reassess_intro')]),
      el('table', { class: 'reassess-table' }, [
        el('thead', {}, [el('tr', {}, [el('th', { scope: 'col' }, [s('reassess_when')]), el('th', { scope: 'col' }, [s('result')])])]),
        el('tbody', {}, rows)
      ])
    ];
    for (var i = 1; i < sorted.length; i++) parts.push(changes(sorted[i - 1], sorted[i]));
    return parts;
  }

  function renderGroup() {
    var msg = document.getElementById('compare-message');
    var body = document.getElementById('compare-body');
    var items = store.items.filter(function (item) { return selected[item.id]; });
    if (items.length < 2) {
      msg.textContent = s('compare_need_two');
      body.replaceChildren();
      state.group = null;
      return;
    }
    msg.textContent = '';
    if (isReassessment(items)) {
      state.group = null;
      body.replaceChildren.apply(body, reassessParts(items));
      return;
    }
    var labels = participantLabels(items);
    var outcomes = items.map(function (item) { return A.score(c, scorable(item.answers)); });
    var g = A.group(c, items.map(function (item) { return scorable(item.answers); }));
    state.group = g;
    var parts = groupParts(items, labels, outcomes, g).filter(Boolean);
    parts.push(el('p', {}, [el('button', { type: 'button', id: 'group-print' }, [s('group_print')])]));
    if (calculatorPath) parts.push(calculatorLink(items, labels));
    body.replaceChildren.apply(body, parts);
    document.getElementById('group-print').addEventListener('click', function () { printGroup(items, labels, outcomes, g); });
  }

  /* The calculator, opened with these participants' names (and the innovation when they
     share one) in its `#deelnemers=` link; the calculator treats the link as untrusted. */
  function calculatorLink(items, labels) {
    var params = 'deelnemers=' + encodeURIComponent(JSON.stringify(labels));
    var same = items.every(function (item) { return item.innovatie === items[0].innovatie; });
    if (same && items[0].innovatie) params += '&titel=' + encodeURIComponent(items[0].innovatie);
    return el('section', { class: 'group-calculate' }, [
      el('p', {}, [s('group_calculate_intro')]),
      el('p', {}, [el('a', { class: 'button', id: 'group-calculate', href: rootPrefix + calculatorPath + '#' + params }, [s('group_calculate')])])
    ]);
  }

  function printGroup(items, labels, outcomes, g) {
    var report = document.getElementById('rapport');
    var parts = reportHeader(s('group_report_title') + ': ' + c.titel).concat([
      el('p', {}, [s('report_date') + ': ' + new Date().toLocaleDateString(lang)])
    ]).concat(groupParts(items, labels, outcomes, g, true));
    report.replaceChildren.apply(report, parts.filter(Boolean));
    document.documentElement.classList.add('print-group');
    window.print();
  }

  window.addEventListener('afterprint', function () {
    if (document.documentElement.classList.contains('print-group')) {
      document.documentElement.classList.remove('print-group');
      recompute();
    }
  });

  // ---- wiring ----

  var weights = document.getElementById('show-weights');
  function applyWeights() { form.classList.toggle('show-weights', weights.checked); }
  weights.addEventListener('change', applyWeights);

  // Answers: scored at once. Choosing another assessment in the list is not a change.
  form.addEventListener('change', function (e) {
    if (e.target === weights || e.target.id === 'assessment-select' || !takeForm()) return;
    save(current());
    renderList();
    recompute();
  });
  // Names and notes: saved as they are typed, so a reload loses no letter.
  form.addEventListener('input', function (e) {
    if (e.target.type === 'radio' || !takeForm()) return;
    save(current());
    if (e.target === nameInput || e.target === orgInput) renderList();
    scheduleReport();
  });
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  ['input', 'change'].forEach(function (type) {
    document.getElementById('plan-body').addEventListener(type, function () {
      if (!readPlan()) return;
      save(current());
      scheduleReport();
    });
  });
  document.getElementById('assessment-select').addEventListener('change', function (e) { switchTo(e.target.value); });
  document.getElementById('action-new').addEventListener('click', function () {
    addItem({}, true);
    switchTo(store.current);
    nameInput.focus();
  });
  // A copy keeps both names, so it is compared with the original over time at once.
  document.getElementById('action-duplicate').addEventListener('click', function () {
    var item = current();
    var copy = addItem({ innovatie: item.innovatie, organisatie: item.organisatie, answers: item.answers, notes: item.notes, plan: item.plan, source: { kind: 'copy' } }, true);
    selected[item.id] = selected[copy.id] = true;
    switchTo(copy.id);
    pageMessage(s('msg_copied', { name: itemName(copy) }));
  });
  document.getElementById('action-delete').addEventListener('click', function () {
    var item = current();
    var name = itemName(item);
    if (!window.confirm(s('delete_confirm', { name: name }))) return;
    var index = store.items.indexOf(item);
    store.items.splice(index, 1);
    delete selected[item.id];
    delete dirty[item.id];
    gone[item.id] = true;
    if (!store.items.length) addItem({}, true);
    save();
    switchTo(store.items[Math.min(index, store.items.length - 1)].id);
    pageMessage(s('msg_deleted', { name: name }), {
      label: s('action_undo'),
      action: function () {
        delete gone[item.id];
        store.items.splice(Math.min(index, store.items.length), 0, item);
        save(item);
        switchTo(item.id);
        pageMessage(s('msg_restored', { name: name }));
      }
    });
  });
  document.getElementById('action-print').addEventListener('click', function () { freshReport(); window.print(); });
  window.addEventListener('beforeprint', freshReport);
  document.getElementById('action-export').addEventListener('click', exportResult);
  document.getElementById('action-import').addEventListener('change', function (e) {
    var file = e.target.files && e.target.files[0];
    e.target.value = '';
    if (!file) return;
    readFile(file, function (r) {
      if (r.error) { message(r.error); return; }
      message(s('msg_import_ok'));
      added(r.item, 'msg_loaded_file', { kind: 'file', name: file.name });
    });
  });
  document.getElementById('action-share').addEventListener('click', function () {
    var box = document.getElementById('share');
    var input = document.getElementById('share-link');
    var shared = shareLink();
    box.hidden = false;
    input.value = shared.link;
    message(shared.dropped ? s(shared.dropped === 1 ? 'msg_link_notes_dropped_one' : 'msg_link_notes_dropped_many', { n: shared.dropped }) : '');
    input.focus();
    input.select();
  });
  document.getElementById('action-copy').addEventListener('click', function () {
    var input = document.getElementById('share-link');
    var done = function () { message(s('msg_link_copied')); };
    var manual = function () { input.select(); message(s('msg_link_manual')); };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(input.value).then(done, manual);
    else manual();
  });

  /* What "Wis antwoorden" would erase, in words. */
  function clearParts(item) {
    var parts = [];
    [['count_answers', item.answers], ['count_notes', item.notes], ['count_plan', item.plan]].forEach(function (p) {
      var n = Object.keys(p[1]).length;
      if (n) parts.push(s(p[0] + (n === 1 ? '_one' : '_many'), { n: n }));
    });
    if (item.innovatie) parts.push(s('clear_innovation', { name: item.innovatie }));
    if (item.organisatie) parts.push(s('clear_organisation', { name: item.organisatie }));
    return parts.length > 1 ? parts.slice(0, -1).join(', ') + s('list_and') + parts[parts.length - 1] : parts.join('');
  }

  /* Gives every field `from`'s value, stamped now, so erasing (or undoing it) also wins
     over another tab's older copy. */
  function setAll(from) {
    var item = current();
    var now = Date.now();
    qs.forEach(function (q) {
      ['a', 'n', 'p'].forEach(function (f) {
        put(item, f + '.' + q.id, has(from[FIELDS[f]], q.id) ? from[FIELDS[f]][q.id] : '', now);
        item.stamps[f + '.' + q.id] = now;
      });
    });
    ['innovatie', 'organisatie'].forEach(function (k) { put(item, k, from[k], now); item.stamps[k] = now; });
    save(item);
    showItem(item);
    renderList();
    recompute();
    return item;
  }

  document.getElementById('action-clear').addEventListener('click', function () {
    var item = current();
    var what = clearParts(item);
    if (!what) { message(s('msg_nothing_to_clear')); return; }
    if (!window.confirm(s('clear_confirm', { what: what }))) return;
    var before = JSON.parse(JSON.stringify(item));
    setAll({ innovatie: '', organisatie: '', answers: {}, notes: {}, plan: {} });
    pageMessage(s('msg_cleared', { what: what }), {
      label: s('action_undo'),
      action: function () { pageMessage(s('msg_restored', { name: itemName(setAll(before)) })); }
    });
  });

  /* A partner's file or link for the group view: added once, ticked for comparing. */
  function addPartner(raw, source) {
    var twin = twinOf(raw);
    raw.source = source;
    raw.origin = originOf(raw);
    var item = twin || addItem(raw, false);
    selected[item.id] = true;
    return s(twin ? 'msg_partner_there' : 'msg_partner_added', { name: itemName(item) });
  }

  document.getElementById('compare-import').addEventListener('change', function (e) {
    var files = Array.prototype.slice.call(e.target.files || []);
    e.target.value = '';
    /* Reads finish in any order; partners are added in the order they were chosen, so
       the group view lists them the same way every time. */
    var results = new Array(files.length);
    var left = files.length;
    files.forEach(function (file, n) {
      readFile(file, function (r) {
        results[n] = r;
        if (--left > 0) return;
        var msg = document.getElementById('compare-message');
        results.forEach(function (r, i) {
          msg.textContent = r.error || addPartner(r.item, { kind: 'file', name: files[i].name });
        });
        renderList();
      });
    });
  });
  document.getElementById('compare-link-add').addEventListener('click', function () {
    var input = document.getElementById('compare-link');
    var msg = document.getElementById('compare-message');
    var r = fromFragment(input.value.indexOf('#') >= 0 ? input.value : '#' + input.value);
    if (!r || r.error) { msg.textContent = r ? r.error : s('msg_link_bad'); return; }
    msg.textContent = addPartner(r.item, { kind: 'link' });
    input.value = '';
    renderList();
  });
  document.getElementById('compare-run').addEventListener('click', renderGroup);
  window.addEventListener('hashchange', openSharedLink);

  /* Another tab saved or deleted an assessment: take it in (newest field wins); retry
     saving here, as that tab may have made room. */
  window.addEventListener('storage', function (e) {
    if (state.unsaved) save();
    if (!e.key || e.key.indexOf(keyPrefix) !== 0) return;
    var id = e.key.slice(keyPrefix.length);
    var mine = byId(id);
    var shown = current();
    var other = null;
    try { other = e.newValue ? itemFrom(JSON.parse(e.newValue)) : null; } catch (x) { return; }
    if (other && other.id !== id) return;
    if (!other) {
      if (!mine || dirty[id]) return;
      store.items.splice(store.items.indexOf(mine), 1);
      delete selected[id];
      if (!store.items.length) addItem({}, true);
      if (mine === shown) pageMessage(s('msg_deleted', { name: itemName(mine) }));
    } else if (!mine) {
      store.items.push(other);
      store.items.sort(function (x, y) { return x.created - y.created; });
      // A tab opened on an empty store shows what the other tab began, not an empty one.
      if (store.items.length === 2 && untouched(shown)) {
        store.items.splice(store.items.indexOf(shown), 1);
        mine = shown;
      }
    } else if (!merge(mine, other)) {
      return;
    }
    if (mine === shown) switchTo(current().id);
    else renderList();
  });
  window.addEventListener('pagehide', function () { save(); });
  document.addEventListener('visibilitychange', function () { if (document.hidden) save(); });

  var pageMessageBox = document.getElementById('page-message');
  document.getElementById('page-message-close').addEventListener('click', function () { pageMessageBox.hidden = true; });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && !pageMessageBox.hidden) pageMessageBox.hidden = true;
  });

  /* Focused elements scroll clear of the sticky message and summary (WCAG 2.2 SC 2.4.11),
     whatever their height at this width and zoom. */
  function keepFocusClear() {
    var summary = document.getElementById('result-summary');
    var stuck = function (node) { return !node.hidden && getComputedStyle(node).position === 'sticky' ? node.getBoundingClientRect().height + 8 : 0; };
    document.documentElement.style.setProperty('scroll-padding-top', stuck(pageMessageBox) + 'px');
    document.documentElement.style.setProperty('scroll-padding-bottom', stuck(summary) + 'px');
  }
  if (window.ResizeObserver) {
    var watch = new ResizeObserver(keepFocusClear);
    watch.observe(pageMessageBox);
    watch.observe(document.getElementById('result-summary'));
  }
  window.addEventListener('resize', keepFocusClear);

  loadStore();
  applyWeights();
  showItem(current());
  renderList();
  recompute();
  openSharedLink();
})();
