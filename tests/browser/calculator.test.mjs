// Browser checks of the calculator page (rekenhulp, issue 24): three participants filled
// in by keyboard only give exactly the numbers `leidraad business-case` gives for the same
// input (from file:// and from `leidraad serve` started inside a copy of the site), two
// tabs lose nothing, export / clear / import round-trip, the printout fits two A4 pages at
// 10 pt or more, axe finds no WCAG 2.2 A/AA violations in light and dark, 320 px needs no
// sideways scrolling, and hostile names stay text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { launch, url, axeViolations, pdfText, startServe, watchCsp, SITE } from './browser.mjs';

const PAGE = 'rekenhulp/samen-of-alleen.html';
const BIN = process.env.LEIDRAAD_BIN;
const ROOT = process.env.LEIDRAAD_ROOT;
const SHOTS = process.env.SCREENSHOT_DIR;
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'rekenhulp-'));

let browser;
before(async () => { browser = await launch(); });
after(async () => {
  await browser?.close();
  fs.rmSync(TMP, { recursive: true, force: true });
});

async function open(address = url(PAGE), opts = {}) {
  const context = await browser.newContext({ acceptDownloads: true, ...opts });
  const page = await context.newPage();
  page.on('dialog', (d) => d.accept());
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(address);
  page.errors = errors;
  return page;
}

/** `leidraad business-case --format json` on an input, run from inside the site folder. */
function cli(input, name = 'input.json') {
  assert.ok(BIN, 'LEIDRAAD_BIN must be set');
  const file = path.join(TMP, name);
  fs.writeFileSync(file, JSON.stringify(input));
  const out = execFileSync(BIN, ['business-case', '--input', file, '--format', 'json'], { cwd: ROOT });
  return JSON.parse(out.toString());
}

/** Numbers as numbers, so 45 and 45.0 compare equal. */
function normalize(v) {
  return JSON.parse(JSON.stringify(v));
}

/** Whole euros as the page shows them (half away from zero, Dutch grouping). */
function euros(x) {
  const whole = Math.sign(x) * Math.floor(Math.abs(x) + 0.5);
  return (whole < 0 ? '−' : '') + '€ ' + Math.abs(whole).toLocaleString('nl-NL');
}

/** Presses Tab until the focused element matches `selector`: keyboard only. */
async function tabTo(page, selector, max = 150) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((sel) => document.activeElement && document.activeElement.matches(sel), selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('Tab never reached ' + selector);
}

/** Replaces the focused field's text by typing, as a visitor does. */
async function typeOver(page, text) {
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

// The group and the three participants of the keyboard test, as typed in Dutch and as
// the input file says them.
const TYPED = {
  titel: 'Digitale sleutel Oost', horizon: '4', kosten: '36.000', korting: '12,5',
  people: [
    ['Thuiszorg De Linde', '400', '120', '80', '50', '10'],
    ['Zorggroep Oost', '150', '135,50', '65', '', '12'],
    ['Wijkverpleging Noord', '60', '150', '0', '40', '40'],
  ],
};
const INPUT = {
  rekenhulp: 'samen-of-alleen', titel: 'Digitale sleutel Oost', horizon_jaren: 4, externe_kosten: 36000,
  verdeelsleutel: 'naar_bruto_voordeel', korting: 0.125,
  deelnemers: [
    { naam: 'Thuiszorg De Linde', gebruikers: 400, prijs_alleen: 120, uurtarief: 80, uren_alleen: 50, uren_samen: 10 },
    // An emptied field takes the calculator's default (50 hours alone).
    { naam: 'Zorggroep Oost', gebruikers: 150, prijs_alleen: 135.5, uurtarief: 65, uren_samen: 12 },
    { naam: 'Wijkverpleging Noord', gebruikers: 60, prijs_alleen: 150, uurtarief: 0, uren_alleen: 40, uren_samen: 40 },
  ],
};

async function fillByKeyboard(page) {
  await tabTo(page, '#rh-new');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'rh-titel');
  await page.keyboard.type(TYPED.titel);
  await tabTo(page, '#rh-horizon_jaren');
  await typeOver(page, TYPED.horizon);
  await tabTo(page, '#rh-externe_kosten');
  await typeOver(page, TYPED.kosten);
  // The key: the checked radio takes focus; the arrow key moves the choice.
  await tabTo(page, 'input[name="verdeelsleutel"]:checked');
  assert.equal(await page.evaluate(() => document.activeElement.value), 'naar_volume');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.value), 'naar_bruto_voordeel');
  await tabTo(page, '#rh-korting');
  await typeOver(page, TYPED.korting);
  const rows = () => page.evaluate(() => document.querySelectorAll('#rh-people > li').length);
  for (let i = 0; i < TYPED.people.length; i++) {
    if (i >= await rows()) {
      await tabTo(page, '#rh-add');
      await page.keyboard.press('Enter');
    } else {
      await tabTo(page, `#rh-people > li:nth-child(${i + 1}) [data-field="naam"]`);
    }
    assert.equal(await page.evaluate(() => document.activeElement.dataset.field), 'naam');
    for (const [j, value] of TYPED.people[i].entries()) {
      if (j > 0) await page.keyboard.press('Tab');
      await typeOver(page, value);
    }
  }
}

async function keyboardMatchesCli(address, label) {
  const page = await open(address);
  const csp = await watchCsp(page);
  await page.reload();
  await fillByKeyboard(page);
  const expected = cli(INPUT, `keyboard-${label}.json`);
  const outcome = await page.evaluate(() => window.leidraadRekenhulp.outcomes && window.leidraadRekenhulp.outcomes[0]);
  assert.ok(outcome, `${label}: the page has a result`);
  assert.deepEqual(normalize(outcome), normalize(expected), `${label}: the page computes what the command computes`);
  // What the visitor reads: the table shows the same amounts, rounded to whole euros.
  const shown = await page.evaluate(() => [...document.querySelectorAll('.rh-table-box')[0].querySelectorAll('tbody tr')]
    .map((tr) => [...tr.children].map((c) => c.textContent)));
  expected.participants.forEach((p, i) => {
    assert.deepEqual(shown[i].slice(0, 3), [p.name, euros(p.cost_alone), euros(p.cost_together)], `${label}: row ${i}`);
    assert.ok(shown[i][3].startsWith(euros(p.saving)), shown[i][3]);
  });
  assert.equal(shown[3][1], euros(expected.group.cost_alone));
  assert.deepEqual(await csp(), [], `${label}: no CSP violations`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
  return expected;
}

test('three participants typed by keyboard give the numbers of leidraad business-case (file://)', async () => {
  const expected = await keyboardMatchesCli(url(PAGE), 'file');
  // Hand check of one number: De Linde, 400 users at € 120 for 4 years = € 192,000 alone
  // plus 50 hours at € 80 = € 4,000.
  assert.equal(expected.participants[0].cost_alone, 400 * 120 * 4 + 50 * 80);
});

test('the same from leidraad serve started inside a copy of the site, with default flags', async () => {
  const site = fs.mkdtempSync(path.join(TMP, 'site-'));
  fs.cpSync(path.join(ROOT, 'content'), path.join(site, 'content'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'leidraad.yaml'), path.join(site, 'leidraad.yaml'));
  const { server, base } = await startServe(BIN, [], site);
  try {
    await keyboardMatchesCli(base + PAGE, 'serve');
  } finally {
    server.kill('SIGINT');
  }
});

test('staffels: both scenarios side by side equal the command with each scenario', async () => {
  const page = await open();
  await page.click('#rh-example');
  const outcomes = await page.evaluate(() => window.leidraadRekenhulp.outcomes);
  assert.equal(outcomes.length, 2);
  const example = JSON.parse(fs.readFileSync(path.join(SITE, PAGE), 'utf8')
    .split('<script type="application/json" id="rekenhulp-model">')[1].split('</script>')[0]).calculator.voorbeeld.invoer;
  for (const [i, scenario] of ['voorzichtig', 'gunstig'].entries()) {
    const expected = cli({ ...example, scenario }, `example-${scenario}.json`);
    assert.deepEqual(normalize(outcomes[i]), normalize(expected));
  }
  // PwC's figures for the largest participant: 4 % cautious, 7 % favourable.
  assert.deepEqual(outcomes.map((o) => o.participants[0].saving_pct), [4, 7]);
  const head = await page.evaluate(() => [...document.querySelector('.rh-table-box').querySelectorAll('thead th')].map((t) => t.textContent));
  assert.deepEqual(head.slice(2), ['Kosten samen, voorzichtig', 'Besparing, voorzichtig', 'Kosten samen, gunstig', 'Besparing, gunstig']);
  // Warnings in words, and what the model leaves out beside the result.
  const warnings = await page.$$eval('.rh-warnings li', (lis) => lis.map((li) => li.textContent));
  assert.ok(warnings.some((w) => /Samen duurder uit dan alleen: Thuiszorgorganisatie \(€ 15\.480\)/.test(w)), warnings.join('\n'));
  const leftOut = await page.textContent('.rh-left-out');
  for (const words of ['invoering', 'scholing', '5 tot 6 maanden']) assert.ok(leftOut.includes(words), words);
  if (SHOTS) {
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: path.join(SHOTS, `rekenhulp-${width}.png`), fullPage: true });
    }
  }
  await page.context().close();
});

test('two tabs lose nothing', async () => {
  const context = await browser.newContext();
  const a = await context.newPage();
  const b = await context.newPage();
  for (const p of [a, b]) await p.goto(url(PAGE));
  // Each tab starts a calculation of its own at the same time.
  for (const [p, name] of [[a, 'Tabblad A'], [b, 'Tabblad B']]) {
    await p.click('#rh-new');
    await p.fill('#rh-titel', name);
  }
  await a.fill('#rh-people > li:nth-child(1) [data-field="naam"]', 'Alleen in A');
  await b.fill('#rh-people > li:nth-child(1) [data-field="naam"]', 'Alleen in B');
  const stored = (p) => p.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('leidraad:rekenhulp:samen-of-alleen:c'))
    .map((k) => JSON.parse(localStorage.getItem(k)).draft));
  let drafts = await stored(a);
  assert.deepEqual(drafts.map((d) => d.titel).sort(), ['Tabblad A', 'Tabblad B']);
  // Both tabs list both calculations (the storage event), and a reload keeps its own.
  await b.waitForFunction(() => [...document.querySelectorAll('#rh-select option')].some((o) => o.textContent.startsWith('Tabblad A')));
  await a.reload();
  assert.equal(await a.inputValue('#rh-titel'), 'Tabblad A');
  // B opens A's calculation; an edit in A reaches B.
  const idA = await a.evaluate(() => window.leidraadRekenhulp.item.id);
  await b.selectOption('#rh-select', idA);
  await a.fill('#rh-titel', 'Tabblad A, bijgewerkt');
  await b.waitForFunction(() => document.getElementById('rh-titel').value === 'Tabblad A, bijgewerkt');
  // A third writer changes it before A hears of it: A's next edit is kept as a copy, the
  // other version stays too.
  await a.evaluate((id) => {
    const key = 'leidraad:rekenhulp:samen-of-alleen:' + id;
    const rec = JSON.parse(localStorage.getItem(key));
    rec.rev = 'elders';
    rec.draft.titel = 'Versie van elders';
    localStorage.setItem(key, JSON.stringify(rec));
  }, idA);
  await a.fill('#rh-titel', 'Versie van A');
  drafts = await stored(a);
  const titles = drafts.map((d) => d.titel);
  assert.ok(titles.includes('Versie van elders'), titles.join(' | '));
  assert.ok(titles.some((t) => t.startsWith('Versie van A')), titles.join(' | '));
  assert.ok(titles.includes('Tabblad B'));
  assert.match(await a.textContent('#rh-note-text'), /apart bewaard/);
  await context.close();
});

test('export, clear and import give back the same calculation', async () => {
  const page = await open();
  await page.click('#rh-example');
  const before = await page.evaluate(() => window.leidraadRekenhulp.outcomes);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#rh-export')]);
  const file = path.join(TMP, download.suggestedFilename());
  await download.saveAs(file);
  assert.match(path.basename(file), /^rekenhulp-reconstructie-regionale-[a-z-]+-\d{4}-\d{2}-\d{2}\.json$/);
  // The exported file is an input the command reads.
  const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.deepEqual(normalize(cli(saved, 'exported.json')), normalize(before[0]));
  await page.click('#rh-clear');
  assert.equal(await page.evaluate(() => window.leidraadRekenhulp.outcomes), null);
  assert.match(await page.textContent('#rh-outcome'), /Nog niet compleet/);
  await page.setInputFiles('#rh-import', file);
  await page.waitForFunction(() => window.leidraadRekenhulp.outcomes !== null);
  assert.deepEqual(await page.evaluate(() => window.leidraadRekenhulp.outcomes), before);
  assert.match(await page.textContent('#rh-message'), /geopend als nieuwe berekening/);
  // A file with a mistake is refused with the reason, and nothing changes.
  const bad = path.join(TMP, 'bad.json');
  fs.writeFileSync(bad, JSON.stringify({ ...saved, korting: 12, staffels: undefined }));
  const count = await page.$$eval('#rh-select option', (o) => o.length);
  await page.setInputFiles('#rh-import', bad);
  await page.waitForFunction(() => /niet worden geopend/.test(document.getElementById('rh-message').textContent));
  assert.match(await page.textContent('#rh-message'), /Korting op de eigen prijs \(%\): kies een waarde van 0 tot en met 1/);
  assert.equal(await page.$$eval('#rh-select option', (o) => o.length), count);
  await page.context().close();
});

/** The smallest font size in a PDF, in points: every text-showing operator's size under
 *  its text and transformation matrices (Chromium writes sizes in CSS pixels, scaled). */
function smallestFontPt(pdf) {
  const sizes = new Map();
  const num = /^[-+]?(\d+\.?\d*|\.\d+)$/;
  const mul = (a, b) => [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3], a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]];
  const text = pdf.toString('latin1');
  for (const m of text.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let body;
    try { body = zlib.inflateSync(Buffer.from(m[1], 'latin1')).toString('latin1'); } catch { continue; }
    let ctm = [1, 0, 0, 1, 0, 0];
    let tm = [1, 0, 0, 1, 0, 0];
    const stack = [];
    let size = 0;
    let ops = [];
    for (const t of body.match(/\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]*>|\[|\]|\/[^\s/[\]()<>]+|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'"*]+/g) || []) {
      if (num.test(t)) { ops.push(Number(t)); continue; }
      if (t === 'q') stack.push(ctm);
      else if (t === 'Q') ctm = stack.pop() || ctm;
      else if (t === 'cm' && ops.length >= 6) ctm = mul(ops.slice(-6), ctm);
      else if (t === 'Tf' && ops.length) size = ops[ops.length - 1];
      else if (t === 'Tm' && ops.length >= 6) tm = ops.slice(-6);
      else if (['Tj', 'TJ', "'", '"'].includes(t) && size) {
        const m2 = mul(tm, ctm);
        const pt = Math.round(size * Math.sqrt(Math.abs(m2[0] * m2[3] - m2[1] * m2[2])) * 100) / 100;
        sizes.set(pt, (sizes.get(pt) || 0) + 1);
      }
      if (!/^[/(<[\]]/.test(t)) ops = [];
    }
  }
  return Math.min(...sizes.keys());
}

test('the printout of six participants fits two A4 pages at 10 pt or more', async () => {
  const page = await open();
  await page.click('#rh-example');
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ preferCSSPageSize: true });
  const pdfPath = path.join(SHOTS || TMP, 'rekenhulp-print.pdf');
  fs.writeFileSync(pdfPath, pdf);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  const smallest = smallestFontPt(pdf);
  console.log(`METRIC rekenhulp_print_pages=${pages} smallest_font_pt=${smallest} (6 participants, two scenarios)`);
  assert.ok(pages <= 2, `${pages} pages`);
  assert.ok(smallest >= 10, `smallest font ${smallest} pt`);
  const mediaBox = pdf.toString('latin1').match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)/);
  assert.ok(Math.abs(Number(mediaBox[1]) - 595) < 2 && Math.abs(Number(mediaBox[2]) - 842) < 2, 'A4 portrait');
  const words = pdfText(pdfPath);
  if (words !== null) {
    for (const text of ['Reconstructie', 'Apotheek C', 'Wat deze rekenhulp niet meetelt', 'Opbouw per deelnemer', 'hoofdstuk 8.1']) {
      assert.ok(words.includes(text), `the printout says ${text}`);
    }
  }
  await page.context().close();
});

test('axe finds no WCAG 2.2 A/AA violations, light and dark, complete and incomplete', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const page = await open(url(PAGE), { colorScheme });
    await page.click('#rh-example');
    let v = await axeViolations(page);
    assert.deepEqual(v, [], `${colorScheme}, example: ${JSON.stringify(v, null, 2)}`);
    await page.click('#rh-new');
    await page.check('#rh-mode-staffels');
    v = await axeViolations(page);
    assert.deepEqual(v, [], `${colorScheme}, empty: ${JSON.stringify(v, null, 2)}`);
    await page.context().close();
  }
});

test('320 px wide needs no sideways scrolling', async () => {
  const page = await open(url(PAGE), { viewport: { width: 320, height: 700 } });
  await page.click('#rh-example');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 320, `page is ${width} px wide`);
  await page.context().close();
});

test('hostile names from a link or a file are shown as text', async () => {
  const names = ['<script>window.__pwned = 1</script>', '<img src=x onerror="window.__pwned = 2">', 'x'.repeat(10000)];
  const page = await open(url(PAGE) + '#deelnemers=' + encodeURIComponent(JSON.stringify(names)), { viewport: { width: 390, height: 800 } });
  await page.waitForFunction(() => document.querySelectorAll('#rh-people > li').length === 3);
  assert.match(await page.textContent('#rh-note-text'), /deelnemers uit de checklist/);
  assert.equal(await page.evaluate(() => location.hash), '', 'the names leave the address bar');
  const values = await page.$$eval('#rh-people [data-field="naam"]', (inputs) => inputs.map((i) => i.value));
  assert.deepEqual(values, [names[0], names[1], 'x'.repeat(200)]);
  // Fill in the rest so the names reach the result, the chart and the warnings.
  for (let i = 1; i <= 3; i++) {
    await page.fill(`#rh-people > li:nth-child(${i}) [data-field="gebruikers"]`, String(10 * i));
    await page.fill(`#rh-people > li:nth-child(${i}) [data-field="prijs_alleen"]`, '100');
    await page.fill(`#rh-people > li:nth-child(${i}) [data-field="uurtarief"]`, '50');
  }
  await page.fill('#rh-horizon_jaren', '3');
  await page.fill('#rh-externe_kosten', '5000');
  const names2 = await page.evaluate(() => [...document.querySelector('.rh-table-box').querySelectorAll('tbody th')].map((t) => t.textContent));
  assert.deepEqual(names2.slice(0, 2), names.slice(0, 2));
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.$$eval('main img', (imgs) => imgs.length), 0);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 390, 'a long name wraps');
  // A link with anything but a list of names changes nothing.
  const count = await page.$$eval('#rh-select option', (o) => o.length);
  await page.evaluate(() => { location.hash = 'deelnemers=' + encodeURIComponent('{"naam": 1}'); });
  await page.waitForFunction(() => /niet worden gelezen/.test(document.getElementById('rh-note-text').textContent));
  assert.equal(await page.$$eval('#rh-select option', (o) => o.length), count);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the checklist links to the calculator, and its group view opens it with the participants', async () => {
  const page = await open(url('checklist/centrale-inkoop.html'));
  // The business_case question's help links to the calculator.
  const help = await page.$$eval('#hulp-business_case a', (as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
  assert.ok(help.some(([, href]) => href === '../rekenhulp/samen-of-alleen.html'), JSON.stringify(help));
  // Two partners assess the same innovation; one name is markup.
  const names = ['Zorg Noord', 'Thuiszorg <b>Zuid</b> & "co"'];
  await page.fill('#organisatie', names[0]);
  await page.fill('#innovatie', 'Medicijndispenser');
  await page.click('label[for="business_case--globaal"]');
  await page.click('#action-new');
  await page.fill('#organisatie', names[1]);
  await page.fill('#innovatie', 'Medicijndispenser');
  await page.click('label[for="business_case--geen"]');
  await page.waitForFunction(() => document.querySelectorAll('#compare-list input').length === 2);
  for (const label of await page.$$('#compare-list label')) await label.click();
  await page.click('#compare-run');
  const link = page.locator('#group-calculate');
  assert.equal(await link.textContent(), 'Rekenhulp openen met deze deelnemers');
  // Keyboard: focus the link and press Enter.
  await link.focus();
  await Promise.all([page.waitForURL(/rekenhulp\/samen-of-alleen\.html/), page.keyboard.press('Enter')]);
  await page.waitForFunction(() => document.querySelectorAll('#rh-people > li').length === 2 && location.hash === '');
  const values = await page.$$eval('#rh-people [data-field="naam"]', (inputs) => inputs.map((i) => i.value));
  assert.deepEqual(values, names);
  assert.equal(await page.inputValue('#rh-titel'), 'Medicijndispenser');
  assert.match(await page.textContent('#rh-note-text'), /deelnemers uit de checklist/);
  assert.equal(await page.$$eval('main b', (b) => b.length), 0, 'markup in a name stays text');
  // A new calculation was saved; opening the page again without the link keeps it.
  await page.reload();
  const options = await page.$$eval('#rh-select option', (os) => os.map((o) => o.textContent));
  assert.ok(options.some((o) => o.includes('Medicijndispenser')), JSON.stringify(options));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
