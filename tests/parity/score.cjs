// Scores answer sets with the theme's JavaScript engine, for the parity test in
// tests/assess.rs. Input: a JSON file {checklist, sets: [answers...]}; output: a JSON
// array of outcomes on stdout.
'use strict';
const fs = require('fs');
const path = require('path');
const A = require(path.join(__dirname, '..', '..', 'themes', 'default', 'static', 'assess.js'));

const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const out = input.sets.map((raw) => {
  const checked = A.validateAnswers(input.checklist, raw);
  if (checked.problems.length) throw new Error('invalid answers: ' + checked.problems.join('; '));
  return A.score(input.checklist, checked.answers);
});
process.stdout.write(JSON.stringify(out));
