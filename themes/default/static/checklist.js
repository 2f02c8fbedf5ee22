/* leidraad interactive checklist. Scores with assess.js as the visitor answers, keeps the
   answers in this browser only (localStorage), and exports, imports and shares them
   without any server. Everything that comes from outside the page (stored answers,
   imported files, shared links, the innovation name) is validated and inserted as text. */
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

  function questionById(id) {
    for (var i = 0; i < qs.length; i++) if (qs[i].id === id) return qs[i];
    return null;
  }

  function optionLabel(q, id) {
    if (id === A.DONT_KNOW) return s('dont_know');
    for (var i = 0; i < q.opties.length; i++) if (q.opties[i].id === id) return q.opties[i].label;
    return '';
  }

  function bandOf(id) {
    for (var i = 0; i < c.banden.length; i++) if (c.banden[i].id === id) return c.banden[i];
    return { id: id, titel: id, uitleg: '' };
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

  function linkList(ids) {
    var items = [];
    (ids || []).forEach(function (id) {
      var e = Object.prototype.hasOwnProperty.call(entries, id) ? entries[id] : null;
      if (e) items.push(el('li', {}, [el('a', { href: rootPrefix + e.path }, [e.title])]));
    });
    return items.length ? el('ul', { class: 'advice-links' }, items) : null;
  }

  function bar(label, value) {
    var fill = el('span', { class: 'bar-fill' });
    fill.style.width = Math.max(0, Math.min(100, value)) + '%';
    return el('div', { class: 'bar-row' }, [
      el('span', { class: 'bar-label' }, [label]),
      el('span', { class: 'bar', 'aria-hidden': 'true' }, [fill]),
      el('span', { class: 'bar-value' }, [num(value)])
    ]);
  }

  function answeredCount(answers) {
    return Object.keys(answers).length;
  }

  function renderResult(outcome, answers) {
    var body = document.getElementById('result-body');
    var band = bandOf(outcome.band);
    var parts = [];
    parts.push(el('div', { class: 'score-box band-' + band.id }, [
      el('p', { class: 'score-line' }, [
        el('span', { class: 'score-number' }, [num(outcome.score)]),
        ' ' + s('score_of')
      ]),
      el('p', { class: 'band-title' }, [band.titel]),
      el('p', { class: 'band-explanation' }, [band.uitleg])
    ]));
    if (outcome.knockouts.length) {
      var koItems = outcome.knockouts.map(function (qid) {
        var q = questionById(qid);
        var a = outcome.advice.filter(function (x) { return x.question === qid; })[0];
        return el('li', {}, [
          el('strong', {}, [q.vraag]), ' ', optionLabel(q, answers[qid]) + '. ',
          a ? a.text : '', a ? linkList(a.links) : null
        ]);
      });
      parts.push(el('div', { class: 'knockout' }, [
        el('h3', {}, [s('knockout_title')]), el('p', {}, [s('knockout_intro')]), el('ul', {}, koItems)
      ]));
    }
    parts.push(el('h3', {}, [s('next_steps')]));
    if (outcome.next_steps.length) {
      parts.push(el('ol', { class: 'next-steps' }, outcome.next_steps.map(function (step) {
        var q = questionById(step.question);
        return el('li', {}, [
          q.vraag + ' ', el('span', { class: 'target' }, [s('best_answer') + ' ' + optionLabel(q, step.option)]),
          ' ', el('span', { class: 'gain' }, [s('gain', { gain: num(step.gain) })])
        ]);
      })));
    } else {
      parts.push(el('p', {}, [s('next_steps_none')]));
    }
    parts.push(el('h3', {}, [s('dimensions_title')]));
    parts.push(el('div', { class: 'bars' }, outcome.dimensions.map(function (d, i) {
      return bar(c.dimensies[i].titel, d.score);
    })));
    parts.push(el('h3', {}, [s('weak_points')]));
    if (outcome.advice.length) {
      parts.push(el('ul', { class: 'weak-points' }, outcome.advice.map(function (a) {
        var q = questionById(a.question);
        return el('li', {}, [
          el('strong', {}, [q.vraag]), ' ', el('span', { class: 'chosen' }, [optionLabel(q, a.option)]),
          el('p', {}, [a.text]), linkList(a.links)
        ]);
      })));
    } else {
      parts.push(el('p', {}, [s('weak_points_none')]));
    }
    parts.push(el('h3', {}, [s('open_points')]));
    if (outcome.open.length) {
      parts.push(el('p', {}, [s('open_points_intro')]));
      parts.push(el('ul', { class: 'open-points' }, outcome.open.map(function (qid) {
        return el('li', {}, [el('a', { href: '#vraag-' + qid }, [questionById(qid).vraag])]);
      })));
    } else {
      parts.push(el('p', {}, [s('open_points_none')]));
    }
    body.replaceChildren.apply(body, parts);

    outcome.questions.forEach(function (qs_) {
      var p = form.querySelector('[data-points-for="' + qs_.id + '"]');
      if (p) p.textContent = num(qs_.points) + ' ' + s('points_of') + ' ' + num(qs_.weight) + ' ' + s('points');
    });
    document.getElementById('progress').textContent =
      s('progress', { n: answeredCount(answers), total: qs.length });
  }

  function renderReport(outcome, answers) {
    var report = document.getElementById('rapport');
    var band = bandOf(outcome.band);
    var name = nameInput.value.trim();
    var rows = [];
    c.dimensies.forEach(function (d) {
      rows.push(el('tr', { class: 'report-dimension' }, [el('th', { colspan: '3' }, [d.titel])]));
      d.vragen.forEach(function (q) {
        var scoreOf = outcome.questions.filter(function (x) { return x.id === q.id; })[0];
        rows.push(el('tr', {}, [
          el('td', {}, [q.vraag]),
          el('td', {}, [answers[q.id] ? optionLabel(q, answers[q.id]) : s('not_answered')]),
          el('td', {}, [num(scoreOf.points) + ' / ' + num(q.gewicht)])
        ]));
      });
    });
    var weak = outcome.advice.map(function (a) {
      var q = questionById(a.question);
      return el('li', {}, [el('strong', {}, [q.vraag + ': ']), a.text]);
    });
    var open = outcome.open.map(function (qid) { return el('li', {}, [questionById(qid).vraag]); });
    report.replaceChildren(
      el('h2', {}, [s('report_title') + ': ' + c.titel]),
      el('p', {}, [s('report_innovation') + ': ' + (name || '–')]),
      el('p', {}, [s('report_date') + ': ' + new Date().toLocaleDateString(lang)]),
      el('p', { class: 'report-score' }, [s('score_label') + ': ' + num(outcome.score) + ' ' + s('score_of') + ' · ' + band.titel]),
      el('p', {}, [band.uitleg]),
      el('div', { class: 'bars' }, outcome.dimensions.map(function (d, i) { return bar(c.dimensies[i].titel, d.score); })),
      el('h3', {}, [s('weak_points')]),
      weak.length ? el('ul', {}, weak) : el('p', {}, [s('weak_points_none')]),
      el('h3', {}, [s('open_points')]),
      open.length ? el('ul', {}, open) : el('p', {}, [s('open_points_none')]),
      el('h3', {}, [s('report_answers')]),
      el('table', {}, [
        el('thead', {}, [el('tr', {}, [el('th', {}, [s('report_question')]), el('th', {}, [s('report_answer')]), el('th', {}, [s('points')])])]),
        el('tbody', {}, rows)
      ])
    );
  }

  var announceTimer = null;
  /* The live region gets one short sentence, a moment after the last change, so screen
     readers are not flooded on every click. */
  function announce(outcome, answers) {
    clearTimeout(announceTimer);
    announceTimer = setTimeout(function () {
      var text = s('live_summary', {
        score: num(outcome.score), band: bandOf(outcome.band).titel,
        answered: answeredCount(answers), total: qs.length
      });
      if (outcome.knockouts.length) {
        text += ' ' + s('live_knockout', { question: questionById(outcome.knockouts[0]).vraag });
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
    var scored = {};
    Object.keys(answers).forEach(function (k) { if (answers[k] !== A.DONT_KNOW) scored[k] = answers[k]; });
    var outcome = A.score(c, scored);
    renderResult(outcome, answers);
    renderReport(outcome, answers);
    state.outcome = outcome;
    state.lastMs = performance.now() - start;
    announce(outcome, answers);
    if (persist !== false) save(answers);
    return outcome;
  }

  function message(text) {
    document.getElementById('message').textContent = text;
  }

  function exportResult() {
    var answers = readForm();
    var outcome = recompute();
    var data = {
      checklist: outcome.checklist,
      version: outcome.version,
      score: outcome.score,
      band: outcome.band,
      dimensions: outcome.dimensions,
      knockouts: outcome.knockouts,
      open: outcome.open,
      advice: outcome.advice,
      next_steps: outcome.next_steps,
      questions: outcome.questions,
      answers: answers,
      innovatie: nameInput.value.trim(),
      date: new Date().toISOString().slice(0, 10)
    };
    var blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
    var a = el('a', { href: URL.createObjectURL(blob), download: 'checklist-' + c.id + '-' + data.date + '.json' });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  /* Applies an untrusted result object; changes nothing unless all of it is valid. */
  function applyImported(data) {
    if (!data || typeof data !== 'object' || Array.isArray(data)) return s('msg_import_bad_json');
    if (data.checklist !== c.id) return s('msg_import_foreign');
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
     #checklist=<id>&a=<question>:<option>,...&naam=<name> */
  function shareLink() {
    var answers = readForm();
    var pairs = Object.keys(answers).map(function (k) { return k + ':' + answers[k]; });
    var params = new URLSearchParams();
    params.set('checklist', c.id);
    params.set('a', pairs.join(','));
    if (nameInput.value.trim()) params.set('naam', nameInput.value.trim());
    return location.href.split('#')[0] + '#' + params.toString();
  }

  function fromFragment(hash) {
    var params = new URLSearchParams(hash.replace(/^#/, ''));
    if (!params.has('a')) return null;
    if (params.get('checklist') !== c.id) return { error: true };
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

  form.addEventListener('change', function () { recompute(); });
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
