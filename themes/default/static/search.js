/* leidraad site search. The index is a set of scripts under search/ (built by
   src/search.rs), loaded with <script> elements the first time the field gets focus:
   over file:// a browser refuses fetch but runs a script from the same folder. Words are
   normalised by dutch.js exactly as the index was. Nothing leaves the browser. */
(function () {
  'use strict';

  var header = document.querySelector('form.site-search');
  var pageForm = document.getElementById('zoekpagina');
  if (!header && !pageForm) return;
  document.documentElement.classList.add('js');

  var me = document.currentScript;
  var base = me ? me.src.replace(/static\/search\.js([?#].*)?$/, '') : '';
  var strings = (header || pageForm).dataset;
  var HEADER_RESULTS = 8;

  /* ---- Loading the index ---- */
  var loaded = {};
  var waiting = {};
  window.leidraadSearch = {
    add: function (name, data) {
      loaded[name] = data;
      (waiting[name] || []).forEach(function (f) { f(); });
      delete waiting[name];
    }
  };

  function loadScript(url, name, done) {
    if (name in loaded) return Promise.resolve(loaded[name]);
    return new Promise(function (resolve, reject) {
      (waiting[name] = waiting[name] || []).push(function () { resolve(loaded[name]); });
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
        window.leidraadSearch.add('dutch', window.leidraadDutch);
      });
      ready = Promise.all([dutch, part('meta')]).then(function (r) { return prepare(r[0], r[1]); });
    }
    return ready;
  }

  /* ---- The engine ---- */
  function prepare(D, meta) {
    var stop = new Set(meta.stop);
    /* Stemming is the costly part of a query; words repeat, so each is stemmed once. */
    var stems = new Map();
    function stem(w) {
      var s = stems.get(w);
      if (s === undefined) { s = D.stem(w); stems.set(w, s); }
      return s;
    }
    function terms(text) { return D.words(text).map(stem); }
    var firsts = meta.docs.map(function (d) { return d[4]; });
    var titles = meta.docs.map(function (d) {
      return terms(d[1]).filter(function (t) { return !stop.has(t); });
    });
    var sortedKeys = {};
    function keysOf(shard) {
      if (!sortedKeys[shard]) sortedKeys[shard] = Object.keys(loaded['terms-' + shard]).sort();
      return sortedKeys[shard];
    }
    function shardOf(stem) {
      var a = stem.codePointAt(0) || 0;
      var rest = stem.slice(String.fromCodePoint(a).length);
      var b = rest ? rest.codePointAt(0) : 0;
      return (a * 31 + b) % meta.termShards;
    }
    function docOf(section) {
      var lo = 0;
      var hi = firsts.length - 1;
      while (lo < hi) {
        var mid = (lo + hi + 1) >> 1;
        if (firsts[mid] <= section) lo = mid; else hi = mid - 1;
      }
      return lo;
    }

    /* The query's words: stems, the last one matched as a prefix while it is typed. */
    function parse(q) {
      var words = D.words(q).filter(function (w) { return !stop.has(stem(w)); });
      var typing = !/\s$/.test(q);
      return words.map(function (w, i) {
        return { word: w, stem: stem(w), prefix: typing && i === words.length - 1 && w.length >= 2 };
      });
    }

    function matches(term, stem) {
      if (stem === term.stem) return true;
      if (!term.prefix) return false;
      /* A word being typed: stems that go on from it, and stems it already passed
         ("aanbestedi" has passed "aanbested"). */
      return stem.indexOf(term.stem) === 0 || stem.indexOf(term.word) === 0 ||
        (stem.length >= term.word.length - 3 && term.word.indexOf(stem) === 0);
    }

    function stemsFor(term) {
      var shard = shardOf(term.stem);
      var list = keysOf(shard);
      var out = [];
      if (!term.prefix) {
        if (loaded['terms-' + shard][term.stem]) out.push([shard, term.stem]);
        return out;
      }
      /* Stems that go on from the stem or from the word as typed (stemming can change
         a word's inside: "inkoop" stems to "inkop", "inkooporganisatie" stays), and the
         shorter stems the word has passed. */
      var seen = new Set();
      var from = function (sh, prefix) {
        var keys = sh === shard ? list : keysOf(sh);
        var lo = 0;
        var hi = keys.length;
        while (lo < hi) {
          var mid = (lo + hi) >> 1;
          if (keys[mid] < prefix) lo = mid + 1; else hi = mid;
        }
        for (var i = lo; i < keys.length && keys[i].indexOf(prefix) === 0; i++) {
          if (!seen.has(keys[i])) { seen.add(keys[i]); out.push([sh, keys[i]]); }
        }
      };
      from(shard, term.stem);
      var wshard = shardOf(term.word);
      if (term.word !== term.stem) from(wshard, term.word);
      if (term.word !== term.stem) {
        for (var n = Math.max(2, term.word.length - 3); n <= term.word.length; n++) {
          var p = term.word.slice(0, n);
          if (!seen.has(p) && loaded['terms-' + wshard][p]) { seen.add(p); out.push([wshard, p]); }
        }
      }
      return out;
    }

    function shardsFor(terms) {
      var need = {};
      terms.forEach(function (t) {
        need[shardOf(t.stem)] = true;
        if (t.prefix) need[shardOf(t.word)] = true;
      });
      return Object.keys(need).map(function (k) { return 'terms-' + k; });
    }

    /* Ranking: title matches first, then glossary entries for one-word queries, then a
       title that the query covers, then how many query words match, then frequency. */
    function rank(terms) {
      if (!terms.length) return [];
      var hits = new Map();
      terms.forEach(function (term, qi) {
        stemsFor(term).forEach(function (sk) {
          var postings = loaded['terms-' + sk[0]][sk[1]];
          for (var i = 0; i < postings.length; i += 2) {
            var sec = postings[i];
            var doc = docOf(sec);
            var h = hits.get(doc);
            if (!h) { h = { mask: 0, tf: 0, best: -1, bestTf: 0, secs: new Map() }; hits.set(doc, h); }
            h.mask |= 1 << qi;
            h.tf += postings[i + 1];
            var st = (h.secs.get(sec) || 0) + postings[i + 1];
            h.secs.set(sec, st);
            if (st > h.bestTf) { h.bestTf = st; h.best = sec; }
          }
        });
      });
      var all = (1 << terms.length) - 1;
      titles.forEach(function (tt, doc) {
        var mask = 0;
        var covered = tt.length > 0;
        tt.forEach(function (stem) {
          var any = false;
          terms.forEach(function (term, qi) {
            if (matches(term, stem)) { mask |= 1 << qi; any = true; }
          });
          if (!any) covered = false;
        });
        if (!mask) return;
        var h = hits.get(doc);
        if (!h) { h = { mask: 0, tf: 0, best: -1, bestTf: 0, secs: new Map() }; hits.set(doc, h); }
        h.title = mask;
        h.covered = covered && mask === all;
      });
      var out = [];
      hits.forEach(function (h, doc) {
        var d = meta.docs[doc];
        var title = bits(h.title || 0);
        var score = title * 1000 +
          (terms.length === 1 && d[3] && h.title ? 500 : 0) +
          (h.covered ? 300 : 0) +
          bits(h.mask | (h.title || 0)) * 100 +
          Math.min(h.tf, 99);
        out.push({ doc: doc, score: score, section: h.best >= 0 ? h.best : d[4] });
      });
      out.sort(function (a, b) {
        return b.score - a.score || (meta.docs[a.doc][1] < meta.docs[b.doc][1] ? -1 : 1);
      });
      return out;
    }

    function bits(m) { var n = 0; while (m) { n += m & 1; m >>= 1; } return n; }

    /* What a result shows: kind, title, heading, an excerpt with the words marked. */
    function describe(r, terms) {
      var d = meta.docs[r.doc];
      var shard = Math.floor(r.doc / meta.docsPerTextShard);
      var text = loaded['text-' + shard];
      var secs = text ? text[1][r.doc - text[0]] : null;
      var sec = secs ? secs[r.section - d[4]] || null : null;
      var anchor = sec ? sec[0] : '';
      return {
        kind: meta.kinds[d[0]],
        title: d[1],
        heading: sec && sec[1] && sec[1] !== d[1] ? sec[1] : '',
        href: base + d[2] + (anchor ? '#' + encodeURIComponent(anchor) : ''),
        excerpt: sec ? excerpt(sec[2], terms) : [],
        score: r.score
      };
    }

    /* Pieces of text around the first matched word: [text, marked] pairs. */
    function excerpt(text, query) {
      var re = /[\p{L}\p{N}]+/gu;
      var found = [];
      var m;
      var firsts = query.map(function (t) { return t.stem.charAt(0); });
      while ((m = re.exec(text)) && found.length < 40) {
        /* Most words cannot match: their first letter differs from every query word's. */
        var f = D.fold(m[0].charAt(0));
        if (firsts.indexOf(f) < 0 && !/[^a-z0-9]/.test(f)) continue;
        var hit = terms(m[0]).some(function (st) {
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

    /* Answers a query: ranked results, described once their text shards are in. */
    function query(q, limit) {
      var terms = parse(q);
      return Promise.all(shardsFor(terms).map(part)).then(function () {
        var ranked = rank(terms);
        var shown = ranked.slice(0, limit || ranked.length);
        var shards = {};
        shown.forEach(function (r) { shards['text-' + Math.floor(r.doc / meta.docsPerTextShard)] = true; });
        return Promise.all(Object.keys(shards).map(part)).then(function () {
          return { total: ranked.length, results: shown.map(function (r) { return describe(r, terms); }) };
        });
      });
    }

    var api = {
      query: query,
      /* For tests and benchmarks: rank only, the needed shards already loaded. */
      rankNow: function (q) { return rank(parse(q)).length; },
      need: function (q) { return Promise.all(shardsFor(parse(q)).map(part)); }
    };
    window.leidraadSearch.engine = api;
    return api;
  }

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
      items = answer.results.map(function (r, n) {
        var title = [el('span', { class: 'result-title' }, [r.title + (r.heading ? ' › ' + r.heading : '')])];
        var li = el('li', { role: 'option', id: 'zoekoptie-' + n, 'aria-selected': 'false', class: 'search-option' }, [
          el('span', { class: 'result-kind' }, [r.kind]),
          title[0],
          el('span', { class: 'result-excerpt' }, excerptNodes(r.excerpt))
        ]);
        li.dataset.href = r.href;
        return li;
      });
      if (answer.total > 0) {
        var all = el('li', { role: 'option', id: 'zoekoptie-alle', 'aria-selected': 'false', class: 'search-option search-all' },
          [(strings.all || '').replace('{n}', String(answer.total))]);
        all.dataset.href = resultsUrl(q);
        items.push(all);
      } else {
        items.push(el('li', { role: 'option', id: 'zoekoptie-geen', 'aria-disabled': 'true', class: 'search-option search-none' }, [countText(0, q)]));
      }
      items.forEach(function (it) { list.appendChild(it); });
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      active = -1;
      status.textContent = countText(answer.total, q);
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
    input.addEventListener('input', update);
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

    var render = function () {
      var q = field.value;
      var n = ++pageSerial;
      if (history.replaceState && location.protocol !== 'file:') {
        history.replaceState(null, '', q.trim() ? '?q=' + encodeURIComponent(q.trim()) : location.pathname);
      }
      if (q.trim().length < 2) {
        ol.textContent = '';
        count.textContent = q.trim() ? strings.short || '' : '';
        return;
      }
      start().then(function (engine) { return engine.query(q); }).then(function (answer) {
        if (n !== pageSerial) return;
        ol.textContent = '';
        answer.results.forEach(function (r) {
          ol.appendChild(el('li', { class: 'search-result' }, [
            el('p', { class: 'result-kind' }, [r.kind]),
            el('a', { class: 'result-title', href: r.href }, [r.title + (r.heading ? ' › ' + r.heading : '')]),
            el('p', { class: 'result-excerpt' }, excerptNodes(r.excerpt))
          ]));
        });
        count.textContent = countText(answer.total, q);
      });
    };
    var timer = 0;
    field.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(render, 120); });
    pageForm.addEventListener('submit', function (e) { e.preventDefault(); render(); });
    render();
  }
})();
