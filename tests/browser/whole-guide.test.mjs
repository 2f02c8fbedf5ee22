// The whole guide on paper: printed to PDF by Chromium and read back with pdftotext.
// Every printed page of a chapter shows the chapter's number and title at its top, the
// chapters come in the order of the contents (the footer pages last), and nothing that
// only works on screen (buttons, the call to fill in the checklist, the site's menus)
// is printed. A guide split per chapter prints each chapter the same way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { launch, url, pdfText, axeViolations, SITE } from './browser.mjs';

const BIN = process.env.LEIDRAAD_BIN;
const ROOT = process.env.LEIDRAAD_ROOT;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const flat = (s) => s.replace(/\s+/g, ' ').trim();

/** Prints `href` (a file URL) to A4 and returns its pages' text, or null without
 *  pdftotext; also the chapter headings ("3 Knelpunten") in the document's order. */
async function print(href) {
  const page = await browser.newPage();
  await page.goto(href);
  const chapters = await page.$$eval('.chapter > h2', (hs) => hs.map((h) => h.textContent));
  const pdf = path.join(os.tmpdir(), `${process.pid}-${path.basename(href)}.pdf`);
  await page.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true });
  const violations = await axeViolations(page);
  await page.close();
  const text = pdfText(pdf);
  fs.rmSync(pdf, { force: true });
  const pages = text === null ? null : text.split('\f').filter((p) => p.trim()).map(flat);
  return { pages, chapters: chapters.map(flat), violations };
}

/** Every page from the first chapter on starts with the header of a chapter; the
 *  headers follow the chapters' order and every chapter has at least one page. */
function assertRunningHeaders(pages, chapters) {
  assert.ok(chapters.length > 0, 'no chapters');
  const first = pages.findIndex((p) => p.startsWith(chapters[0]));
  assert.ok(first >= 0, `no page starts with "${chapters[0]}"`);
  let at = 0;
  const seen = new Set();
  for (const [n, p] of pages.slice(first).entries()) {
    // The header of this chapter or of a later one (a new chapter starts a new page).
    const next = chapters.findIndex((c, i) => i >= at && p.startsWith(`${c} `));
    assert.ok(next >= 0, `page ${first + n + 1} has no chapter header: "${p.slice(0, 80)}"`);
    at = next;
    seen.add(next);
  }
  const missing = chapters.filter((_, i) => !seen.has(i));
  assert.deepEqual(missing, [], 'chapters without a printed page');
}

test('every printed page of the whole guide shows its chapter; no buttons on paper', async () => {
  const { pages, chapters, violations } = await print(url('leidraad-compleet.html'));
  assert.deepEqual(violations, []);
  // The footer pages are the last chapters, after the checklist.
  assert.match(chapters.at(-4), /^\d+ Over deze leidraad$/);
  assert.match(chapters.at(-1), /^\d+ Toegankelijkheidsverklaring$/);
  if (pages === null) return;
  process.stdout.write(`whole guide: ${pages.length} A4 pages, ${chapters.length} chapters\n`);
  assertRunningHeaders(pages, chapters);
  const all = pages.join(' ');
  for (const screenOnly of ['Doe de checklist', 'Direct naar de inhoud', 'Zoek in de leidraad', 'Terug naar de inhoud']) {
    assert.ok(!all.includes(screenOnly), `"${screenOnly}" is printed`);
  }
});

test('a guide split per chapter prints each chapter with its header', async (t) => {
  if (!BIN || !ROOT) return t.skip('LEIDRAAD_BIN and LEIDRAAD_ROOT are needed to build a split guide');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guide-split-'));
  try {
    fs.cpSync(path.join(ROOT, 'content'), path.join(dir, 'content'), { recursive: true });
    const config = fs.readFileSync(path.join(ROOT, 'leidraad.yaml'), 'utf8');
    fs.writeFileSync(path.join(dir, 'leidraad.yaml'), `${config.replace(/^hele_leidraad:\n(  .*\n)*/m, '')}\nhele_leidraad:\n  splitsen_vanaf: 1\n`);
    execFileSync(BIN, ['build'], { cwd: dir, stdio: 'pipe' });
    const out = path.join(dir, 'public');
    const contents = await browser.newPage();
    await contents.goto('file://' + path.join(out, 'leidraad-compleet.html'));
    const files = await contents.$$eval('.guide-contents > ol > li > a', (as) => as.map((a) => a.getAttribute('href').split('#')[0]));
    assert.deepEqual(await axeViolations(contents), []);
    await contents.close();
    assert.ok(files.length >= 10, files.join(' '));
    assert.equal(new Set(files).size, files.length, 'one document per chapter');
    // The chapter of the knelpunten, and the last one.
    for (const file of [files.find((f) => f.includes('knelpunten')), files.at(-1)]) {
      const { pages, chapters, violations } = await print('file://' + path.join(out, file));
      assert.deepEqual(violations, [], file);
      assert.equal(chapters.length, 1, file);
      if (pages === null) continue;
      assertRunningHeaders(pages, chapters);
      assert.ok(!pages.join(' ').includes('Terug naar de inhoud'), `${file}: the way back is printed`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
