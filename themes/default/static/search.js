/* leidraad site search. The index is a set of scripts under search/ (built by
   src/search.rs), loaded with <script> elements the first time the field gets focus:
   over file:// a browser refuses fetch but runs a script from the same folder. Words are
   normalised by dutch.js exactly as the index was. Nothing leaves the browser.
   Under Node (the parity test) it exports the engine and draws nothing. */
(function () {
  'use strict';

  var inBrowser = typeof document !== 'undefined';
  var me = inBrowser ? document.currentScript : null;
  var base = me ? me.src.replace(/static\/search\.js([?#].*)?$/, '') : '';
  var HEADER_RESULTS = 8;
  var global = typeof window !== 'undefined' ? window : globalThis;

  /* ---- Loading the index ---- */
  /* Maps, never plain objects, wherever a name or a query word is a key: a word such as
     "constructor" must not find Object.prototype. */
  var loaded = new Map();
  var waiting = new Map();
  global.leidraadSearch = {
    add: function (name, data) {
      loaded.set(name, data);
      (waiting.get(name) || []).forEach(function (f) { f(); });
      waiting.delete(name);
    }
  };

  function loadScript(url, name, done) {
    if (loaded.has(name)) return Promise.resolve(loaded.get(name));
    return new Promise(function (resolve, reject) {
      if (!waiting.has(name)) waiting.set(name, []);
      waiting.get(name).push(function () { resolve(loaded.get(name)); });
      if (document.querySelector('script[data-search="' + name + '"]')) return;
      var s = document.createElement('script');
      s.src = url;
      s.dataset.search = name;
      s.onload = function () { if (done) done(); };
      s.onerror = function () { reject(new Error('cannot load ' + url)); };
      document.head.appendChild(s);
    });
  }

  function part(name) { return loadScript(base + 'search/' + name + '.js', name); }

  var ready = null;
  function start() {
    if (!ready) {
      var dutch = loadScript(base + 'static/dutch.js', 'dutch', function () {
        global.leidraadSearch.add('dutch', global.leidraadDutch);
      });
      ready = Promise.all([dutch, part('meta')]).then(function (r) { return engine(r[0], r[1]); });
    }
    return ready;
  }

  /* ---- The engine: src/search/query.rs answers the same, for the tests ---- */
  var MAX_TERMS = 30;
  var FIELD_WORDS = 1;
  var FIRST_SECTION = 2;

  /* Optimal string alignment distance: letters added, dropped, changed or swapped. */
  function distance(a, b) {
    var w = b.length + 1;
    var d = new Array((a.length + 1) * w);
    var i, j;
    for (i = 0; i <= a.length; i++) d[i * w] = i;
    for (j = 0; j < w; j++) d[j] = j;
    for (i = 1; i <= a.length; i++) {
      for (j = 1; j <= b.length; j++) {
        var v = Math.min(d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1,
          d[(i - 1) * w + j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * w + j - 2] + 1);
        d[i * w + j] = v;
      }
    }
    return d[a.length * w + b.length];
  }

  /* A typed word ending in a double vowel without the last one: "zorgkantoo" goes on as
     "zorgkanto", since the stemmer makes "kantoor" "kantor". */
  function undoubled(word) {
    var n = word.length;
    return n >= 2 && word[n - 1] === word[n - 2] && 'aeou'.indexOf(word[n - 1]) >= 0 ? word.slice(0, -1) : word;
  }

  /* The first of the nearest words: one edit for words up to four letters, two above. */
  function suggest(word, words) {
    var w = Array.from(word);
    if (w.length < 3) return null;
    var max = w.length <= 4 ? 1 : 2;
    var best = null;
    var bestD = max + 1;
    for (var i = 0; i < words.length; i++) {
      var v = Array.from(words[i]);
      if (Math.abs(v.length - w.length) > max) continue;
      var d = distance(w, v);
      if (d < bestD) { bestD = d; best = words[i]; }
    }
    return best;
  }

  function engine(D, meta) {
    var stop = new Set(meta.stop);
    var bounds = meta.bounds;
    /* Stemming is the costly part of a query; words repeat, so each is stemmed once. */
    var stems = new Map();
    function stem(w) {
      var s = stems.get(w);
      if (s === undefined) { s = D.stem(w); stems.set(w, s); }
      return s;
    }
    /* A term shard as a sorted list of its stems and a Map from stem to postings. */
    var shards = new Map();
    function shard(k) {
      var s = shards.get(k);
      if (!s) {
        var data = loaded.get('terms-' + k) || [];
        s = { keys: data.map(function (e) { return e[0]; }), map: new Map(data) };
        shards.set(k, s);
      }
      return s;
    }
    function shardOf(s) {
      var lo = 0;
      var hi = bounds.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (bounds[mid] <= s) lo = mid + 1; else hi = mid;
      }
      return lo;
    }
    function lowerBound(keys, p) {
      var lo = 0;
      var hi = keys.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (keys[mid] < p) lo = mid + 1; else hi = mid;
      }
      return lo;
    }

    /* The query's words: stems, the last one matched as a prefix while it is typed. */
    function parse(q) {
      var words = D.words(q).filter(function (w) { return !stop.has(w); }).slice(0, MAX_TERMS);
      var typing = !/\s$/.test(q);
      return words.map(function (w, i) {
        return { word: w, stem: stem(w), prefix: typing && i === words.length - 1 && w.length >= 2 };
      });
    }

    /* The shorter stems a typed word has passed ("aanbestedi" has passed "aanbested"). */
    function passed(word) {
      var out = [];
      for (var n = Math.max(2, word.length - 3); n <= word.length; n++) out.push(word.slice(0, n));
      return out;
    }

    function shardsFor(terms) {
      var need = new Set();
      terms.forEach(function (t) {
        need.add(shardOf(t.stem));
        if (!t.prefix) return;
        [t.stem, t.word, undoubled(t.word)].forEach(function (p) {
          for (var k = shardOf(p); k <= shardOf(p + '\uffff'); k++) need.add(k);
        });
        passed(t.word).forEach(function (p) { need.add(shardOf(p)); });
      });
      return Array.from(need).map(function (k) { return 'terms-' + k; });
    }

    function exact(s) { return shard(shardOf(s)).map.has(s); }

    /* The stems a term matches as a word the index knows: its stem, and while typed
       the stems that go on from its stem or from the word. None: the word is unknown. */
    function knownStems(term) {
      var out = new Set();
      if (exact(term.stem)) out.add(term.stem);
      if (term.prefix) {
        [term.stem, term.word, undoubled(term.word)].forEach(function (p) {
          for (var k = shardOf(p); k <= shardOf(p + '\uffff'); k++) {
            var keys = shard(k).keys;
            for (var i = lowerBound(keys, p); i < keys.length && keys[i].indexOf(p) === 0; i++) out.add(keys[i]);
          }
        });
      }
      return out;
    }

    /* Those, and while typed the shorter stems the word has passed. */
    function stemsFor(term) {
      var out = knownStems(term);
      if (term.prefix) passed(term.word).forEach(function (p) { if (exact(p)) out.add(p); });
      return Array.from(out);
    }

    function postings(s) { return shard(shardOf(s)).map.get(s) || []; }

    /* Ranking: query words in the title or search words, a glossary entry for a
       one-word query, a title the query covers, query words found, occurrences; footer
       pages last. */
    function rank(terms) {
      if (!terms.length) return [];
      var hits = new Map();
      terms.forEach(function (term, qi) {
        stemsFor(term).forEach(function (s) {
          var p = postings(s);
          var doc = 0;
          for (var i = 0; i < p.length; i += 3) {
            doc += p[i];
            var h = hits.get(doc);
            if (!h) { h = { mask: 0, title: 0, tf: 0, titleStems: new Set(), secs: new Map() }; hits.set(doc, h); }
            h.mask |= 1 << qi;
            if (p[i + 1] <= FIELD_WORDS) {
              h.title |= 1 << qi;
              if (p[i + 1] === 0) h.titleStems.add(s);
            } else {
              h.tf += p[i + 2];
              var sec = p[i + 1] - FIRST_SECTION;
              h.secs.set(sec, (h.secs.get(sec) || 0) + p[i + 2]);
            }
          }
        });
      });
      var all = terms.length >= 32 ? -1 : (1 << terms.length) - 1;
      var out = [];
      hits.forEach(function (h, doc) {
        var flags = meta.flags[doc];
        var titleTerms = flags >> 2;
        var covered = titleTerms > 0 && h.titleStems.size === titleTerms && h.title === all;
        var score = bits(h.title) * 1000 +
          (terms.length === 1 && (flags & 1) && h.title ? 500 : 0) +
          (covered ? 300 : 0) +
          bits(h.mask) * 100 +
          Math.min(h.tf, 99);
        var best = 0;
        var bestN = 0;
        h.secs.forEach(function (n, s) { if (n > bestN || (n === bestN && s < best)) { best = s; bestN = n; } });
        out.push({ doc: doc, score: score, section: best, footer: (flags & 2) ? 1 : 0 });
      });
      out.sort(function (a, b) { return a.footer - b.footer || b.score - a.score || a.doc - b.doc; });
      return out;
    }

    function bits(m) { var n = 0; while (m) { n += m & 1; m >>>= 1; } return n; }

    function textOf(doc) {
      var text = loaded.get('text-' + Math.floor(doc / meta.textShard));
      return text ? text[1][doc - text[0]] : null;
    }

    /* What a result shows: kind, title, heading, an excerpt with the words marked. */
    function describe(r, terms) {
      var d = textOf(r.doc) || ['', '', '', []];
      var sec = d[3][r.section] || d[3][0] || null;
      var anchor = sec ? sec[0] : '';
      return {
        kind: d[0],
        title: d[1],
        heading: sec && sec[1] && sec[1] !== d[1] ? sec[1] : '',
        href: base + d[2] + (anchor ? '#' + encodeURIComponent(anchor) : ''),
        excerpt: sec ? excerpt(sec[2], terms) : [],
        score: r.score
      };
    }

    function matches(term, s) {
      if (s === term.stem) return true;
      if (!term.prefix) return false;
      return s.indexOf(term.stem) === 0 || s.indexOf(term.word) === 0 ||
        (s.length >= term.word.length - 3 && term.word.indexOf(s) === 0);
    }

    /* Pieces of text around the first matched word: [text, marked] pairs. */
    function excerpt(text, query) {
      var re = /[\p{L}\p{N}]+/gu;
      var found = [];
      var m;
      while ((m = re.exec(text)) && found.length < 40) {
        var hit = D.words(m[0]).some(function (w) {
          var st = stem(w);
          return query.some(function (t) { return matches(t, st); });
        });
        if (hit) found.push([m.index, m.index + m[0].length]);
      }
      var from = 0;
      if (found.length) {
        from = Math.max(0, found[0][0] - 60);
        if (from > 0) {
          var space = text.indexOf(' ', from);
          if (space >= 0 && space < found[0][0]) from = space + 1;
        }
      }
      var to = Math.min(text.length, from + 220);
      if (to < text.length) {
        var cut = text.lastIndexOf(' ', to);
        if (cut > from + 120) to = cut;
      }
      var out = [];
      var at = from;
      if (from > 0) out.push(['…', false]);
      found.forEach(function (f) {
        if (f[0] < at || f[1] > to) return;
        out.push([text.slice(at, f[0]), false]);
        out.push([text.slice(f[0], f[1]), true]);
        at = f[1];
      });
      out.push([text.slice(at, to), false]);
      if (to < text.length) out.push(['…', false]);
      return out;
    }

    function loadTerms(terms) { return Promise.all(shardsFor(terms).map(part)); }

    /* A word the index does not know is replaced by the nearest indexed word. */
    function correct(terms) {
      /* The words are loaded only when a suggestion can be made (three letters or more). */
      var unknown = terms.filter(function (t) { return !knownStems(t).size && t.word.length >= 3; });
      if (!unknown.length) return Promise.resolve({ terms: terms, suggested: [] });
      return part('words').then(function (words) {
        var suggested = [];
        var fixed = terms.map(function (t) {
          if (knownStems(t).size) return t;
          var s = suggest(t.word, words);
          if (!s) return t;
          suggested.push([t.word, s]);
          return { word: s, stem: stem(s), prefix: false };
        });
        return loadTerms(fixed).then(function () { return { terms: fixed, suggested: suggested }; });
      });
    }

    /* Answers a query: ranked results, described once their text shards are in. */
    function query(q, limit) {
      var parsed = parse(q);
      return loadTerms(parsed).then(function () { return correct(parsed); }).then(function (c) {
        var ranked = rank(c.terms);
        var shown = ranked.slice(0, limit || ranked.length);
        var need = new Set(shown.map(function (r) { return 'text-' + Math.floor(r.doc / meta.textShard); }));
        return Promise.all(Array.from(need).map(part)).then(function () {
          return {
            total: ranked.length,
            results: shown.map(function (r) { return describe(r, c.terms); }),
            suggested: c.suggested,
            corrected: c.terms.map(function (t) { return t.word; }).join(' ')
          };
        });
      });
    }

    var api = {
      query: query,
      /* For tests: the ranking alone, as src/search/query.rs gives it. */
      rank: function (q) {
        var parsed = parse(q);
        return loadTerms(parsed).then(function () { return correct(parsed); }).then(function (c) {
          return { hits: rank(c.terms).map(function (r) { return [r.doc, r.score, r.section]; }), suggested: c.suggested };
        });
      },
      suggest: function (w) { return part('words').then(function (words) { return suggest(w, words); }); },
      /* For benchmarks: rank only, the needed shards already loaded. */
      rankNow: function (q) { return rank(parse(q)).length; },
      need: function (q) { return loadTerms(parse(q)); }
    };
    global.leidraadSearch.engine = api;
    return api;
  }

  if (typeof module !== 'undefined' && module.exports) {
    module.exports = {
      engine: engine, suggest: suggest, distance: distance, add: global.leidraadSearch.add,
      get: function (name) { return loaded.get(name); }
    };
  }
  if (!inBrowser) return;
  var header = document.querySelector('form.site-search');
  var pageForm = document.getElementById('zoekpagina');
  if (!header && !pageForm) return;
  document.documentElement.classList.add('js');
  var strings = (header || pageForm).dataset;

  /* ---- Drawing results ---- */
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }

  function excerptNodes(pieces) {
    return pieces.map(function (p) { return p[1] ? el('mark', {}, [p[0]]) : document.createTextNode(p[0]); });
  }

  function countText(total, q) {
    var key = total === 0 ? 'none' : total === 1 ? 'one' : 'many';
    return (strings[key] || '').replace('{n}', String(total)).replace('{q}', q.trim());
  }

  /* "Bedoelt u „leverancier”?", from the theme's strings. */
  function suggestText(q) {
    return (strings.suggest || 'Bedoelt u „{q}”?').replace('{q}', q.trim());
  }

  function resultsUrl(q) {
    var action = (header || pageForm).getAttribute('action');
    return new URL(action, location.href).href.replace(/[?#].*$/, '') + '?q=' + encodeURIComponent(q.trim());
  }

  /* ---- The field in the header: a combobox with a list of results ---- */
  if (header) {
    header.hidden = false;
    var input = header.querySelector('input');
    var list = header.querySelector('[role=listbox]');
    var status = header.querySelector('[role=status]');
    var active = -1;
    var items = [];
    var serial = 0;

    var close = function () {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    };
    var setActive = function (i) {
      items.forEach(function (it, n) {
        it.classList.toggle('active', n === i);
        it.setAttribute('aria-selected', n === i ? 'true' : 'false');
      });
      active = i;
      if (i >= 0) {
        input.setAttribute('aria-activedescendant', items[i].id);
        items[i].scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    };
    var go = function (href) { location.href = href; };
    var show = function (q, answer) {
      list.textContent = '';
      var shownQ = answer.suggested.length ? answer.corrected : q;
      items = answer.results.map(function (r, n) {
        var li = el('li', { role: 'option', id: 'zoekoptie-' + n, 'aria-selected': 'false', class: 'search-option' }, [
          el('span', { class: 'result-kind' }, [r.kind]),
          el('span', { class: 'result-title' }, [r.title + (r.heading ? ' › ' + r.heading : '')]),
          el('span', { class: 'result-excerpt' }, excerptNodes(r.excerpt))
        ]);
        li.dataset.href = r.href;
        return li;
      });
      if (answer.suggested.length && answer.total > 0) {
        var hint = el('li', { role: 'option', id: 'zoekoptie-suggestie', 'aria-selected': 'false', class: 'search-option search-suggestion' },
          [suggestText(answer.corrected)]);
        hint.dataset.href = resultsUrl(answer.corrected);
        items.unshift(hint);
      }
      if (answer.total > 0) {
        var all = el('li', { role: 'option', id: 'zoekoptie-alle', 'aria-selected': 'false', class: 'search-option search-all' },
          [(strings.all || '').replace('{n}', String(answer.total))]);
        all.dataset.href = resultsUrl(shownQ);
        items.push(all);
      } else {
        items.push(el('li', { role: 'option', id: 'zoekoptie-geen', 'aria-disabled': 'true', class: 'search-option search-none' }, [countText(0, q)]));
      }
      items.forEach(function (it) { list.appendChild(it); });
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      active = -1;
      status.textContent = (answer.suggested.length && answer.total ? suggestText(answer.corrected) + ' ' : '') + countText(answer.total, shownQ);
    };
    var update = function () {
      var q = input.value;
      var n = ++serial;
      if (q.trim().length < 2) {
        close();
        status.textContent = q.trim() ? strings.short || '' : '';
        return;
      }
      start().then(function (engine) { return engine.query(q, HEADER_RESULTS); }).then(function (answer) {
        if (n === serial && document.activeElement === input) show(q, answer);
      }).catch(function () { /* index missing: the field stays quiet */ });
    };

    input.addEventListener('focus', function () { start(); if (input.value.trim().length >= 2) update(); });
    /* A short pause before searching: while a word is typed quickly, the results (and
       their texts) of every letter are not loaded. */
    var typingTimer = 0;
    input.addEventListener('input', function () { clearTimeout(typingTimer); typingTimer = setTimeout(update, 150); });
    input.addEventListener('keydown', function (e) {
      var open = !list.hidden;
      if (e.key === 'ArrowDown' && open) {
        e.preventDefault();
        setActive(active + 1 >= items.length ? 0 : active + 1);
      } else if (e.key === 'ArrowUp' && open) {
        e.preventDefault();
        setActive(active <= 0 ? items.length - 1 : active - 1);
      } else if (e.key === 'Escape') {
        if (open) { close(); e.preventDefault(); } else if (input.value) { input.value = ''; e.preventDefault(); }
      } else if (e.key === 'Enter') {
        e.preventDefault();
        var it = items[active];
        if (open && it && it.dataset.href) go(it.dataset.href);
        else if (input.value.trim()) go(resultsUrl(input.value));
      }
    });
    list.addEventListener('mousedown', function (e) { e.preventDefault(); });
    list.addEventListener('click', function (e) {
      var li = e.target.closest('[role=option]');
      if (li && li.dataset.href) go(li.dataset.href);
    });
    input.addEventListener('blur', function () { setTimeout(close, 0); });
    header.addEventListener('submit', function (e) {
      e.preventDefault();
      if (input.value.trim()) go(resultsUrl(input.value));
    });
  }

  /* ---- The results page ---- */
  if (pageForm) {
    var field = document.getElementById('zoekterm');
    var count = document.getElementById('zoektelling');
    var ol = document.getElementById('zoeklijst');
    var pageSerial = 0;
    var params = new URLSearchParams(location.search);
    field.value = params.get('q') || '';

    var suggestion = document.getElementById('zoeksuggestie');
    var more = document.getElementById('zoekmeer');
    var PAGE = 20;
    var shown = PAGE;
    var render = function () {
      var q = field.value;
      var n = ++pageSerial;
      if (history.replaceState && location.protocol !== 'file:') {
        history.replaceState(null, '', q.trim() ? '?q=' + encodeURIComponent(q.trim()) : location.pathname);
      }
      if (q.trim().length < 2) {
        ol.textContent = '';
        suggestion.hidden = true;
        more.hidden = true;
        count.textContent = q.trim() ? strings.short || '' : '';
        return;
      }
      /* Only the results shown load their text: PAGE at a time. */
      start().then(function (engine) { return engine.query(q, shown); }).then(function (answer) {
        if (n !== pageSerial) return;
        ol.textContent = '';
        answer.results.forEach(function (r) {
          ol.appendChild(el('li', { class: 'search-result' }, [
            el('p', { class: 'result-kind' }, [r.kind]),
            el('a', { class: 'result-title', href: r.href }, [r.title + (r.heading ? ' › ' + r.heading : '')]),
            el('p', { class: 'result-excerpt' }, excerptNodes(r.excerpt))
          ]));
        });
        var fixed = answer.suggested.length > 0 && answer.total > 0;
        suggestion.hidden = !fixed;
        suggestion.textContent = fixed ? suggestText(answer.corrected) : '';
        more.hidden = answer.total <= answer.results.length;
        count.textContent = countText(answer.total, fixed ? answer.corrected : q);
      });
    };
    more.addEventListener('click', function () { shown += PAGE; render(); });
    var timer = 0;
    field.addEventListener('input', function () { clearTimeout(timer); shown = PAGE; timer = setTimeout(render, 120); });
    pageForm.addEventListener('submit', function (e) { e.preventDefault(); shown = PAGE; render(); });
    render();
  }
})();
