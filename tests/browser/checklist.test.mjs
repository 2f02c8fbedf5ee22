// Browser checks of the readiness checklist page (issue 3): the page's score equals
// `leidraad assess` on the same answers, knock-outs explain themselves, export/import
// and share links round-trip, untrusted input is rejected or shown as text, everything
// works by keyboard, axe finds no WCAG 2.2 A/AA violations, and the page works offline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, url, axeViolations, SITE } from './browser.mjs';

const PAGE = 'checklist/centrale-inkoop.html';
const BIN = process.env.LEIDRAAD_BIN;
const ROOT = process.env.LEIDRAAD_ROOT;
const SHOTS = process.env.SCREENSHOT_DIR;

let browser;
let model;
before(async () => {
  browser = await launch();
  const html = fs.readFileSync(path.join(SITE, PAGE), 'utf8');
  const json = html.split('<script type="application/json" id="checklist-model">')[1].split('</script>')[0];
  model = JSON.parse(json);
});
after(async () => { await browser?.close(); });

const questions = () => model.checklist.dimensies.flatMap((d) => d.vragen);

async function freshPage(opts = {}) {
  const context = await browser.newContext({ acceptDownloads: true, ...opts });
  const page = await context.newPage();
  page.on('dialog', (d) => d.accept());
  await page.goto(url(PAGE));
  return page;
}

async function answer(page, answers) {
  for (const [q, o] of Object.entries(answers)) {
    await page.click(`label[for="${q}--${o}"]`);
  }
}

function cliAssess(answers) {
  if (!BIN) return null;
  const file = path.join(os.tmpdir(), `answers-${process.pid}-${Date.now()}.json`);
  fs.writeFileSync(file, JSON.stringify(answers));
  const out = execFileSync(BIN, ['assess', '--root', ROOT, '--answers', file, '--format', 'json']);
  fs.unlinkSync(file);
  return JSON.parse(out.toString());
}

/** Numbers as numbers, so 45 and 45.0 compare equal. */
function normalize(v) {
  return JSON.parse(JSON.stringify(v), (k, x) => (typeof x === 'number' ? Number(x) : x));
}

function formatNl(n) {
  return Number(n).toLocaleString('nl', { maximumFractionDigits: 2 });
}

/** A mixed answer set: every kind of option, some "weet niet", no knock-out. */
function mixedAnswers() {
  const out = {};
  questions().forEach((q, i) => {
    const options = q.opties.filter((o) => !o.knockout).map((o) => o.id).concat(['weet_niet']);
    out[q.id] = options[(i * 7) % options.length];
  });
  return out;
}

test('clicking labels shows the same score and band as leidraad assess', async () => {
  const page = await freshPage();
  const answers = mixedAnswers();
  await answer(page, answers);
  const shown = await page.evaluate(() => ({
    score: document.querySelector('.score-number').textContent,
    band: document.querySelector('.band-title').textContent,
    outcome: window.leidraadChecklist.outcome,
    progress: document.getElementById('progress').textContent,
  }));
  const expected = cliAssess(answers);
  assert.ok(expected, 'LEIDRAAD_BIN must be set');
  assert.equal(shown.score, formatNl(expected.score));
  const band = model.checklist.banden.find((b) => b.id === expected.band);
  assert.equal(shown.band, band.titel);
  assert.deepEqual(normalize(shown.outcome), normalize(expected));
  assert.equal(shown.progress, `${questions().length} van ${questions().length} vragen beantwoord`);
  // Weights and points are visible per question.
  const points = await page.textContent('[data-points-for="maatwerk"]');
  assert.match(points, /van 3 punten/);
  await page.context().close();
});

test('a knock-out answer shows its explanation and forces the lowest band', async () => {
  const page = await freshPage();
  const best = Object.fromEntries(questions().map((q) => [q.id, q.opties[0].id]));
  await answer(page, best);
  assert.equal(await page.textContent('.band-title'), model.checklist.banden.find((b) => b.id === 'geschikt').titel);
  await page.click('label[for="opschaling--nee"]');
  const ko = await page.textContent('.knockout');
  const option = questions().find((q) => q.id === 'opschaling').opties.find((o) => o.id === 'nee');
  assert.ok(ko.includes(option.advies), 'the knock-out says why');
  assert.equal(await page.textContent('.band-title'), model.checklist.banden.find((b) => b.id === 'nog_niet').titel);
  assert.equal(await page.textContent('.score-number'), formatNl(cliAssess({ ...best, opschaling: 'nee' }).score));
  const firstStep = await page.textContent('.next-steps li');
  assert.ok(firstStep.includes(questions().find((q) => q.id === 'opschaling').vraag));
  await page.context().close();
});

test('answers persist across reloads and can be cleared', async () => {
  const page = await freshPage();
  await answer(page, { maatwerk: 'beperkt', exit: 'niet' });
  await page.fill('#innovatie', 'Leefstijlmonitoring');
  await page.reload();
  assert.equal(await page.isChecked('#maatwerk--beperkt'), true);
  assert.equal(await page.inputValue('#innovatie'), 'Leefstijlmonitoring');
  await page.click('#action-clear');
  assert.equal(await page.isChecked('#maatwerk--beperkt'), false);
  await page.reload();
  assert.equal(await page.isChecked('#maatwerk--beperkt'), false);
  assert.equal(await page.inputValue('#innovatie'), '');
  await page.context().close();
});

test('export then import round-trips; bad files change nothing', async () => {
  const page = await freshPage();
  const answers = mixedAnswers();
  await answer(page, answers);
  await page.fill('#innovatie', 'Digitale sleutel');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#action-export')]);
  const file = await download.path();
  const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const key of ['checklist', 'version', 'score', 'band', 'dimensions', 'knockouts', 'open', 'advice', 'next_steps', 'answers', 'innovatie', 'date']) {
    assert.ok(key in exported, `export lacks ${key}`);
  }
  assert.equal(exported.innovatie, 'Digitale sleutel');
  assert.deepEqual(normalize(cliAssess(exported)).score, normalize(exported.score), 'assess reads an exported file');
  const scoreBefore = await page.textContent('.score-number');

  await page.click('#action-clear');
  assert.equal(await page.textContent('.score-number'), '0');
  await page.setInputFiles('#action-import', file);
  await page.waitForFunction(() => document.getElementById('message').textContent.includes('geopend'));
  assert.equal(await page.textContent('.score-number'), scoreBefore);
  assert.equal(await page.inputValue('#innovatie'), 'Digitale sleutel');

  const bad = [
    ['not-json.json', '{ this is not json'],
    ['foreign.json', JSON.stringify({ checklist: 'iets-anders', answers: {} })],
    ['bad-answers.json', JSON.stringify({ checklist: 'centrale-inkoop', answers: { maatwerk: 'bestaat-niet' } })],
    ['array.json', '[1, 2, 3]'],
  ];
  for (const [name, text] of bad) {
    const p = path.join(os.tmpdir(), name);
    fs.writeFileSync(p, text);
    await page.evaluate(() => { document.getElementById('message').textContent = ''; });
    await page.setInputFiles('#action-import', p);
    await page.waitForFunction(() => document.getElementById('message').textContent.length > 0);
    const msg = await page.textContent('#message');
    assert.match(msg, /niets gewijzigd/, `${name}: ${msg}`);
    assert.equal(await page.textContent('.score-number'), scoreBefore, `${name} changed the score`);
    assert.equal(await page.inputValue('#innovatie'), 'Digitale sleutel');
  }
  await page.context().close();
});

test('a share link restores the answers; a tampered link gets a message', async () => {
  const page = await freshPage();
  await answer(page, { maatwerk: 'beperkt', integratie: 'meeste', exit: 'weet_niet' });
  await page.fill('#innovatie', 'Slim incontinentiemateriaal');
  await page.click('#action-share');
  const link = await page.inputValue('#share-link');
  assert.match(link, /#checklist=centrale-inkoop&a=/);
  const score = await page.textContent('.score-number');
  await page.context().close();

  const other = await freshPage();
  await other.goto(link);
  await other.reload();
  assert.equal(await other.isChecked('#maatwerk--beperkt'), true);
  assert.equal(await other.isChecked('#exit--weet_niet'), true);
  assert.equal(await other.inputValue('#innovatie'), 'Slim incontinentiemateriaal');
  assert.equal(await other.textContent('.score-number'), score);
  await other.context().close();

  for (const tampered of [
    link.replace('maatwerk%3Abeperkt', 'maatwerk%3Agestolen'),
    link.replace('checklist=centrale-inkoop', 'checklist=iets'),
    link.split('&a=')[0] + '&a=%3Cscript%3E',
  ]) {
    const p = await freshPage();
    await p.goto(tampered);
    await p.reload();
    assert.match(await p.textContent('#message'), /beschadigd/);
    assert.equal(await p.textContent('.score-number'), '0');
    await p.context().close();
  }
});

test('untrusted text is shown as text, never as HTML', async () => {
  const page = await freshPage();
  const evil = '<img src=x onerror="window.pwned=1">';
  await page.fill('#innovatie', evil);
  await page.click('label[for="maatwerk--standaard"]');
  const report = await page.evaluate(() => document.getElementById('rapport').textContent);
  assert.ok(report.includes(evil));
  const imgs = await page.evaluate(() => document.querySelectorAll('#rapport img, #result-body img').length);
  assert.equal(imgs, 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  await page.context().close();
});

test('the whole checklist can be completed with the keyboard alone', async () => {
  const page = await freshPage();
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement.id === 'innovatie')) break;
  }
  assert.equal(await page.evaluate(() => document.activeElement.id), 'innovatie');
  await page.keyboard.type('Beeldschermzorg');
  for (const q of questions()) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement.name);
    assert.equal(focused, q.id, 'Tab reaches each question in order');
    await page.keyboard.press('Space');
  }
  const n = questions().length;
  assert.equal(await page.textContent('#progress'), `${n} van ${n} vragen beantwoord`);
  assert.equal(await page.textContent('.score-number'), '100');
  // Arrow keys move within a question.
  await page.focus('#maatwerk--standaard');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.isChecked('#maatwerk--beperkt'), true);
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.equal(outline, 'solid', 'focus is visible');
  // The action buttons are reachable too.
  await page.focus('#action-share');
  await page.keyboard.press('Enter');
  assert.equal(await page.isVisible('#share-link'), true);
  await page.context().close();
});

test('the result is announced politely, once things settle', async () => {
  const page = await freshPage();
  const live = await page.getAttribute('#result-live', 'aria-live');
  assert.equal(live, 'polite');
  await answer(page, { maatwerk: 'standaard', integratie: 'alle', impact: 'geen' });
  await page.waitForFunction(() => document.getElementById('result-live').textContent.length > 0);
  const text = await page.textContent('#result-live');
  assert.match(text, /^Score .* van 100: .*3 van 29 vragen beantwoord\.$/);
  await page.context().close();
});

test('axe finds no WCAG 2.2 A/AA violations on the checklist page', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const page = await freshPage({ colorScheme });
    await answer(page, { ...mixedAnswers(), maatwerk: 'volledig' });
    await page.click('#action-share');
    const v = await axeViolations(page);
    assert.deepEqual(v, [], JSON.stringify(v, null, 2));
    await page.context().close();
  }
});

test('without JavaScript the questions and the method are readable', async () => {
  const page = await freshPage({ javaScriptEnabled: false });
  assert.equal(await page.isVisible('.no-js-only'), true);
  assert.equal(await page.locator('fieldset.question').count(), questions().length);
  assert.equal(await page.isVisible('#resultaat'), false);
  assert.ok((await page.textContent('.method')).includes('100 ×'));
  await page.context().close();
});

test('print view is a clean report', async () => {
  const page = await freshPage();
  await answer(page, mixedAnswers());
  await page.fill('#innovatie', 'Medicijndispenser');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('#checklist-form'), false);
  assert.equal(await page.isVisible('#rapport'), true);
  const report = await page.textContent('#rapport');
  assert.ok(report.includes('Medicijndispenser'));
  assert.ok(report.includes('Alle antwoorden'));
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
  if (SHOTS) fs.writeFileSync(path.join(SHOTS, 'report.pdf'), pdf);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  console.log(`METRIC report_pdf_pages=${pages}`);
  assert.ok(pages >= 1 && pages <= 3, `report is ${pages} A4 pages`);
  await page.context().close();
});

test('metrics: page weight, recompute time, screenshots', async () => {
  const files = [PAGE, 'static/assess.js', 'static/checklist.js', 'static/style.css'];
  const bytes = files.reduce((sum, f) => sum + fs.statSync(path.join(SITE, f)).size, 0);
  console.log(`METRIC checklist_page_bytes=${bytes} (${files.join(' + ')})`);
  const page = await freshPage();
  await answer(page, mixedAnswers());
  const times = [];
  for (let i = 0; i < 20; i++) {
    await page.click(i % 2 ? 'label[for="impact--geen"]' : 'label[for="impact--onafhankelijk"]');
    times.push(await page.evaluate(() => window.leidraadChecklist.lastMs));
  }
  times.sort((a, b) => a - b);
  console.log(`METRIC recompute_ms_median=${times[10].toFixed(2)} max=${times[19].toFixed(2)}`);
  assert.ok(times[10] < 50, 'a click recomputes well within a frame budget');
  if (SHOTS) {
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: path.join(SHOTS, `checklist-${width}.png`), fullPage: false });
      await page.locator('#resultaat').screenshot({ path: path.join(SHOTS, `checklist-result-${width}.png`) });
    }
  }
  await page.context().close();
});
