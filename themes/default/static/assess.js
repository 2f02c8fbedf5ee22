/* leidraad scoring engine for readiness checklists: the same rules as src/assess.rs,
   operation for operation, so browser and `leidraad assess` give identical results (a
   parity test checks this on hundreds of answer sets). Pure functions, no DOM. */
(function (root) {
  'use strict';

  var DONT_KNOW = 'weet_niet';

  /* Half-up to one decimal; the epsilon makes 44.95 (stored as 44.9499...) round up. */
  function round1(x) {
    return Math.floor(x * 10 + 0.5 + 1e-9) / 10;
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

  function bandFor(checklist, total) {
    var bands = checklist.banden.slice().sort(function (a, b) { return b.vanaf - a.vanaf; });
    for (var i = 0; i < bands.length; i++) {
      if (total >= bands[i].vanaf) return bands[i].id;
    }
    return bands.length ? bands[bands.length - 1].id : '';
  }

  function lowestBand(checklist) {
    var low = null;
    checklist.banden.forEach(function (b) {
      if (low === null || b.vanaf < low.vanaf) low = b;
    });
    return low ? low.id : '';
  }

  function findOption(q, id) {
    for (var i = 0; i < q.opties.length; i++) {
      if (q.opties[i].id === id) return q.opties[i];
    }
    return null;
  }

  /* Scores answers ({question id: option id}) against a checklist. Unknown ids count as
     unanswered; validate first with validateAnswers. */
  function score(checklist, answers) {
    var totalWeight = 0;
    var totalPoints = 0;
    var dimensions = [];
    var qscores = [];
    var knockouts = [];
    var open = [];
    var advice = [];
    var candidates = [];
    questions(checklist).forEach(function (q) { totalWeight += q.gewicht; });
    var order = 0;
    checklist.dimensies.forEach(function (dim) {
      var dimWeight = 0;
      var dimPoints = 0;
      dim.vragen.forEach(function (q) {
        var answer = Object.prototype.hasOwnProperty.call(answers, q.id) ? answers[q.id] : null;
        var chosen = answer === null ? null : findOption(q, answer);
        var chosenScore = chosen ? chosen.score : 0;
        var points = q.gewicht * chosenScore;
        dimWeight += q.gewicht;
        dimPoints += points;
        totalPoints += points;
        qscores.push({ id: q.id, option: chosen ? chosen.id : DONT_KNOW, weight: q.gewicht, points: points });
        if (!chosen) {
          open.push(q.id);
        } else {
          if (chosen.knockout) knockouts.push(q.id);
          if (chosen.score < 0.5) {
            advice.push({ question: q.id, option: chosen.id, text: chosen.advies || '', links: (chosen.links || []).slice() });
          }
        }
        var best = bestOption(q);
        if (best && chosenScore < best.score) {
          var gain = round1(100 * q.gewicht * (best.score - chosenScore) / totalWeight);
          candidates.push({ ko: !!(chosen && chosen.knockout), gain: gain, order: order, question: q.id, option: best.id });
        }
        order += 1;
      });
      dimensions.push({ id: dim.id, score: dimWeight > 0 ? round1(100 * dimPoints / dimWeight) : 0 });
    });
    var total = totalWeight > 0 ? round1(100 * totalPoints / totalWeight) : 0;
    var band = knockouts.length === 0 ? bandFor(checklist, total) : lowestBand(checklist);
    candidates.sort(function (a, b) {
      if (a.ko !== b.ko) return a.ko ? -1 : 1;
      if (a.ko) return a.order - b.order;
      if (a.gain !== b.gain) return b.gain - a.gain;
      return a.order - b.order;
    });
    return {
      checklist: checklist.id,
      version: checklist.versie,
      score: total,
      band: band,
      dimensions: dimensions,
      knockouts: knockouts,
      open: open,
      advice: advice,
      next_steps: candidates.slice(0, 5).map(function (c) {
        return { question: c.question, option: c.option, gain: c.gain };
      }),
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

  var api = {
    DONT_KNOW: DONT_KNOW,
    round1: round1,
    score: score,
    validateAnswers: validateAnswers,
    questions: questions,
    bestOption: bestOption
  };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  root.leidraadAssess = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
