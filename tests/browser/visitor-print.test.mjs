// The visitor's work on paper and under the keyboard (issue 18): the printed report for a
// board (page count and smallest font read back from the PDF, guidance addresses from the
// site's base_url or as page paths while it is an example address), example pages printed
// without buttons within four pages, and every focus stop of the checklist page clear of
// the sticky summary and message at 320×568 and at 400 % zoom (WCAG 2.2 SC 2.4.11).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { launch, axeViolations, SITE } from './browser.mjs';
import { PAGE, HOSTILE, questions, mixedAnswers, answer, note, settled, fileTarget, pdfFacts } from './visitor.mjs';

const BIN = process.env.LEIDRAAD_BIN;
const ROOT = process.env.LEIDRAAD_ROOT;
const SHOTS = process.env.SCREENSHOT_DIR;
const OUT = SHOTS || fs.mkdtempSync(path.join(os.tmpdir(), 'visitor-print-'));
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function open(href, opts = {}) {
  const context = await browser.newContext(opts);
  const page = await context.newPage();
  page.on('dialog', (d) => d.accept());
  await page.goto(href);
  return page;
}

/** Prints the page to an A4 PDF the way the browser's print dialog does and reads it back. */
async function printed(page, name) {
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  const file = path.join(OUT, `${name}.pdf`);
  fs.writeFileSync(file, await page.pdf({ format: 'A4', preferCSSPageSize: true }));
  return { file, ...pdfFacts(file) };
}

/** The font size most text is set in, and the smallest. */
function fontFacts(sizes) {
  const count = {};
  for (const pt of sizes) count[pt] = (count[pt] || 0) + 1;
  const body = Number(Object.entries(count).sort((a, b) => b[1] - a[1])[0][0]);
  return { body, smallest: Math.min(...sizes), count };
}

/** Every answer at its weakest option with advice (no knock-out), every plan row filled
 *  with a realistic owner and date: the longest report a provider can print. */
async function worstCase(page) {
  const worst = Object.fromEntries(questions.map((q) => {
    const weak = q.opties.filter((o) => !o.knockout && o.advies);
    return [q.id, (weak[weak.length - 1] || q.opties[q.opties.length - 1]).id];
  }));
  await answer(page, worst);
  await page.fill('#innovatie', 'Slimme medicijndispenser voor thuiswonende cliënten');
  await page.fill('#organisatie', 'Stichting Thuiszorg De Linde en Wijkzorg Noord');
  await settled(page);
  const rows = page.locator('#plan-body tr[data-question]');
  const n = await rows.count();
  for (let i = 0; i < n; i++) {
    await rows.nth(i).locator('.plan-who').fill(`Marieke van den Berg-Jansen (teamleider wijkzorg ${i + 1})`);
    await rows.nth(i).locator('.plan-when').fill(`2027-0${1 + (i % 9)}-15`);
    if (i % 3 === 0) await rows.nth(i).locator('.plan-done').check();
  }
  return n;
}

test('the report with every advice and a full plan: at most 4 A4 pages, body 10 pt, nothing under 9 pt', async () => {
  const page = await open(fileTarget.page);
  const rows = await worstCase(page);
  assert.ok(rows >= questions.length - 2, `a full plan: ${rows} rows`);
  const pdf = await printed(page, 'report-worst');
  const fonts = fontFacts(pdf.sizes);
  console.log(`METRIC report_worst_pages=${pdf.pages} body_pt=${fonts.body} smallest_pt=${fonts.smallest} plan_rows=${rows} sizes=${JSON.stringify(fonts.count)}`);
  assert.ok(pdf.pages <= 4, `${pdf.pages} pages`);
  assert.ok(fonts.body >= 10, `body text ${fonts.body} pt`);
  assert.ok(fonts.smallest >= 9, `smallest text ${fonts.smallest} pt`);
  // The plan is on paper with each action: every owner is printed.
  const owners = new Set([...pdf.text.matchAll(/teamleider wijkzorg (\d+)\)/g)].map((m) => Number(m[1])));
  assert.equal(owners.size, rows, `owners on paper: ${[...owners].sort((a, b) => a - b)}`);
  await page.context().close();
});

test('a third "weet niet", notes and a plan: each open question has its plan row, printed with notes', async () => {
  const page = await open(fileTarget.page);
  const answers = mixedAnswers(7);
  await answer(page, answers);
  await page.fill('#organisatie', HOSTILE);
  const unknown = Object.keys(answers).filter((q) => answers[q] === 'weet_niet');
  await settled(page);
  // Every "weet niet" has a row; every row is worded as an action: to find out, to work
  // towards an answer, or the advice itself; never the bare question.
  const rows = await page.locator('#plan-body tr[data-question]').evaluateAll((trs) => trs.map((tr) => [tr.dataset.question, tr.querySelector('strong').textContent]));
  const outcome = await page.evaluate(() => window.leidraadChecklist.outcome);
  for (const q of unknown) assert.ok(rows.some(([id]) => id === q), `plan row for ${q}`);
  for (const [id, action] of rows) {
    const q = questions.find((x) => x.id === id);
    const advice = outcome.advice.find((a) => a.question === id);
    const step = outcome.next_steps.find((x) => x.question === id);
    const expected = answers[id] === 'weet_niet' ? `Uitzoeken: ${q.vraag}`
      : step ? `Werk toe naar het antwoord «${step.target_label}»` : advice.text;
    assert.equal(action, expected, id);
    assert.notEqual(action, q.vraag);
  }
  await page.locator(`#plan-${unknown[0]}-who`).fill('Jan');
  for (const q of questions.slice(0, 5)) await note(page, q.id, `Bron voor ${q.id}: het verslag van de pilot (2026).`);
  const pdf = await printed(page, 'report-mixed');
  const fonts = fontFacts(pdf.sizes);
  console.log(`METRIC report_mixed_pages=${pdf.pages} body_pt=${fonts.body} smallest_pt=${fonts.smallest}`);
  assert.ok(pdf.pages <= 4 && fonts.body >= 10 && fonts.smallest >= 9);
  assert.ok(pdf.text.includes('het verslag van de pilot'), 'notes on paper');
  assert.ok(pdf.text.includes('Wie: Jan'), 'the plan row of an open question on paper');
  await page.context().close();
});

test('the group report prints nothing under 9 pt, its body at 10 pt', async () => {
  const page = await open(fileTarget.page);
  const files = ['Zorg Noord', 'Thuiszorg Zuid', 'Wijkzorg Oost'].map((org, i) => {
    const file = path.join(OUT, `group-${i}.json`);
    fs.writeFileSync(file, JSON.stringify({ checklist: 'centrale-inkoop', version: '2.0', innovatie: 'Sensoren', organisatie: org, answers: mixedAnswers(5 + 2 * i) }));
    return file;
  });
  await page.setInputFiles('#compare-import', files);
  await page.waitForFunction(() => document.querySelectorAll('#compare-list input:checked').length === 3);
  await page.click('#compare-run');
  await page.evaluate(() => { window.print = () => {}; });
  await page.click('#group-print');
  await page.emulateMedia({ media: 'print' });
  const file = path.join(OUT, 'group-report.pdf');
  fs.writeFileSync(file, await page.pdf({ preferCSSPageSize: true }));
  const pdf = pdfFacts(file);
  const fonts = fontFacts(pdf.sizes);
  console.log(`METRIC group_report_pages=${pdf.pages} body_pt=${fonts.body} smallest_pt=${fonts.smallest}`);
  assert.ok(pdf.text.includes('Wijkzorg Oost'));
  assert.ok(fonts.body >= 10 && fonts.smallest >= 9, JSON.stringify(fonts.count));
  await page.context().close();
});

test('guidance addresses: page paths while base_url is an example address, the real address otherwise', async () => {
  const page = await open(fileTarget.page);
  await answer(page, Object.fromEntries(questions.map((q) => [q.id, q.opties[q.opties.length - 1].id])));
  await page.emulateMedia({ media: 'print' });
  await page.waitForFunction(() => window.leidraadChecklist.reportFresh);
  const report = await page.textContent('#rapport');
  assert.ok(!/example\.(org|com|net)/.test(report), 'no example address on paper');
  assert.match(report, /Lees meer: knelpunten\/[a-z-]+\.html/);
  await page.context().close();

  // A site with a real address prints it, in front of every page path.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'visitor-real-'));
  for (const part of ['content', 'themes']) fs.cpSync(path.join(ROOT, part), path.join(dir, part), { recursive: true });
  const config = fs.readFileSync(path.join(ROOT, 'leidraad.yaml'), 'utf8');
  assert.match(config, /^base_url: "https:\/\/example\.org\/leidraad\/"$/m);
  fs.writeFileSync(path.join(dir, 'leidraad.yaml'), config.replace(/^base_url: .*$/m, 'base_url: "https://leidraad.zorg.test/gids/"'));
  execFileSync(BIN, ['build'], { cwd: dir });
  const real = await open('file://' + path.join(dir, 'public', PAGE));
  await answer(real, { maatwerk: 'veel' });
  await real.emulateMedia({ media: 'print' });
  await real.waitForFunction(() => window.leidraadChecklist.reportFresh);
  const text = await real.textContent('#rapport');
  assert.ok(text.includes('https://leidraad.zorg.test/gids/'), 'the site address in the header');
  assert.match(text, /Lees meer: leidraad\.zorg\.test\/gids\/[a-z-]+\/[a-z-]+\.html/);
  await real.context().close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('example pages print without buttons, within 4 pages, body at least 10 pt', async () => {
  const dir = path.join(SITE, 'voorbeelden');
  const pages = fs.readdirSync(dir).filter((f) => f.endsWith('.html') && f !== 'index.html');
  assert.ok(pages.length >= 5);
  const page = await open('file://' + path.join(dir, pages[0]));
  const facts = [];
  for (const f of pages) {
    await page.emulateMedia({ media: 'screen' });
    await page.goto('file://' + path.join(dir, f));
    const button = await page.locator('.assessment .button').textContent().catch(() => null);
    const pdf = await printed(page, `voorbeeld-${f}`);
    const fonts = fontFacts(pdf.sizes);
    facts.push(`${f}: ${pdf.pages} pages, body ${fonts.body} pt, smallest ${fonts.smallest} pt`);
    assert.ok(pdf.pages <= 4, `${f}: ${pdf.pages} pages`);
    assert.ok(fonts.body >= 10 && fonts.smallest >= 9, `${f}: ${JSON.stringify(fonts.count)}`);
    if (button) assert.ok(!pdf.text.includes(button.trim()), `${f} prints the button "${button.trim()}"`);
  }
  console.log(`METRIC example_pages ${facts.join('; ')}`);
  await page.context().close();
});

/** Walks every focus stop of the checklist page (Tab, and the arrow keys through each
 *  group of options) and returns those the sticky summary or message hides, entirely or
 *  in part. */
async function hiddenStops(page) {
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  const hidden = [];
  const partly = [];
  let stops = 0;
  const check = async () => {
    const r = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      // A file input shows its focus on its label.
      const target = e.type === 'file' ? e.labels[0] : e;
      const box = target.getBoundingClientRect();
      const cover = [document.getElementById('result-summary'), document.getElementById('page-message')]
        .filter((c) => c && !c.hidden && getComputedStyle(c).position === 'sticky' && !c.contains(e))
        .map((c) => c.getBoundingClientRect());
      const overlap = (c) => Math.max(0, Math.min(box.bottom, c.bottom) - Math.max(box.top, c.top)) * Math.max(0, Math.min(box.right, c.right) - Math.max(box.left, c.left));
      const area = box.width * box.height;
      const covered = cover.reduce((sum, c) => sum + overlap(c), 0);
      const outside = box.bottom <= 0 || box.top >= innerHeight;
      const band = innerHeight - cover.reduce((sum, c) => sum + c.height, 0);
      const fits = box.height <= band;
      const again = e.dataset.walked === '1';
      e.dataset.walked = '1';
      return { id: e.id || e.name || e.textContent.trim().slice(0, 40), name: e.name || '', covered: area ? covered / area : 0, outside, again, fits };
    });
    return r;
  };
  for (let i = 0; i < 700; i++) {
    await page.keyboard.press('Tab');
    const r = await check();
    if (!r || r.again) break;
    const record = (x) => {
      stops++;
      if (x.covered >= 0.999 || x.outside) hidden.push(x.id);
      else if (x.covered > 0 && x.fits) partly.push(x.id);
    };
    record(r);
    // Options: every radio of the group is a stop too (arrow keys).
    if (r.name && (await page.evaluate(() => document.activeElement.type === 'radio'))) {
      const n = await page.locator(`input[name="${r.name}"]`).count();
      for (let k = 1; k < n; k++) {
        await page.keyboard.press('ArrowDown');
        record(await check());
      }
    }
  }
  return { stops, hidden, partly };
}

for (const [label, opts] of [
  ['320×568', { viewport: { width: 320, height: 568 } }],
  ['400 % zoom (1280×1024 at 4×: a 320×256 CSS viewport)', { viewport: { width: 320, height: 256 }, deviceScaleFactor: 4 }],
]) {
  test(`every focus stop stays clear of the summary and the message at ${label}`, async () => {
    const page = await open(fileTarget.page, opts);
    await answer(page, mixedAnswers(11));
    // The longest verdict wraps to the most lines: an undecided result.
    await page.click('label[for="maatwerk--weet_niet"]');
    // A message at the top of the viewport, as after "Kopie maken".
    await page.click('#action-duplicate');
    await page.locator('#page-message').waitFor({ state: 'visible' });
    const { stops, hidden, partly } = await hiddenStops(page);
    console.log(`METRIC focus_${label.split(' ')[0]} stops=${stops} hidden=${hidden.length} partly=${partly.length}`);
    assert.ok(stops > 150, `${stops} stops walked`);
    assert.deepEqual(hidden, [], 'no focus stop entirely hidden');
    assert.deepEqual(partly, [], 'no focus stop partly hidden');
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `focus-${opts.viewport.width}x${opts.viewport.height}.png`) });
    await page.context().close();
  });
}

test('axe: no WCAG 2.2 A/AA violations with a message, open notes and the plan, light and dark; screenshots', async () => {
  for (const colorScheme of ['light', 'dark']) {
    for (const width of [1280, 390, 320]) {
      const page = await open(fileTarget.page, { colorScheme, viewport: { width, height: 900 } });
      await answer(page, mixedAnswers(7));
      await note(page, 'maatwerk', HOSTILE);
      await page.click('#action-duplicate');
      await page.locator('#vraag-maatwerk').scrollIntoViewIfNeeded();
      if (colorScheme === 'light' || width === 1280) {
        const v = await axeViolations(page);
        assert.deepEqual(v, [], `${colorScheme} ${width}: ${JSON.stringify(v, null, 2)}`);
      }
      if (SHOTS && colorScheme === 'light') {
        await page.screenshot({ path: path.join(SHOTS, `visitor-${width}.png`) });
        await page.evaluate(() => document.getElementById('actieplan').scrollIntoView());
        await page.screenshot({ path: path.join(SHOTS, `visitor-plan-${width}.png`) });
      }
      await page.context().close();
    }
  }
});
