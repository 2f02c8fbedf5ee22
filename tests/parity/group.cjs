// Compares groups with the theme's JavaScript engine, for the group parity test in
// tests/groups.rs. Input: a JSON file {checklist, groups: [[answers, ...], ...]}; output:
// a JSON array of group outcomes on stdout.
'use strict';
const fs = require('fs');
const path = require('path');
const A = require(path.join(__dirname, '..', '..', 'themes', 'default', 'static', 'assess.js'));

const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const out = input.groups.map((group) => A.group(input.checklist, group.map((raw) => {
  const checked = A.validateAnswers(input.checklist, raw);
  if (checked.problems.length) throw new Error('invalid answers: ' + checked.problems.join('; '));
  return checked.answers;
})));
process.stdout.write(JSON.stringify(out));
