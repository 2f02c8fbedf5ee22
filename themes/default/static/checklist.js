/* leidraad interactive checklist. Scores with assess.js as the visitor answers and lays
   out the engine's outcome (it decides nothing itself), keeps the answers in this
   browser only (localStorage), and exports, imports and shares them without any server.
   Everything that comes from outside the page (stored answers, imported files, shared
   links, names) is validated and inserted as text, never as HTML. */
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
  var lang = document.documentElement.lang || 'nl';
  var form = document.getElementById('checklist-form');
  var nameInput = document.getElementById('innovatie');
  var qs = A.questions(c);
  var storageKey = 'leidraad:checklist:' + c.id;
  var MAX_NAME = 200;
  var state = { lastMs: 0, outcome: null };
  window.leidraadChecklist = state;

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
      if (k === 'class') node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  var SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function questionById(id) {
    for (var i = 0; i < qs.length; i++) if (qs[i].id === id) return qs[i];
    return null;
  }

  function optionLabel(q, id) {
    if (id === A.DONT_KNOW) return s('dont_know');
    for (var i = 0; i < q.opties.length; i++) if (q.opties[i].id === id) return q.opties[i].label;
    return '';
  }

  function entry(id) {
    return Object.prototype.hasOwnProperty.call(entries, id) ? entries[id] : null;
  }

  /* The one-line verdict, as `leidraad assess` and the example pages word it. */
  function verdict(o) {
    if (o.status === 'empty') return s('verdict_empty');
    if (o.status === 'complete') return s('score_exact', { score: o.score_min });
    if (o.status === 'decided') return s('score_range', { min: o.score_min, max: o.score_max });
    return s('band_undecided', { low: o.band_low.title, high: o.band_high.title });
  }

  function levelLabel(level) {
    return s('level_' + level);
  }

  /* Answers as checked in the form; explicit "weet niet" is kept so it can be restored. */
  function readForm() {
    var answers = {};
    qs.forEach(function (q) {
      var checked = form.querySelector('input[name="' + q.id + '"]:checked');
      if (checked) answers[q.id] = checked.value;
    });
    return answers;
  }

  function writeForm(answers, name) {
    qs.forEach(function (q) {
      var radios = form.querySelectorAll('input[name="' + q.id + '"]');
      for (var i = 0; i < radios.length; i++) radios[i].checked = answers[q.id] === radios[i].value;
    });
    nameInput.value = name || '';
  }

  /* Untrusted answers: keep only valid pairs; report whether anything was wrong. */
  function clean(raw) {
    var checked = A.validateAnswers(c, raw);
    var answers = checked.answers;
    if (raw && typeof raw === 'object') {
      Object.keys(raw).forEach(function (k) {
        if (raw[k] === A.DONT_KNOW && questionById(k)) answers[k] = A.DONT_KNOW;
      });
    }
    return { answers: answers, ok: checked.problems.length === 0 };
  }

  function scorable(answers) {
    var out = {};
    Object.keys(answers).forEach(function (k) { if (answers[k] !== A.DONT_KNOW) out[k] = answers[k]; });
    return out;
  }

  /* A version 1.x result still opens in 2.x; a newer major version does not. */
  function canReadVersion(saved) {
    var major = function (v) { var m = /^\s*(\d+)/.exec(String(v)); return m ? Number(m[1]) : null; };
    var a = major(saved);
    var b = major(c.versie);
    return a !== null && b !== null ? a <= b : String(saved) === String(c.versie);
  }

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
    var graphic = svg('svg', { class: 'bar', viewBox: '0 0 100 10', preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false' });
    graphic.appendChild(svg('rect', { class: 'bar-track', width: '100', height: '10' }));
    graphic.appendChild(svg('rect', { class: 'bar-open', x: String(min), width: String(max - min), height: '10' }));
    graphic.appendChild(svg('rect', { class: 'bar-fill', width: String(min), height: '10' }));
    var value = min === max ? String(min) : s('dimension_range', { min: min, max: max });
    return el('div', { class: 'bar-row' }, [
      el('span', { class: 'bar-label' }, [label]), graphic, el('span', { class: 'bar-value' }, [value])
    ]);
  }

  function stepItem(step) {
    return el('li', { 'data-question': step.question, class: step.knockout ? 'knockout' : '' }, [
      el('strong', {}, [step.question_text]), ' ',
      el('span', { class: 'move' }, [s('step_move', { from: step.option_label, to: step.target_label })]), ' ',
      el('span', { class: 'gain' }, [s('gain', { gain: num(step.gain) })]),
      linkList(step.links)
    ]);
  }

  function adviceItem(a) {
    return el('li', { class: 'level-' + a.level, 'data-question': a.question, 'data-level': a.level }, [
      el('span', { class: 'level' }, [levelLabel(a.level)]), ' ',
      el('strong', {}, [a.question_text]), ' ' + a.option_label,
      el('p', { class: 'advice-text' }, [a.text]),
      linkList(a.links)
    ]);
  }

  function openItem(p) {
    var extra = (p.could_knock_out ? s('open_could_knock_out') + ', ' : '') + s('open_gain', { gain: num(p.gain) });
    return el('li', { 'data-question': p.question }, [
      el('a', { href: '#vraag-' + p.question }, [p.question_text]), ' ',
      el('span', { class: 'gain' }, ['(' + extra + ')']),
      linkList(p.links)
    ]);
  }

  function renderResult(o) {
    var body = document.getElementById('result-body');
    var parts = [];
    var box = el('div', {
      class: 'verdict ' + (o.band ? 'band-' + o.band.id : 'band-open'),
      'data-status': o.status, 'data-score-min': String(o.score_min), 'data-score-max': String(o.score_max),
      'data-band': o.band ? o.band.id : ''
    }, [el('p', { class: 'verdict-line' }, [o.status === 'empty' ? s('result_empty') : verdict(o)])]);
    if (o.status === 'empty') {
      // An empty form invites to start; it never shows a verdict.
      body.replaceChildren(box);
      return;
    }
    if (o.band) {
      box.appendChild(el('p', { class: 'band-title' }, [o.band.title]));
      box.appendChild(el('p', { class: 'band-explanation' }, [o.band.explanation]));
    }
    box.appendChild(el('p', { class: 'coverage' }, [
      s('coverage', { answered: o.answered, total: o.total, coverage: o.coverage })
    ]));
    parts.push(box);
    if (o.status === 'undecided') {
      parts.push(el('p', {}, [s('undecided_intro')]));
      parts.push(el('ul', { class: 'deciding' }, o.open.slice(0, 3).map(function (p) {
        return el('li', {}, [el('a', { href: '#vraag-' + p.question }, [p.question_text])]);
      })));
    }
    parts.push(el('h3', {}, [s('next_steps')]));
    parts.push(o.next_steps.length
      ? el('ol', { class: 'next-steps' }, o.next_steps.map(stepItem))
      : el('p', {}, [s('next_steps_none')]));
    parts.push(el('h3', {}, [s('advice_title')]));
    parts.push(o.advice.length
      ? el('ul', { class: 'advice-list' }, o.advice.map(adviceItem))
      : el('p', {}, [s('advice_none')]));
    parts.push(el('h3', {}, [s('open_points')]));
    if (o.open.length) {
      parts.push(el('p', {}, [s('open_points_intro')]));
      parts.push(el('ul', { class: 'open-points' }, o.open.map(openItem)));
    } else {
      parts.push(el('p', {}, [s('open_points_none')]));
    }
    parts.push(el('h3', {}, [s('dimensions_title')]));
    parts.push(el('div', { class: 'bars' }, o.dimensions.map(function (d) {
      return bar(d.title, d.score_min, d.score_max);
    })));
    body.replaceChildren.apply(body, parts);
  }

  function renderForm(o, answers) {
    o.questions.forEach(function (q) {
      var p = form.querySelector('[data-points-for="' + q.id + '"]');
      if (p) p.textContent = num(q.points) + ' ' + s('points_of') + ' ' + num(q.weight) + ' ' + s('points');
    });
    document.getElementById('progress').textContent =
      s('progress', { n: Object.keys(answers).length, total: qs.length });
    var summary = o.status === 'empty' ? s('result_empty') : verdict(o) + (o.band ? ': ' + o.band.title : '');
    document.getElementById('summary-verdict').textContent = summary;
  }

  /* A guidance page as an address a reader can type from paper. */
  function address(id) {
    var e = entry(id);
    return e ? (siteUrl + e.path).replace(/^https?:\/\//, '') : id;
  }

  function addressList(ids) {
    return (ids || []).length
      ? el('p', { class: 'report-links' }, [s('read_about') + ': ' + ids.map(address).join(' · ')])
      : null;
  }

  function renderReport(o, answers) {
    var report = document.getElementById('rapport');
    var name = nameInput.value.trim();
    var groups = c.dimensies.map(function (d) {
      return el('div', { class: 'report-group' }, [
        el('h4', {}, [d.titel]),
        el('ul', {}, d.vragen.map(function (q) {
          var scoreOf = o.questions.filter(function (x) { return x.id === q.id; })[0];
          var chosen = answers[q.id] && answers[q.id] !== A.DONT_KNOW ? optionLabel(q, answers[q.id]) : s('dont_know');
          return el('li', {}, [q.vraag + ' ', el('strong', {}, [chosen]), ' (' + num(scoreOf.points) + '/' + num(q.gewicht) + ')']);
        }))
      ]);
    });
    var steps = o.next_steps.map(function (step) {
      return el('li', {}, [
        el('strong', {}, [step.question_text]), ' ',
        s('step_move', { from: step.option_label, to: step.target_label }) + ' (' + s('gain', { gain: num(step.gain) }) + ')',
        addressList(step.links)
      ]);
    });
    var advice = o.advice.map(function (a) {
      return el('li', {}, [
        el('strong', {}, ['[' + levelLabel(a.level) + '] ' + a.question_text + ': ']), a.text, addressList(a.links)
      ]);
    });
    var open = o.open.map(function (p) { return el('li', {}, [p.question_text]); });
    report.replaceChildren(
      el('p', { class: 'report-site' }, [siteTitle + ' · ' + siteUrl]),
      el('h2', {}, [c.titel + ' (' + s('report_version') + ' ' + c.versie + ')']),
      el('p', {}, [s('report_innovation') + ': ' + (name || '–') + ' · ' + s('report_date') + ': ' + new Date().toLocaleDateString(lang)]),
      el('p', { class: 'report-score' }, [verdict(o) + (o.band ? ' · ' + o.band.title : '')]),
      o.band ? el('p', {}, [o.band.explanation]) : null,
      el('p', {}, [s('coverage', { answered: o.answered, total: o.total, coverage: o.coverage })]),
      el('div', { class: 'bars' }, o.dimensions.map(function (d) { return bar(d.title, d.score_min, d.score_max); })),
      el('h3', {}, [s('next_steps')]),
      steps.length ? el('ol', {}, steps) : el('p', {}, [s('next_steps_none')]),
      el('h3', {}, [s('advice_title')]),
      advice.length ? el('ul', { class: 'report-advice' }, advice) : el('p', {}, [s('advice_none')]),
      el('h3', {}, [s('open_points')]),
      open.length ? el('ul', {}, open) : el('p', {}, [s('open_points_none')]),
      el('h3', {}, [s('report_answers')]),
      el('div', { class: 'report-answers' }, groups)
    );
  }

  var announceTimer = null;
  /* The live region gets one short sentence, a moment after the last change, so screen
     readers are not flooded on every click. */
  function announce(o, answers) {
    clearTimeout(announceTimer);
    announceTimer = setTimeout(function () {
      var text = s('live_summary', {
        verdict: verdict(o) + (o.band ? ', ' + o.band.title : ''),
        answered: Object.keys(scorable(answers)).length, total: qs.length
      });
      if (o.knockouts.length) {
        text += ' ' + s('live_knockout', { question: questionById(o.knockouts[0]).vraag });
      }
      document.getElementById('result-live').textContent = text;
    }, 700);
  }

  function save(answers) {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ answers: answers, innovatie: nameInput.value }));
    } catch (e) { /* storage off (private mode): the page still works */ }
  }

  function recompute(persist) {
    var start = performance.now();
    var answers = readForm();
    var o = A.score(c, scorable(answers));
    renderResult(o);
    renderForm(o, answers);
    renderReport(o, answers);
    state.outcome = o;
    state.lastMs = performance.now() - start;
    announce(o, answers);
    if (persist !== false) save(answers);
    return o;
  }

  function message(text) {
    document.getElementById('message').textContent = text;
  }

  function exportResult() {
    var answers = readForm();
    var o = recompute();
    var data = {
      checklist: o.checklist,
      version: o.version,
      answers: answers,
      innovatie: nameInput.value.trim(),
      date: new Date().toISOString().slice(0, 10),
      outcome: o
    };
    var blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
    var a = el('a', { href: URL.createObjectURL(blob), download: 'checklist-' + c.id + '-' + data.date + '.json' });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  /* Applies an untrusted result object; changes nothing unless all of it is valid. Scores
     stored in the file are ignored: the outcome is always computed again. */
  function applyImported(data) {
    if (!data || typeof data !== 'object' || Array.isArray(data)) return s('msg_import_bad_json');
    if (data.checklist !== c.id) return s('msg_import_foreign');
    if (data.version !== undefined && !canReadVersion(data.version)) return s('msg_import_version');
    var name = data.innovatie === undefined ? '' : data.innovatie;
    if (typeof name !== 'string' || name.length > MAX_NAME) return s('msg_import_bad_answers');
    var cleaned = clean(data.answers);
    if (!cleaned.ok) return s('msg_import_bad_answers');
    writeForm(cleaned.answers, name);
    recompute();
    return null;
  }

  function importFile(file) {
    var reader = new FileReader();
    reader.onload = function () {
      var data;
      try { data = JSON.parse(String(reader.result)); } catch (e) { message(s('msg_import_bad_json')); return; }
      var problem = applyImported(data);
      message(problem || s('msg_import_ok'));
    };
    reader.onerror = function () { message(s('msg_import_bad_json')); };
    reader.readAsText(file);
  }

  /* Share links carry the answers in the fragment, which browsers never send to a server:
     #checklist=<id>&v=<version>&a=<question>:<option>,...&naam=<name> */
  function shareLink() {
    var answers = readForm();
    var pairs = Object.keys(answers).map(function (k) { return k + ':' + answers[k]; });
    var params = new URLSearchParams();
    params.set('checklist', c.id);
    params.set('v', c.versie);
    params.set('a', pairs.join(','));
    if (nameInput.value.trim()) params.set('naam', nameInput.value.trim());
    return location.href.split('#')[0] + '#' + params.toString();
  }

  function fromFragment(hash) {
    var params = new URLSearchParams(hash.replace(/^#/, ''));
    if (!params.has('a')) return null;
    if (params.get('checklist') !== c.id) return { error: true };
    if (params.has('v') && !canReadVersion(params.get('v'))) return { error: true };
    var raw = {};
    var text = params.get('a') || '';
    if (text.length > 4000) return { error: true };
    var bad = false;
    text.split(',').filter(Boolean).forEach(function (pair) {
      var i = pair.indexOf(':');
      if (i < 1) { bad = true; return; }
      raw[pair.slice(0, i)] = pair.slice(i + 1);
    });
    var name = params.get('naam') || '';
    if (bad || name.length > MAX_NAME) return { error: true };
    var cleaned = clean(raw);
    if (!cleaned.ok) return { error: true };
    return { answers: cleaned.answers, name: name };
  }

  function loadStored() {
    try {
      var raw = localStorage.getItem(storageKey);
      if (!raw) return null;
      var data = JSON.parse(raw);
      var name = typeof data.innovatie === 'string' ? data.innovatie.slice(0, MAX_NAME) : '';
      return { answers: clean(data.answers).answers, name: name };
    } catch (e) {
      return null;
    }
  }

  var weights = document.getElementById('show-weights');
  function applyWeights() { form.classList.toggle('show-weights', weights.checked); }
  weights.addEventListener('change', applyWeights);
  applyWeights();

  form.addEventListener('change', function (e) { if (e.target !== weights) recompute(); });
  nameInput.addEventListener('input', function () { recompute(); });
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  document.getElementById('action-print').addEventListener('click', function () { recompute(); window.print(); });
  document.getElementById('action-export').addEventListener('click', exportResult);
  document.getElementById('action-import').addEventListener('change', function (e) {
    if (e.target.files && e.target.files[0]) importFile(e.target.files[0]);
    e.target.value = '';
  });
  document.getElementById('action-share').addEventListener('click', function () {
    var link = shareLink();
    var box = document.getElementById('share');
    var input = document.getElementById('share-link');
    box.hidden = false;
    input.value = link;
    input.focus();
    input.select();
  });
  document.getElementById('action-copy').addEventListener('click', function () {
    var input = document.getElementById('share-link');
    var done = function () { message(s('msg_link_copied')); };
    var manual = function () { input.select(); message(s('msg_link_manual')); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(input.value).then(done, manual);
    } else {
      manual();
    }
  });
  document.getElementById('action-clear').addEventListener('click', function () {
    if (!window.confirm(s('clear_confirm'))) return;
    writeForm({}, '');
    try { localStorage.removeItem(storageKey); } catch (e) { /* ignore */ }
    if (location.hash) history.replaceState(null, '', location.href.split('#')[0]);
    recompute(false);
    message(s('msg_cleared'));
  });
  window.addEventListener('hashchange', function () {
    var shared = fromFragment(location.hash);
    if (!shared) return;
    if (shared.error) { message(s('msg_link_bad')); return; }
    writeForm(shared.answers, shared.name);
    recompute();
    message(s('msg_link_loaded'));
  });

  var shared = fromFragment(location.hash);
  var stored = loadStored();
  if (shared && !shared.error) {
    writeForm(shared.answers, shared.name);
    recompute();
    message(s('msg_link_loaded'));
  } else {
    if (stored) writeForm(stored.answers, stored.name);
    recompute(false);
    if (shared && shared.error) message(s('msg_link_bad'));
  }
})();
