/* leidraad scoring engine for readiness checklists (rules version 2): the same rules as
   src/assess.rs, operation for operation, so the browser and `leidraad assess` give
   identical outcomes (a parity test checks this on over a thousand answer sets). Pure
   functions, no DOM. */
(function (root) {
  'use strict';

  var DONT_KNOW = 'weet_niet';

  /* Half-up to one decimal; the epsilon makes 44.95 (stored as 44.9499...) round up. */
  function round1(x) {
    return Math.floor(x * 10 + 0.5 + 1e-9) / 10;
  }

  /* Half-up to a whole number, with the same guard. */
  function round0(x) {
    return Math.max(0, Math.floor(x + 0.5 + 1e-9));
  }

  function percent(part, whole) {
    return whole > 0 ? round0(100 * part / whole) : 0;
  }

  function questions(checklist) {
    var out = [];
    checklist.dimensies.forEach(function (d) {
      d.vragen.forEach(function (q) { out.push(q); });
    });
    return out;
  }

  /* The option with the highest score; the first one on ties. */
  function bestOption(q) {
    var best = null;
    q.opties.forEach(function (o) {
      if (best === null || !(best.score >= o.score)) best = o;
    });
    return best;
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

  function bandInfo(b) {
    return b ? { id: b.id, title: b.titel, explanation: b.uitleg } : { id: '', title: '', explanation: '' };
  }

  /* The band a whole-number score falls in: the highest `vanaf` not above it. */
  function bandFor(checklist, total) {
    var bands = checklist.banden.slice().sort(function (a, b) { return b.vanaf - a.vanaf; });
    for (var i = 0; i < bands.length; i++) {
      if (total >= bands[i].vanaf) return bandInfo(bands[i]);
    }
    return bandInfo(bands.length ? bands[bands.length - 1] : null);
  }

  function lowestBand(checklist) {
    var low = null;
    checklist.banden.forEach(function (b) {
      if (low === null || b.vanaf < low.vanaf) low = b;
    });
    return bandInfo(low);
  }

  /* Scores answers ({question id: option id}) against a checklist. Unknown ids count as
     unanswered; validate first with validateAnswers. */
  function score(checklist, answers) {
    var totalWeight = 0;
    questions(checklist).forEach(function (q) { totalWeight += q.gewicht; });
    var points = 0;
    var openBest = 0;
    var answeredWeight = 0;
    var answered = 0;
    var openCanKnockOut = false;
    var dimensions = [];
    var qscores = [];
    var knockouts = [];
    var advice = [];
    var open = [];
    var steps = [];
    var order = 0;
    checklist.dimensies.forEach(function (dim) {
      var dWeight = 0;
      var dPoints = 0;
      var dBest = 0;
      dim.vragen.forEach(function (q) {
        var answer = Object.prototype.hasOwnProperty.call(answers, q.id) ? answers[q.id] : null;
        var o = answer === null ? null : findOption(q, answer);
        var bestO = bestOption(q);
        var b = bestO ? bestO.score : 0;
        dWeight += q.gewicht;
        if (!o) {
          dBest += q.gewicht * b;
          openBest += q.gewicht * b;
          var could = q.opties.some(function (x) { return !!x.knockout; });
          openCanKnockOut = openCanKnockOut || could;
          open.push({ order: order, item: {
            question: q.id, question_text: q.vraag, links: (q.links || []).slice(),
            could_knock_out: could, gain: round1(100 * q.gewicht * b / totalWeight)
          } });
          qscores.push({ id: q.id, option: DONT_KNOW, weight: q.gewicht, points: 0 });
        } else {
          var p = q.gewicht * o.score;
          dPoints += p;
          points += p;
          answeredWeight += q.gewicht;
          answered += 1;
          qscores.push({ id: q.id, option: o.id, weight: q.gewicht, points: p });
          if (o.knockout) knockouts.push(q.id);
          if ((o.knockout || o.score < b) && hasAdvice(o)) {
            advice.push({
              question: q.id, question_text: q.vraag, option: o.id, option_label: o.label,
              level: o.knockout ? 'knockout' : (o.score < 0.5 ? 'zwak' : 'aandacht'),
              text: o.advies, links: optionLinks(q, o)
            });
          }
          var canStep = !!o.knockout || (q.soort || 'actie') === 'actie';
          var t = targetOf(q, o);
          if (t && canStep && t.score > o.score) {
            steps.push({ order: order, item: {
              question: q.id, question_text: q.vraag, option: o.id, option_label: o.label,
              target: t.id, target_label: t.label, knockout: !!o.knockout,
              gain: round1(100 * q.gewicht * (t.score - o.score) / totalWeight),
              links: (q.links || []).slice()
            } });
          } else if (o.knockout) {
            steps.push({ order: order, item: {
              question: q.id, question_text: q.vraag, option: o.id, option_label: o.label,
              target: o.id, target_label: o.label, knockout: true, gain: 0,
              links: (q.links || []).slice()
            } });
          }
        }
        order += 1;
      });
      dimensions.push({
        id: dim.id, title: dim.titel,
        score_min: percent(dPoints, dWeight), score_max: percent(dPoints + dBest, dWeight)
      });
    });
    var scoreMin = percent(points, totalWeight);
    var scoreMax = percent(points + openBest, totalWeight);
    var lowest = lowestBand(checklist);
    var bandLow;
    var bandHigh;
    if (knockouts.length) {
      bandLow = lowest;
      bandHigh = lowest;
    } else {
      bandLow = openCanKnockOut ? lowest : bandFor(checklist, scoreMin);
      bandHigh = bandFor(checklist, scoreMax);
    }
    var band = bandLow.id === bandHigh.id ? bandLow : null;
    var status = answered === 0 ? 'empty'
      : answered === qscores.length ? 'complete'
        : band ? 'decided' : 'undecided';
    open.sort(function (a, b) {
      if (a.item.could_knock_out !== b.item.could_knock_out) return a.item.could_knock_out ? -1 : 1;
      if (a.item.gain !== b.item.gain) return b.item.gain - a.item.gain;
      return a.order - b.order;
    });
    steps.sort(function (a, b) {
      if (a.item.knockout !== b.item.knockout) return a.item.knockout ? -1 : 1;
      if (a.item.knockout) return a.order - b.order;
      if (a.item.gain !== b.item.gain) return b.item.gain - a.item.gain;
      return a.order - b.order;
    });
    return {
      checklist: checklist.id,
      version: checklist.versie,
      score_min: scoreMin,
      score_max: scoreMax,
      coverage: percent(answeredWeight, totalWeight),
      answered: answered,
      total: qscores.length,
      status: status,
      band: band,
      band_low: bandLow,
      band_high: bandHigh,
      dimensions: dimensions,
      knockouts: knockouts,
      advice: advice,
      open: open.map(function (x) { return x.item; }),
      next_steps: steps.slice(0, 5).map(function (x) { return x.item; }),
      questions: qscores
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
      var q = Object.prototype.hasOwnProperty.call(byId, qid) ? byId[qid] : null;
      var value = raw[qid];
      if (!q) { problems.push('unknown question ' + String(qid).slice(0, 60)); return; }
      if (typeof value !== 'string') { problems.push('answer to ' + qid + ' is not an option id'); return; }
      if (value === DONT_KNOW) return;
      if (!findOption(q, value)) { problems.push('unknown option ' + value.slice(0, 60) + ' for ' + qid); return; }
      answers[qid] = value;
    });
    return { answers: answers, problems: problems };
  }

  /* Compares participants' answers (group rules version 2): the weakest link per question
     (a knock-out chosen by anyone wins), scored as one, and the agenda of questions on
     which they disagree. The same rules as `group` in src/assess.rs. */
  function group(checklist, participants) {
    var answers = {};
    var agenda = [];
    questions(checklist).forEach(function (q, order) {
      var chosen = participants.map(function (a) {
        return Object.prototype.hasOwnProperty.call(a, q.id) ? findOption(q, a[q.id]) : null;
      });
      var given = chosen.filter(function (o) { return o !== null; });
      var anyKnockout = given.some(function (o) { return !!o.knockout; });
      var weakest = null;
      q.opties.forEach(function (o) {
        var picked = given.some(function (g) { return g.id === o.id; });
        if (!picked || (anyKnockout && !o.knockout)) return;
        if (weakest === null || !(weakest.score <= o.score)) weakest = o;
      });
      if (weakest) answers[q.id] = weakest.id;
      var lo = Infinity;
      var hi = -Infinity;
      given.forEach(function (o) { lo = Math.min(lo, o.score); hi = Math.max(hi, o.score); });
      var spread = given.length ? hi - lo : 0;
      var mixedKnockout = anyKnockout && given.some(function (o) { return !o.knockout; });
      var mixedKnown = given.length > 0 && given.length < participants.length;
      if (spread >= 0.5 - 1e-9 || mixedKnockout || mixedKnown) {
        agenda.push({ order: order, item: {
          question: q.id, question_text: q.vraag,
          answers: chosen.map(function (o) { return o ? o.id : DONT_KNOW; }),
          spread: spread, priority: q.gewicht * spread
        } });
      }
    });
    agenda.sort(function (a, b) {
      if (a.item.priority !== b.item.priority) return b.item.priority - a.item.priority;
      return a.order - b.order;
    });
    return {
      answers: answers,
      outcome: score(checklist, answers),
      agenda: agenda.map(function (x) { return x.item; })
    };
  }

  var api = {
    group: group,
    DONT_KNOW: DONT_KNOW,
    round1: round1,
    round0: round0,
    score: score,
    validateAnswers: validateAnswers,
    questions: questions,
    bestOption: bestOption
  };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  root.leidraadAssess = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
