// Computes business cases with the theme's JavaScript engine, for the parity test in
// tests/calculator.rs. Input: a JSON file {calculator, inputs: [raw input...]}; output: a
// JSON array on stdout, per input the outcome, or {problems: [codes]} when it is refused.
'use strict';
const fs = require('fs');
const path = require('path');
const E = require(path.join(__dirname, '..', '..', 'themes', 'default', 'static', 'business-case.js'));

const data = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const out = data.inputs.map((raw) => {
  const checked = E.check(data.calculator, raw);
  if (checked.problems.length) return { problems: checked.problems.map((p) => p.path + ':' + p.code) };
  return E.compute(checked.input);
});
process.stdout.write(JSON.stringify(out));
