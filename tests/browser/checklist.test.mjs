// Browser checks of the readiness checklist page (rules version 2): the page lays out
// exactly the outcome `leidraad assess` gives for the same answers (range, band, steps,
// advice, open points), an empty form invites instead of judging, weights sit behind a
// switch, every control shows its focus, export/import and share links round-trip,
// untrusted input is rejected or shown as text, axe finds no WCAG 2.2 A/AA violations,
// and the printed report carries what a provider needs on paper.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { launch, url, axeViolations, pdfText, SITE } from './browser.mjs';

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
const question = (id) => questions().find((q) => q.id === id);

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
  assert.ok(BIN, 'LEIDRAAD_BIN must be set');
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

/** A mixed answer set: every kind of option, about a third "weet niet", no knock-out. */
function mixedAnswers(seed = 7) {
  const out = {};
  questions().forEach((q, i) => {
    const options = q.opties.filter((o) => !o.knockout).map((o) => o.id);
    if ((i * seed) % 3 === 0) out[q.id] = 'weet_niet';
    else out[q.id] = options[(i * seed) % options.length];
  });
  return out;
}

/** What the page shows, read from the DOM. */
async function shown(page) {
  return page.evaluate(() => {
    const box = document.querySelector('#result-body .verdict');
    const items = (sel) => [...document.querySelectorAll(sel)];
    return {
      status: box.dataset.status,
      min: Number(box.dataset.scoreMin),
      max: Number(box.dataset.scoreMax),
      band: box.dataset.band,
      verdict: box.querySelector('.verdict-line').textContent,
      steps: items('#result-body .next-steps > li').map((li) => li.dataset.question),
      advice: items('#result-body .advice-list > li').map((li) => [li.dataset.question, li.dataset.level, li.querySelector('.advice-text').textContent]),
      open: items('#result-body .open-points > li').map((li) => li.dataset.question),
      caps: items('#result-body .caps-list > li').map((li) => [li.dataset.question, li.dataset.band]),
      outcome: window.leidraadChecklist.outcome,
    };
  });
}

/** The page shows what `leidraad assess` computes, item for item. */
function assertSameAsCli(s, expected) {
  assert.deepEqual(normalize(s.outcome), normalize(expected));
  assert.equal(s.status, expected.status);
  assert.equal(s.min, expected.score_min);
  assert.equal(s.max, expected.score_max);
  assert.equal(s.band, expected.band ? expected.band.id : '');
  assert.deepEqual(s.steps, expected.next_steps.map((x) => x.question));
  assert.deepEqual(s.advice, expected.advice.map((a) => [a.question, a.level, a.text]));
  assert.deepEqual(s.open, expected.open.map((p) => p.question));
  assert.deepEqual(s.caps, expected.caps.map((c) => [c.question, c.band.id]));
}

test('an empty form invites to start and never shows a red verdict', async () => {
  const page = await freshPage();
  const s = await shown(page);
  assert.equal(s.status, 'empty');
  assert.match(s.verdict, /^Begin met de vragen/);
  assert.equal(await page.locator('#result-body .band-nog_niet').count(), 0);
  await page.context().close();
});

test('the page lays out the same outcome as leidraad assess, with a third unknown', async () => {
  for (const seed of [7, 11, 13]) {
    const page = await freshPage();
    const answers = mixedAnswers(seed);
    await answer(page, answers);
    const s = await shown(page);
    const expected = cliAssess(answers);
    assertSameAsCli(s, expected);
    if (expected.status === 'decided') assert.match(s.verdict, /^Score tussen \d+ en \d+ van 100$/);
    // An undecided result always shows its range in numbers.
    if (expected.status === 'undecided') {
      assert.equal(s.verdict, `Nog niet te zeggen: score tussen ${expected.score_min} en ${expected.score_max}, uitkomst tussen «${expected.band_low.title}» en «${expected.band_high.title}»`);
    }
    await page.context().close();
  }
});

test('a fully answered checklist shows one score; steps and advice link to guidance', async () => {
  const page = await freshPage();
  const answers = Object.fromEntries(questions().map((q, i) => {
    const options = q.opties.filter((o) => !o.knockout);
    return [q.id, options[i % options.length].id];
  }));
  await answer(page, answers);
  const s = await shown(page);
  const expected = cliAssess(answers);
  assertSameAsCli(s, expected);
  assert.equal(s.status, 'complete');
  assert.equal(s.verdict, `Score ${expected.score_min} van 100`);
  const linked = await page.evaluate(() => ({
    steps: [...document.querySelectorAll('#result-body .next-steps > li')].every((li) => li.querySelector('.advice-links a')),
    advice: [...document.querySelectorAll('#result-body .advice-list > li')].every((li) => li.querySelector('.advice-links a')),
  }));
  assert.ok(linked.steps && linked.advice, 'every step and advice links to guidance');
  await page.context().close();
});

test('a knock-out decides the lowest band and is the first step', async () => {
  const page = await freshPage();
  const best = Object.fromEntries(questions().map((q) => [q.id, q.opties[0].id]));
  await answer(page, best);
  assert.equal((await shown(page)).band, 'geschikt');
  await page.click('label[for="opschaling--nee"]');
  const s = await shown(page);
  assertSameAsCli(s, cliAssess({ ...best, opschaling: 'nee' }));
  assert.equal(s.band, 'nog_niet');
  assert.equal(s.steps[0], 'opschaling');
  assert.deepEqual(s.advice[0].slice(0, 2), ['opschaling', 'knockout']);
  await page.context().close();
});

test('a cap is listed under "Eerst regelen" and points elsewhere do not buy it off', async () => {
  const page = await freshPage();
  const best = Object.fromEntries(questions().map((q) => [q.id, q.opties[0].id]));
  await answer(page, { ...best, projectleider: 'geen' });
  const s = await shown(page);
  const expected = cliAssess({ ...best, projectleider: 'geen' });
  assertSameAsCli(s, expected);
  // 100 − 2 × 1 × 100 / 52 = 96.2 -> 96, but no project leader caps at "Kansrijk ...".
  assert.equal(s.min, 96);
  assert.equal(s.band, 'voorwaardelijk');
  assert.deepEqual(s.caps, [['projectleider', 'voorwaardelijk']]);
  assert.equal(s.steps[0], 'projectleider');
  const text = await page.textContent('#result-body');
  assert.ok(text.includes('Eerst regelen') && text.includes('hoogstens «Kansrijk, maar regel eerst de voorwaarden»'));
  // Undecided: the open questions are ranked by the points they can move, and the page
  // never says they decide the outcome.
  await page.click('label[for="integratie--weet_niet"]');
  await page.click('label[for="impact--weet_niet"]');
  const open = await shown(page);
  assert.equal(open.status, 'decided');
  await page.click('label[for="projectleider--weet_niet"]');
  const u = await shown(page);
  assert.equal(u.status, 'undecided');
  const deciding = await page.$$eval('#result-body .deciding li', (li) => li.map((x) => [x.dataset.question, x.textContent]));
  assert.deepEqual(deciding.map((d) => d[0]), u.outcome.open.slice(0, 3).map((p) => p.question));
  assert.match(deciding[0][1], /kan de score nog [\d,]+ punten veranderen/);
  assert.doesNotMatch(text + (await page.textContent('#result-body')), /bepalen de uitkomst/);
  await page.context().close();
});

test('weights and points sit behind one switch and stay out of the accessible names', async () => {
  const page = await freshPage();
  assert.equal(await page.isVisible('#vraag-maatwerk .option-score >> nth=0'), false);
  assert.equal(await page.isVisible('#vraag-maatwerk .weight'), false);
  await page.click('label[for="show-weights"]');
  assert.equal(await page.isVisible('#vraag-maatwerk .option-score >> nth=0'), true);
  await page.click('label[for="maatwerk--beperkt"]');
  assert.match(await page.textContent('[data-points-for="maatwerk"]'), /van 3 punten/);
  const names = await page.evaluate(() => [...document.querySelectorAll('input[type=radio]')].map((r) => r.labels[0].textContent));
  assert.ok(names.every((n) => !n.includes('×')), 'no weights in radio names');
  const legend = await page.evaluate(() => document.querySelector('#vraag-maatwerk .weight').getAttribute('aria-hidden'));
  assert.equal(legend, 'true');
  // Legends stay inside their card.
  const inside = await page.evaluate(() => [...document.querySelectorAll('fieldset.question')].every((f) => {
    const l = f.querySelector('legend').getBoundingClientRect();
    const r = f.getBoundingClientRect();
    return l.right <= r.right + 1 && l.left >= r.left - 1;
  }));
  assert.ok(inside);
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

test('export then import round-trips; version 1 files open; bad files change nothing', async () => {
  const page = await freshPage();
  const answers = mixedAnswers();
  await answer(page, answers);
  await page.fill('#innovatie', 'Digitale sleutel');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#action-export')]);
  const file = await download.path();
  const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const key of ['checklist', 'version', 'answers', 'innovatie', 'date', 'outcome']) {
    assert.ok(key in exported, `export lacks ${key}`);
  }
  assert.equal(exported.innovatie, 'Digitale sleutel');
  const { innovatie, ...fromCli } = cliAssess(exported);
  assert.equal(innovatie, 'Digitale sleutel');
  assert.deepEqual(normalize(fromCli), normalize(exported.outcome), 'assess reads an exported file');
  const before = await shown(page);

  await page.click('#action-clear');
  assert.equal((await shown(page)).status, 'empty');
  await page.setInputFiles('#action-import', file);
  await page.waitForFunction(() => document.getElementById('message').textContent.includes('geopend'));
  assert.deepEqual((await shown(page)).outcome, before.outcome);
  assert.equal(await page.inputValue('#innovatie'), 'Digitale sleutel');

  // A result saved by checklist 1.0: its stored score is ignored, its answers count.
  const v1 = path.join(os.tmpdir(), 'v1.json');
  fs.writeFileSync(v1, JSON.stringify({ checklist: 'centrale-inkoop', version: '1.0', score: 99, band: 'geschikt', answers: { maatwerk: 'standaard' }, innovatie: 'Oud' }));
  await page.setInputFiles('#action-import', v1);
  await page.waitForFunction(() => document.getElementById('message').textContent.includes('geopend'));
  assert.deepEqual(normalize((await shown(page)).outcome), normalize(cliAssess({ maatwerk: 'standaard' })));
  const kept = await shown(page);

  const bad = [
    ['not-json.json', '{ this is not json'],
    ['foreign.json', JSON.stringify({ checklist: 'iets-anders', answers: {} })],
    ['newer.json', JSON.stringify({ checklist: 'centrale-inkoop', version: '9.0', answers: {} })],
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
    assert.deepEqual((await shown(page)).outcome, kept.outcome, `${name} changed the outcome`);
  }
  await page.context().close();
});

test('a share link restores the answers; a tampered link gets a message', async () => {
  const page = await freshPage();
  await answer(page, { maatwerk: 'beperkt', integratie: 'meeste', exit: 'weet_niet' });
  await page.fill('#innovatie', 'Slim incontinentiemateriaal');
  await page.fill('#organisatie', 'Thuiszorg Oost');
  await page.click('#action-share');
  const link = await page.inputValue('#share-link');
  assert.ok(link.includes(`#checklist=centrale-inkoop&v=${model.checklist.versie}&a=`), link);
  const outcome = (await shown(page)).outcome;
  await page.context().close();

  const other = await freshPage();
  await other.goto(link);
  await other.reload();
  assert.equal(await other.isChecked('#maatwerk--beperkt'), true);
  assert.equal(await other.isChecked('#exit--weet_niet'), true);
  assert.equal(await other.inputValue('#innovatie'), 'Slim incontinentiemateriaal');
  assert.equal(await other.inputValue('#organisatie'), 'Thuiszorg Oost');
  assert.deepEqual((await shown(other)).outcome, outcome);
  await other.context().close();

  for (const [tampered, says] of [
    [link.replace('maatwerk%3Abeperkt', 'maatwerk%3Agestolen'), /beschadigd/],
    [link.replace('checklist=centrale-inkoop', 'checklist=iets'), /andere checklist/],
    [link.replace(`v=${model.checklist.versie}`, 'v=8.1'), /nieuwere versie/],
    [link.split('&a=')[0] + '&a=%3Cscript%3E', /beschadigd/],
  ]) {
    const p = await freshPage();
    await p.goto(tampered);
    await p.waitForFunction(() => !document.getElementById('page-message').hidden);
    assert.match(await p.textContent('#page-message'), says);
    assert.match(await p.textContent('#page-message'), /niets gewijzigd/);
    assert.equal((await shown(p)).status, 'empty');
    assert.equal(await p.locator('#assessment-select option').count(), 1, 'nothing added');
    await p.context().close();
  }
});

test('untrusted text is shown as text, never as HTML', async () => {
  const page = await freshPage();
  const evil = '<img src=x onerror="window.pwned=1">';
  await page.fill('#innovatie', evil);
  await page.click('label[for="maatwerk--standaard"]');
  // The hidden print report is drawn once the clicking settles.
  await page.waitForFunction(() => window.leidraadChecklist.reportFresh);
  const report = await page.evaluate(() => document.getElementById('rapport').textContent);
  assert.ok(report.includes(evil));
  const imgs = await page.evaluate(() => document.querySelectorAll('#rapport img, #result-body img').length);
  assert.equal(imgs, 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  await page.context().close();
});

test('keyboard only: every question, every stop with a visible focus', async () => {
  const page = await freshPage();
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement.id === 'innovatie')) break;
  }
  assert.equal(await page.evaluate(() => document.activeElement.id), 'innovatie');
  await page.keyboard.type('Beeldschermzorg');
  // Every stop from here to the end of the page shows where focus is.
  const stops = [];
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      const style = getComputedStyle(e);
      // A file input shows its focus on its label.
      const shown = e.type === 'file' ? getComputedStyle(e.labels[0]).outlineStyle : style.outlineStyle;
      return { id: e.id || e.name || e.textContent.trim().slice(0, 30), tag: e.tagName, outline: shown };
    });
    if (!info) break;
    stops.push(info);
    if (info.id === 'action-clear') break;
  }
  const hidden = stops.filter((s) => s.outline === 'none');
  assert.deepEqual(hidden, [], 'focus visible on every stop');
  assert.ok(stops.some((s) => s.id === 'action-import'), 'the file control is reachable');
  // Answer every question by keyboard.
  await page.focus('#innovatie');
  for (const q of questions()) {
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((id) => document.activeElement.name === id, q.id)) break;
    }
    assert.equal(await page.evaluate(() => document.activeElement.name), q.id, 'Tab reaches each question in order');
    await page.keyboard.press('Space');
  }
  const n = questions().length;
  assert.equal(await page.textContent('#progress'), `${n} van ${n} vragen beantwoord`);
  assert.equal((await shown(page)).verdict, 'Score 100 van 100');
  await page.context().close();
});

test('the result is announced politely, once things settle', async () => {
  const page = await freshPage();
  assert.equal(await page.getAttribute('#result-live', 'aria-live'), 'polite');
  await answer(page, { maatwerk: 'standaard', integratie: 'alle', impact: 'geen' });
  // On a busy machine an announcement may come between clicks; the last one counts all.
  await page.waitForFunction(() => /3 van 32 vragen beantwoord\.$/.test(document.getElementById('result-live').textContent));
  await page.context().close();
});

test('on a narrow screen a summary of the result stays in view while answering', async () => {
  const page = await freshPage({ viewport: { width: 390, height: 800 } });
  await answer(page, { maatwerk: 'standaard', integratie: 'alle' });
  await page.locator('#vraag-exit').scrollIntoViewIfNeeded();
  const box = await page.locator('#result-summary').boundingBox();
  assert.ok(box && box.y + box.height <= 800 && box.y > 600, `summary at the bottom: ${JSON.stringify(box)}`);
  assert.match(await page.textContent('#summary-verdict'), /^(Nog niet te zeggen|Score)/);
  // A focused option is never hidden under the summary bar.
  await page.focus('#exit--geregeld');
  const focus = await page.locator('#exit--geregeld').boundingBox();
  const bar = await page.locator('#result-summary').boundingBox();
  assert.ok(focus.y + focus.height <= bar.y, 'focus not obscured');
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scroll <= 390, `no sideways scroll: ${scroll}`);
  await page.context().close();
});

test('axe finds no WCAG 2.2 A/AA violations on the checklist page', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const page = await freshPage({ colorScheme });
    await answer(page, { ...mixedAnswers(), maatwerk: 'volledig' });
    await page.click('label[for="show-weights"]');
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
  assert.equal(await page.isVisible('#vraag-maatwerk .option-score >> nth=0'), true, 'weights to count by hand');
  assert.ok((await page.textContent('.method')).includes('100 ×'));
  await page.context().close();
});

test('the printed report carries steps, advice with addresses, site and version', async () => {
  const page = await freshPage();
  const answers = Object.fromEntries(questions().map((q) => [q.id, q.opties[q.opties.length - 1].id]));
  await answer(page, answers);
  await page.fill('#innovatie', 'Medicijndispenser');
  await page.emulateMedia({ media: 'print' });
  await page.waitForFunction(() => window.leidraadChecklist.reportFresh);
  assert.equal(await page.isVisible('#checklist-form'), false);
  assert.equal(await page.isVisible('#rapport'), true);
  const report = await page.textContent('#rapport');
  const expected = cliAssess(answers);
  assert.ok(report.includes('Medicijndispenser'));
  assert.ok(report.includes(`${model.checklist.titel} (versie ${model.checklist.versie})`));
  // The shipped base_url is an example address: no reader can visit it, so guidance
  // pages print as paths (visitor-print.test.mjs tries a real address).
  assert.ok(!report.includes('example.org'), 'no example address on paper');
  assert.ok(report.includes('Lees meer: knelpunten/'), 'guidance pages as readable paths');
  for (const step of expected.next_steps) assert.ok(report.includes(step.question_text));
  for (const a of expected.advice) assert.ok(report.includes(a.text), a.question);
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
  const pdfPath = path.join(SHOTS || os.tmpdir(), 'report.pdf');
  fs.writeFileSync(pdfPath, pdf);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  console.log(`METRIC report_pdf_pages=${pages}`);
  assert.ok(pages >= 1 && pages <= 4, `report is ${pages} A4 pages`);
  const text = pdfText(pdfPath);
  if (text !== null) assert.match(text, new RegExp(`\\b1\\s*/\\s*${pages}\\b`), 'page numbers in the footer');
  await page.context().close();
});

test('metrics: page weight gzipped, recompute time, screenshots', async () => {
  const files = [PAGE, 'static/assess.js', 'static/checklist.js', 'static/style.css'];
  const raw = files.reduce((sum, f) => sum + fs.statSync(path.join(SITE, f)).size, 0);
  const gz = files.reduce((sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(SITE, f)), { level: 9 }).length, 0);
  console.log(`METRIC checklist_page_bytes=${raw} gzipped=${gz} (${files.join(' + ')})`);
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
  assert.ok(gz <= 60 * 1024, `page is ${gz} bytes gzipped, budget 60 KB`);
});
