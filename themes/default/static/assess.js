/* leidraad scoring engine for readiness checklists (rules version 3): the same rules as
   src/assess.rs, operation for operation, so the browser and `leidraad assess` give
   identical outcomes (a parity test checks every field on over a thousand answer sets
   and hundreds of groups). Pure functions, no DOM.
   Exact: weights and scores are whole hundredths and every sum a whole number; each
   rounding is one division of whole numbers, floored, which is exact for numbers this
   size. Caps: an option with `plafond` (or a knock-out) caps the band. Weight 0: shown,
   never scored. Groups: `ieder` has the weakest answer, `samen` the best; an unknown is
   never filled in from another participant. */
(function (root) {
  'use strict';

  var DONT_KNOW = 'weet_niet';

  function hundredths(x) {
    return Math.max(0, Math.round(x * 100));
  }

  function weightOf(q) { return hundredths(q.gewicht); }
  function scoreOf(o) { return hundredths(o.score); }

  /* num / den rounded half up (both whole, not negative); 0 without den. */
  function ratio(num, den) {
    return den > 0 ? Math.floor((2 * num + den) / (2 * den)) : 0;
  }

  function tenths(t) { return t / 10; }

  function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }

  /* What does not change between answers, worked out once per checklist: the page
     rescores on every click. The checklist object is never changed. */
  var prepared = typeof WeakMap === 'function' ? new WeakMap() : null;
  function prep(checklist) {
    var p = prepared && prepared.get(checklist);
    if (p) return p;
    var qs = [];
    checklist.dimensies.forEach(function (d) {
      d.vragen.forEach(function (q) { qs.push(q); });
    });
    p = { qs: qs, bands: ranked(checklist) };
    if (prepared) prepared.set(checklist, p);
    return p;
  }

  function questions(checklist) {
    return prep(checklist).qs.slice();
  }

  /* The option with the highest score; the first one on ties. */
  function bestOption(q) {
    var best = null;
    q.opties.forEach(function (o) {
      if (best === null || !(best.score >= o.score)) best = o;
    });
    return best;
  }

  function worstScore(q) {
    var w = null;
    q.opties.forEach(function (o) { var s = scoreOf(o); if (w === null || s < w) w = s; });
    return w === null ? 0 : w;
  }

  function findOption(q, id) {
    for (var i = 0; i < q.opties.length; i++) {
      if (q.opties[i].id === id) return q.opties[i];
    }
    return null;
  }

  /* The option a chosen one can realistically move to: its doel, else the best. */
  function targetOf(q, chosen) {
    return chosen.doel ? findOption(q, chosen.doel) : bestOption(q);
  }

  function optionLinks(q, o) {
    return (o.links && o.links.length ? o.links : (q.links || [])).slice();
  }

  function hasAdvice(o) {
    return typeof o.advies === 'string' && o.advies.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '') !== '';
  }

  function lower(a, b) {
    if (a === null) return b;
    if (b === null) return a;
    return Math.min(a, b);
  }

  /* The bands from lowest to highest (stable on equal bounds): a band is a rank. */
  function ranked(checklist) {
    var asc = checklist.banden.slice().sort(function (a, b) { return hundredths(a.vanaf) - hundredths(b.vanaf); });
    function rankOf(id) {
      for (var i = 0; i < asc.length; i++) if (asc[i].id === id) return i;
      return null;
    }
    return {
      forScore: function (total) {
        for (var i = asc.length - 1; i >= 0; i--) if (hundredths(asc[i].vanaf) <= 100 * total) return i;
        return 0;
      },
      cap: function (o) {
        if (o.knockout) return 0;
        return typeof o.plafond === 'string' ? rankOf(o.plafond) : null;
      },
      rankOf: rankOf,
      info: function (rank) {
        var b = asc[rank];
        return b ? { id: b.id, title: b.titel, explanation: b.uitleg } : { id: '', title: '', explanation: '' };
      }
    };
  }

  function lowestCap(bands, options) {
    var r = null;
    options.forEach(function (o) { r = lower(r, bands.cap(o)); });
    return r;
  }

  function isSamen(q) { return q.groep === 'samen'; }

  /* The known option the rule scores: ieder the lowest score, ties to the lowest cap;
     samen the highest score, ties to no or the highest cap; then option order. */
  function ruling(q, bands, known) {
    var samen = isSamen(q);
    function key(o) {
      var s = scoreOf(o);
      var c = bands.cap(o);
      c = c === null ? Infinity : c;
      return samen ? [-s, -c] : [s, c];
    }
    function notAfter(a, b) { return a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]); }
    var w = null;
    q.opties.forEach(function (o) {
      var picked = known.some(function (k) { return k.id === o.id; });
      if (!picked) return;
      if (w === null || !notAfter(key(w), key(o))) w = o;
    });
    return w;
  }

  /* What the group rule makes of one question's answers (one participant: their own). */
  function slot(q, order, bands, answers) {
    var known = answers.filter(function (o) { return o !== null; });
    var unknown = answers.length - known.length;
    var bestO = bestOption(q);
    var best = bestO ? scoreOf(bestO) : 0;
    var s = {
      q: q, order: order, decided: null, low: worstScore(q), high: best, caps: [],
      couldCap: lowestCap(bands, q.opties), known: known.length
    };
    var rule = ruling(q, bands, known);
    if (rule === null) return s;
    var r = scoreOf(rule);
    if (isSamen(q)) {
      if (unknown === 0 || r === best) {
        s.decided = rule;
        s.low = r;
        s.high = r;
        s.caps = bands.cap(rule) !== null ? [rule] : [];
        s.couldCap = null;
      } else {
        s.low = r;
        s.couldCap = lowestCap(bands, q.opties.filter(function (o) { return scoreOf(o) >= r; }));
      }
      return s;
    }
    s.caps = q.opties.filter(function (o) {
      return bands.cap(o) !== null && known.some(function (k) { return k.id === o.id; });
    });
    s.high = r;
    if (unknown === 0) {
      s.decided = rule;
      s.low = r;
      s.couldCap = null;
    }
    return s;
  }

  function chosen(q, participants) {
    return participants.map(function (a) {
      return has(a, q.id) ? findOption(q, a[q.id]) : null;
    });
  }

  function slots(checklist, participants) {
    var bands = prep(checklist).bands;
    return prep(checklist).qs.map(function (q, order) {
      return slot(q, order, bands, chosen(q, participants));
    });
  }

  function sumOf(list, f) {
    var t = 0;
    list.forEach(function (s) { t += weightOf(s.q) * f(s); });
    return t;
  }

  function dimensionsOf(checklist, all) {
    var at = 0;
    return checklist.dimensies.map(function (d) {
      var mine = all.slice(at, at + d.vragen.length);
      at += d.vragen.length;
      return {
        id: d.id, title: d.titel,
        score_min: ratio(sumOf(mine, function (s) { return s.low; }), sumOf(mine, function () { return 1; })),
        score_max: ratio(sumOf(mine, function (s) { return s.high; }), sumOf(mine, function () { return 1; }))
      };
    });
  }

  function capsOf(bands, scored) {
    var out = [];
    scored.forEach(function (s) {
      s.caps.forEach(function (o, i) {
        var rank = bands.cap(o);
        if (rank === null) return;
        out.push({ rank: rank, order: s.order, i: i, item: {
          question: s.q.id, question_text: s.q.vraag, option: o.id, option_label: o.label,
          band: bands.info(rank), knockout: !!o.knockout, text: o.advies || '', links: optionLinks(s.q, o)
        } });
      });
    });
    out.sort(function (a, b) { return a.rank - b.rank || a.order - b.order || a.i - b.i; });
    return out;
  }

  function adviceOf(bands, scored) {
    var out = [];
    scored.forEach(function (s) {
      var o = s.decided;
      if (!o) return;
      var bestO = bestOption(s.q);
      var best = bestO ? scoreOf(bestO) : 0;
      var capped = bands.cap(o) !== null;
      if (!(capped || scoreOf(o) < best) || !hasAdvice(o)) return;
      out.push({
        question: s.q.id, question_text: s.q.vraag, option: o.id, option_label: o.label,
        level: o.knockout ? 'knockout' : capped ? 'plafond' : scoreOf(o) < 50 ? 'zwak' : 'aandacht',
        text: o.advies, links: optionLinks(s.q, o)
      });
    });
    return out;
  }

  function openOf(bands, scored, total) {
    var out = [];
    scored.forEach(function (s) {
      if (s.decided) return;
      var moves = ratio(10 * weightOf(s.q) * (s.high - s.low), total);
      out.push({ moves: moves, cap: s.couldCap === null ? Infinity : s.couldCap, order: s.order, item: {
        question: s.q.id, question_text: s.q.vraag, links: (s.q.links || []).slice(),
        could_knock_out: s.couldCap === 0,
        could_cap: s.couldCap === null ? null : bands.info(s.couldCap),
        moves: tenths(moves)
      } });
    });
    out.sort(function (a, b) { return b.moves - a.moves || (a.cap < b.cap ? -1 : a.cap > b.cap ? 1 : 0) || a.order - b.order; });
    return out.map(function (x) { return x.item; });
  }

  function stepsOf(bands, scored, total) {
    var steps = [];
    var candidates = [];
    scored.forEach(function (s) {
      var options = s.decided ? [s.decided] : [];
      s.caps.forEach(function (o) {
        if (!options.some(function (x) { return x.id === o.id; })) options.push(o);
      });
      options.forEach(function (o) { candidates.push({ s: s, o: o }); });
    });
    candidates.forEach(function (cand) {
      var s = cand.s;
      var o = cand.o;
      var cap = bands.cap(o);
      var canStep = cap !== null || (s.q.soort || 'actie') === 'actie';
      var t = targetOf(s.q, o);
      var to = t && canStep && scoreOf(t) > scoreOf(o) ? t : (cap !== null ? o : null);
      if (!to) return;
      var gain = ratio(10 * weightOf(s.q) * (scoreOf(to) - scoreOf(o)), total);
      steps.push({ cap: cap === null ? Infinity : cap, gain: gain, order: s.order, item: {
        question: s.q.id, question_text: s.q.vraag, option: o.id, option_label: o.label,
        target: to.id, target_label: to.label, knockout: !!o.knockout,
        cap: cap === null ? null : bands.info(cap), gain: tenths(gain), links: (s.q.links || []).slice()
      } });
    });
    steps.sort(function (a, b) {
      if (a.cap !== b.cap) return a.cap < b.cap ? -1 : 1;
      if (a.cap === Infinity && a.gain !== b.gain) return b.gain - a.gain;
      return a.order - b.order;
    });
    return steps.slice(0, 5).map(function (x) { return x.item; });
  }

  /* The outcome of what the rules know per question, for n participants. */
  function outcomeOf(checklist, all, n) {
    var bands = prep(checklist).bands;
    var scored = all.filter(function (s) { return weightOf(s.q) > 0; });
    var total = sumOf(scored, function () { return 1; });
    var low = sumOf(scored, function (s) { return s.low; });
    var high = sumOf(scored, function (s) { return s.high; });
    var known = sumOf(scored, function (s) { return s.known; });
    var scoreMin = ratio(low, total);
    var scoreMax = ratio(high, total);
    var answered = scored.filter(function (s) { return s.decided !== null; }).length;
    var caps = capsOf(bands, scored);
    var cap = null;
    caps.forEach(function (c) { cap = lower(cap, c.rank); });
    var could = null;
    scored.forEach(function (s) { if (s.decided === null) could = lower(could, s.couldCap); });
    var highRank = lower(bands.forScore(scoreMax), cap);
    var lowRank = lower(lower(bands.forScore(scoreMin), cap), could);
    var band = lowRank === highRank ? bands.info(lowRank) : null;
    var status = known === 0 ? 'empty' : answered === scored.length ? 'complete' : band ? 'decided' : 'undecided';
    return {
      checklist: checklist.id,
      version: checklist.versie,
      score_min: scoreMin,
      score_max: scoreMax,
      coverage: ratio(100 * known, total * n),
      answered: answered,
      total: scored.length,
      status: status,
      band: band,
      band_low: bands.info(lowRank),
      band_high: bands.info(highRank),
      dimensions: dimensionsOf(checklist, all),
      knockouts: scored.filter(function (s) { return s.caps.some(function (o) { return !!o.knockout; }); })
        .map(function (s) { return s.q.id; }),
      caps: caps.map(function (c) { return c.item; }),
      advice: adviceOf(bands, scored),
      open: openOf(bands, scored, total),
      next_steps: stepsOf(bands, scored, total),
      questions: all.map(function (s) {
        var w = weightOf(s.q);
        return {
          id: s.q.id, option: s.decided ? s.decided.id : DONT_KNOW, weight: w / 100,
          points: s.decided ? (w * scoreOf(s.decided)) / 10000 : 0
        };
      })
    };
  }

  function scoreGroup(checklist, participants) {
    return outcomeOf(checklist, slots(checklist, participants), Math.max(1, participants.length));
  }

  /* Scores answers ({question id: option id}) against a checklist: a group of one.
     Unknown ids count as unanswered; validate first with validateAnswers. */
  function score(checklist, answers) {
    return scoreGroup(checklist, [answers]);
  }

  function groupAnswers(checklist, participants) {
    var out = {};
    slots(checklist, participants).forEach(function (s) {
      var counts = {};
      chosen(s.q, participants).forEach(function (o) {
        var id = o ? o.id : DONT_KNOW;
        counts[id] = (counts[id] || 0) + 1;
      });
      out[s.q.id] = { option: s.decided ? s.decided.id : null, answers: counts };
    });
    return out;
  }

  /* Every question on which participants differ, by weight × spread, ties in order. */
  function agendaOf(checklist, participants) {
    var agenda = [];
    questions(checklist).forEach(function (q, order) {
      var answers = chosen(q, participants);
      var known = answers.filter(function (o) { return o !== null; });
      var differ = known.some(function (o) { return o.id !== known[0].id; }) ||
        (known.length > 0 && known.length < answers.length);
      if (!differ) return;
      var lo = null;
      var hi = null;
      known.forEach(function (o) {
        var sc = scoreOf(o);
        if (lo === null || sc < lo) lo = sc;
        if (hi === null || sc > hi) hi = sc;
      });
      var spread = known.length ? hi - lo : 0;
      var priority = weightOf(q) * spread;
      agenda.push({ priority: priority, order: order, item: {
        question: q.id, question_text: q.vraag,
        answers: answers.map(function (o) { return o ? o.id : DONT_KNOW; }),
        spread: spread / 100, priority: priority / 10000
      } });
    });
    agenda.sort(function (a, b) { return b.priority - a.priority || a.order - b.order; });
    return agenda.map(function (x) { return x.item; });
  }

  /* The others' outcome for each participant with a capping answer without whom the
     group's highest possible band would be higher. */
  function withoutOf(checklist, participants, outcome) {
    if (participants.length < 2) return [];
    var bands = prep(checklist).bands;
    var ceiling = bands.rankOf(outcome.band_high.id);
    var qs = prep(checklist).qs;
    var out = [];
    participants.forEach(function (answers, i) {
      var caps = qs.some(function (q) {
        if (weightOf(q) <= 0 || !has(answers, q.id)) return false;
        var o = findOption(q, answers[q.id]);
        return o !== null && bands.cap(o) !== null;
      });
      if (!caps) return;
      var others = participants.filter(function (_, j) { return j !== i; });
      var o = scoreGroup(checklist, others);
      var r = bands.rankOf(o.band_high.id);
      if (r !== null && (ceiling === null || r > ceiling)) out.push({ participant: i, outcome: o });
    });
    return out;
  }

  /* Compares participants' answers (group rules version 3): the same rules as `group`
     in src/assess/group.rs. */
  function group(checklist, participants) {
    var outcome = scoreGroup(checklist, participants);
    return {
      answers: groupAnswers(checklist, participants),
      outcome: outcome,
      agenda: agendaOf(checklist, participants),
      without: withoutOf(checklist, participants, outcome)
    };
  }

  /* Checks untrusted answers (from storage, an imported file or a link). Returns
     {answers, problems}; answers only holds valid pairs, weet_niet is dropped. */
  function validateAnswers(checklist, raw) {
    var problems = [];
    var answers = {};
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      return { answers: answers, problems: ['answers must be an object of question: option'] };
    }
    var byId = {};
    questions(checklist).forEach(function (q) { byId[q.id] = q; });
    Object.keys(raw).forEach(function (qid) {
      var q = has(byId, qid) ? byId[qid] : null;
      var value = raw[qid];
      if (!q) { problems.push('unknown question ' + String(qid).slice(0, 60)); return; }
      if (typeof value !== 'string') { problems.push('answer to ' + qid + ' is not an option id'); return; }
      if (value === DONT_KNOW) return;
      if (!findOption(q, value)) { problems.push('unknown option ' + value.slice(0, 60) + ' for ' + qid); return; }
      answers[qid] = value;
    });
    return { answers: answers, problems: problems };
  }

  var api = {
    group: group,
    DONT_KNOW: DONT_KNOW,
    score: score,
    validateAnswers: validateAnswers,
    questions: questions,
    bestOption: bestOption
  };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  root.leidraadAssess = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
