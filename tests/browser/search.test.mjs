// Search, the whole guide and the dates, as a reader uses them: opened from file:// (a
// USB stick) and served over HTTP by `leidraad serve` started the way authors start it
// (`cd site && leidraad serve`); typing in the header field, keyboard only, the results
// page, a screen reader's view (axe with the list open), no request to another host, and
// the whole guide printed to A4.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import zlib from 'node:zlib';
import { startServe, launch, url, axeViolations, pdfText, SITE } from './browser.mjs';

const require = createRequire(import.meta.url);
const BIN = process.env.LEIDRAAD_BIN;
const ROOT = process.env.LEIDRAAD_ROOT;
const SHOTS = process.env.SCREENSHOT_DIR;
const Dutch = require(path.join(ROOT, 'themes/default/static/dutch.js'));

let browser;
let server;
let siteCopy;
let httpBase;
/** The shipped site with the query table's search words, built from inside its folder. */
let tableSite;
const TABLE = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/search_queries.json'), 'utf8'));

before(async () => {
  browser = await launch();
  siteCopy = fs.mkdtempSync(path.join(os.tmpdir(), 'leidraad-search-'));
  fs.cpSync(path.join(ROOT, 'content'), path.join(siteCopy, 'content'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'leidraad.yaml'), path.join(siteCopy, 'leidraad.yaml'));
  // Default flags, run from inside the site folder.
  ({ server, base: httpBase } = await startServe(BIN, ['--port', '0'], siteCopy));
  tableSite = fs.mkdtempSync(path.join(os.tmpdir(), 'leidraad-search-table-'));
  fs.cpSync(path.join(ROOT, 'content'), path.join(tableSite, 'content'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'leidraad.yaml'), path.join(tableSite, 'leidraad.yaml'));
  for (const [file, words] of Object.entries(TABLE.search_words)) {
    const p = path.join(tableSite, 'content', file);
    const text = fs.readFileSync(p, 'utf8');
    const m = text.match(/^ook_gezocht_als: \[(.*)\]$/m);
    const have = m ? m[1].split(',').map((w) => w.trim().replace(/^"|"$/g, '')) : [];
    const all = [...have, ...words.filter((w) => !have.includes(w))];
    const line = `ook_gezocht_als: [${all.join(', ')}]`;
    fs.writeFileSync(p, m ? text.replace(m[0], line) : text.replace(/\n---\n/, `\n${line}\n---\n`));
  }
  execFileSync(BIN, ['build'], { cwd: tableSite, stdio: 'pipe' });
});

after(async () => {
  server?.kill('SIGINT');
  await browser?.close();
  fs.rmSync(siteCopy, { recursive: true, force: true });
  if (tableSite) fs.rmSync(tableSite, { recursive: true, force: true });
});

/** A page that records every request leaving this machine and every script error. */
async function freshPage(opts = {}) {
  const context = await browser.newContext(opts);
  const page = await context.newPage();
  page.outside = [];
  page.errors = [];
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.protocol !== 'file:' && u.hostname !== '127.0.0.1' && u.hostname !== 'localhost') {
      page.outside.push(u.href);
      return route.abort();
    }
    return route.continue();
  });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  return page;
}

/** The text of a built page's main content, folded like the search folds it. */
function pageWords(rel) {
  const html = fs.readFileSync(path.join(SITE, rel.split('#')[0]), 'utf8');
  const main = html.split('<main')[1].split('</main>')[0].replace(/<[^>]+>/g, ' ');
  return Dutch.words(main.replace(/&amp;/g, '&'));
}

/** A page's words and the words its author says readers search it by
 *  (`ook_gezocht_als`: the index finds the page by them, the page need not say them). */
function searchWordsOf(rel) {
  const source = path.join(ROOT, 'content', rel.split('#')[0].replace(/\.html$/, '.md'));
  const line = fs.existsSync(source) ? fs.readFileSync(source, 'utf8').match(/^ook_gezocht_als:\s*(\[.*\])\s*$/m) : null;
  return line ? Dutch.words(JSON.parse(line[1]).join(' ')) : [];
}

/** ... and the search words of the pages it links to: a section that links to a page
 *  is found by that page's search words too. */
function foundWords(rel) {
  const file = rel.split('#')[0];
  const main = fs.readFileSync(path.join(SITE, file), 'utf8').split('<main')[1].split('</main>')[0];
  const linked = [...main.matchAll(/href="([^"#:]+\.html)/g)].map((m) => path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1])));
  return pageWords(rel).concat(searchWordsOf(file), ...linked.map(searchWordsOf));
}

/** The built file a result links to. */
function fileOf(href) {
  const u = new URL(href);
  const p = decodeURIComponent(u.pathname);
  // Served under the path of `base_url` (`/leidraad/`), or from the folder.
  return u.protocol === 'file:' ? p.replace(SITE + '/', '') : p.replace(new URL(httpBase).pathname, '');
}

async function resultsPage(page, base, q) {
  await page.goto(base + 'zoeken.html?q=' + encodeURIComponent(q));
  await page.waitForFunction(() => document.getElementById('zoektelling').textContent.length > 0);
  // Twenty at a time: show them all.
  while (await page.isVisible('#zoekmeer')) {
    const n = await page.$$eval('#zoeklijst li', (l) => l.length);
    await page.click('#zoekmeer');
    await page.waitForFunction((k) => document.querySelectorAll('#zoeklijst li').length > k, n);
  }
  return page.$$eval('#zoeklijst li', (lis) => lis.map((li) => ({
    kind: li.querySelector('.result-kind').textContent,
    title: li.querySelector('.result-title').textContent,
    href: li.querySelector('.result-title').getAttribute('href'),
    marked: [...li.querySelectorAll('mark')].map((m) => m.textContent),
  })));
}

for (const [how, baseOf] of [['file://', () => url('') + '/'], ['HTTP', () => httpBase]]) {
  test(`word forms find their pages, ranked by title (${how})`, async () => {
    const page = await freshPage();
    const results = await resultsPage(page, baseOf(), 'leveranciers');
    assert.ok(results.length >= 60, `only ${results.length} results for leveranciers`);
    const top = results.slice(0, 3).map((r) => `${r.kind}: ${r.title}`);
    assert.ok(top.some((t) => /^Partij: Leverancier\b/.test(t)), `top 3: ${top.join(' | ')}`);
    // Every result holds a form of the word, and its marked words are such forms.
    for (const r of results) {
      const file = fileOf(r.href);
      assert.ok(pageWords(file).some((w) => w.startsWith('leverancier')), `${r.title} (${file}) lacks the word`);
      for (const m of r.marked) assert.match(Dutch.fold(m), /^leverancier/, `${r.title} marks ${m}`);
    }
    // A strict query: only pages that hold a word beginning with its stem, never the
    // dozens a fuzzy match would return.
    for (const q of ['aanbestedingen', 'mededinging']) {
      const stem = Dutch.stem(Dutch.words(q)[0]);
      const found = await resultsPage(page, baseOf(), q);
      const holding = fs.readdirSync(SITE, { recursive: true })
        .filter((f) => f.endsWith('.html') && !/^(zoeken|leidraad-compleet|wijzigingen|404)\.html$/.test(f) && !/index\.html$/.test(f))
        .filter((f) => foundWords(f).some((w) => w.startsWith(stem)));
      for (const r of found) {
        assert.ok(foundWords(fileOf(r.href)).some((w) => w.startsWith(stem)), `${q}: ${r.title} has no word beginning with ${stem}`);
      }
      assert.ok(found.length <= holding.length + 2, `${q}: ${found.length} results, ${holding.length} pages hold the word`);
    }
    assert.deepEqual(page.errors, []);
    assert.deepEqual(page.outside, []);
    await page.context().close();
  });
}

test('the header field works by keyboard alone and passes axe with the list open', async () => {
  const page = await freshPage();
  await page.goto(url('knelpunten/smalle-markt.html'));
  // Tab from the top of the page: skip link, site title, then the search field.
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.id === 'zoekveld')) break;
  }
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'zoekveld');
  await page.keyboard.type('zorgkantoor');
  await page.waitForSelector('#zoekresultaten:not([hidden]) [role=option]');
  assert.equal(await page.getAttribute('#zoekveld', 'aria-expanded'), 'true');
  const options = await page.$$eval('#zoekresultaten [role=option]', (o) => o.map((x) => x.textContent));
  assert.ok(options.length >= 3, options.join(' | '));
  assert.match(options.at(-1), /Alle \d+ resultaten bekijken/);
  assert.match(await page.textContent('#zoekstatus'), /\d+ resultaten voor „zorgkantoor”/);
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'search-1280.png') });
  assert.deepEqual(await axeViolations(page), []);

  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const activeId = await page.getAttribute('#zoekveld', 'aria-activedescendant');
  assert.equal(activeId, 'zoekoptie-1');
  assert.equal(await page.getAttribute('#zoekoptie-1', 'aria-selected'), 'true');
  const target = await page.$eval('#zoekoptie-1', (o) => o.dataset.href);
  await Promise.all([page.waitForURL(target), page.keyboard.press('Enter')]);
  assert.equal(page.url(), target);

  // Escape closes the list; Enter without a chosen result opens the results page.
  await page.focus('#zoekveld');
  await page.keyboard.type('pilot');
  await page.waitForSelector('#zoekresultaten:not([hidden])');
  await page.keyboard.press('Escape');
  assert.equal(await page.getAttribute('#zoekveld', 'aria-expanded'), 'false');
  assert.ok(await page.$eval('#zoekresultaten', (l) => l.hidden));
  await Promise.all([page.waitForURL(/zoeken\.html\?q=pilot$/), page.keyboard.press('Enter')]);
  await page.waitForFunction(() => document.querySelectorAll('#zoeklijst li').length > 0);
  assert.equal(await page.inputValue('#zoekterm'), 'pilot');
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.outside, []);
  await page.context().close();
});

test('on a phone the results fit the screen', async () => {
  const page = await freshPage({ viewport: { width: 390, height: 844 } });
  await page.goto(url('index.html'));
  await page.focus('#zoekveld');
  await page.keyboard.type('financiering');
  await page.waitForSelector('#zoekresultaten:not([hidden]) [role=option]');
  const box = await page.$eval('#zoekresultaten', (l) => { const r = l.getBoundingClientRect(); return [r.left, r.right]; });
  assert.ok(box[0] >= 0 && box[1] <= 390, `list at ${box}`);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390);
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'search-390.png') });
  await page.context().close();
});

test('without JavaScript the field is hidden and the results page says where to look', async () => {
  const page = await freshPage({ javaScriptEnabled: false });
  await page.goto(url('index.html'));
  assert.equal(await page.isVisible('form.site-search'), false);
  await page.goto(url('zoeken.html'));
  assert.equal(await page.isVisible('#zoekterm'), false);
  assert.ok(await page.isVisible('.no-js-only'));
  await page.context().close();
});

test('metrics: query time (printed, not asserted: a loaded machine is not a slow program)', async () => {
  const page = await freshPage();
  await page.goto(url('index.html'));
  await page.focus('#zoekveld');
  await page.waitForFunction(() => window.leidraadSearch && window.leidraadSearch.engine);
  const queries = ['leveranciers', 'kosten', 'zorgkantoor financiering', 'aanbest', 'innovatie pilot',
    'wlz', 'ecd koppeling', 'inkoop', 'medicijndispenser', 'mededinging acm', 'le', 'projectleider rol'];
  const [p95, max] = await page.evaluate(async (qs) => {
    const e = window.leidraadSearch.engine;
    await Promise.all(qs.map((q) => e.need(q)));
    for (const q of qs) await e.query(q, 8);
    const times = [];
    for (let i = 0; i < 20; i++) {
      for (const q of qs) {
        const t0 = performance.now();
        await e.query(q, 8);
        times.push(performance.now() - t0);
      }
    }
    times.sort((a, b) => a - b);
    return [times[Math.floor(times.length * 0.95)], times.at(-1)];
  }, queries);
  process.stdout.write(`# METRIC search_query_ms p95=${p95.toFixed(2)} max=${max.toFixed(2)} over ${queries.length * 20} queries\n`);
  assert.ok(Number.isFinite(p95) && p95 > 0, `p95 ${p95} ms`);
  await page.context().close();
});

test('the whole guide links only inside itself and prints to A4 with every title', async () => {
  const page = await freshPage();
  await page.goto(url('leidraad-compleet.html'));
  const bad = await page.$$eval('.whole-guide a[href]', (as) => as
    .map((a) => a.getAttribute('href'))
    .filter((h) => {
      if (h.startsWith('#')) return !document.getElementById(decodeURIComponent(h.slice(1)));
      if (/^(https?:|mailto:)/.test(h)) return false;
      // The interactive tools (the checklist, the calculator) work only as their own pages.
      return !/^(checklist|rekenhulp)\/[^/]+\.html$/.test(h);
    }));
  assert.deepEqual(bad, [], 'links that leave the document or lead nowhere');
  const tools = await page.$$eval('.whole-guide a[href^="checklist/"], .whole-guide a[href^="rekenhulp/"]', (as) => as.map((a) => a.getAttribute('href')));
  for (const t of tools) assert.ok(fs.existsSync(path.join(SITE, t)), `${t} exists`);
  const chapters = await page.$$eval('.chapter > h2', (hs) => hs.map((h) => h.textContent.trim()));
  assert.ok(chapters.length >= 10, chapters.join(' | '));
  assert.match(chapters[0], /^1 /);
  assert.deepEqual(await axeViolations(page), []);

  const pdf = path.join(os.tmpdir(), `${process.pid}-leidraad-compleet.pdf`);
  await page.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true, printBackground: false });
  const text = pdfText(pdf);
  if (text !== null) {
    const pages = text.split('\f').filter((p) => p.trim()).length;
    process.stdout.write(`whole guide: ${pages} A4 pages\n`);
    const flat = text.replace(/\s+/g, ' ');
    const titles = fs.readdirSync(path.join(ROOT, 'content'), { recursive: true })
      .filter((f) => f.endsWith('.md'))
      .map((f) => fs.readFileSync(path.join(ROOT, 'content', f), 'utf8').match(/^titel:\s*"?(.*?)"?\s*$/m)[1]);
    const missing = titles.filter((t) => !flat.includes(t.replace(/\s+/g, ' ')));
    assert.deepEqual(missing, [], 'titles missing from the PDF');
    // Page numbers in the footer: the last page's number is printed on it.
    const last = text.split('\f').filter((p) => p.trim()).at(-1);
    assert.match(last, new RegExp(`\\b${pages}\\s*$`), 'no page number at the foot of the last page');
    // No navigation or interactive parts in print.
    assert.ok(!flat.includes('Direct naar de inhoud') && !flat.includes('Zoek in de leidraad'));
  }
  fs.rmSync(pdf, { force: true });
  await page.context().close();
});

test('pages say when they were updated, and the changes page lists them', async () => {
  const page = await freshPage();
  await page.goto(url('wijzigingen.html'));
  const rows = await page.$$eval('.changes li', (lis) => lis.map((li) => li.querySelector('time').getAttribute('datetime')));
  const sorted = [...rows].sort().reverse();
  assert.deepEqual(rows, sorted, 'newest first');
  if (rows.length) {
    const first = await page.$eval('.changes li a', (a) => a.href);
    await page.goto(first);
    assert.match(await page.textContent('.updated'), /^Bijgewerkt op \d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4}$/);
  }
  assert.deepEqual(await axeViolations(page), []);
  await page.context().close();
});

/** Opens a page of `site` over file://, focuses the header field and types `q`; returns
    the results shown and every index script fetched after the focus. */
async function typeQuery(page, site, q) {
  await page.goto('file://' + path.join(site, 'knelpunten/smalle-markt.html'));
  const fetched = [];
  page.on('request', (r) => { if (r.resourceType() === 'script') fetched.push(r.url()); });
  await page.focus('#zoekveld');
  // 120 ms a letter, as the audit typed.
  await page.keyboard.type(q, { delay: 120 });
  await page.waitForFunction((text) => {
    const s = document.getElementById('zoekstatus').textContent;
    return s.includes(`„${text}”`) || s.includes('Bedoelt u');
  }, q);
  await page.waitForTimeout(300);
  const options = await page.$$eval('#zoekresultaten [role=option]', (o) => o.map((x) => ({
    title: (x.querySelector('.result-title') || x).textContent,
    href: x.dataset.href || '',
  })));
  return { options, fetched, status: await page.textContent('#zoekstatus') };
}

const gz = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;

test('the query table ranks the right pages over file://, as the Rust test does', async () => {
  const page = await freshPage();
  const wrong = [];
  for (const row of TABLE.queries) {
    await page.goto('file://' + path.join(tableSite, 'public', 'zoeken.html') + '?q=' + encodeURIComponent(row.query));
    await page.waitForFunction(() => document.getElementById('zoektelling').textContent.length > 0);
    const hrefs = await page.$$eval('#zoeklijst li .result-title', (a) => a.map((x) => x.getAttribute('href')));
    const files = hrefs.map((h) => decodeURIComponent(new URL(h).pathname).replace(path.join(tableSite, 'public') + '/', ''));
    const rank = files.indexOf(row.page) + 1;
    if (rank < 1 || rank > row.at_most) wrong.push(`${row.query}: ${row.page} at ${rank}; top 3 ${files.slice(0, 3).join(', ')}`);
  }
  assert.ok(TABLE.queries.length >= 25);
  assert.deepEqual(wrong, []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a typo is answered with the nearest word, in the list and on the results page', async () => {
  const page = await freshPage();
  const { options, status } = await typeQuery(page, path.join(tableSite, 'public'), 'leverancer');
  assert.match(options[0].title, /^Bedoelt u „leverancier”\?/);
  assert.match(options[1].title, /^Leverancier/);
  assert.match(status, /Bedoelt u „leverancier”\?.*resultaten voor „leverancier”/);
  await page.keyboard.press('ArrowDown');
  await Promise.all([page.waitForURL(/zoeken\.html\?q=leverancier$/), page.keyboard.press('Enter')]);
  await page.goto('file://' + path.join(tableSite, 'public', 'zoeken.html') + '?q=leverancer');
  await page.waitForSelector('#zoeksuggestie:not([hidden])');
  assert.match(await page.textContent('#zoeksuggestie'), /leverancier/);
  assert.match(await page.textContent('#zoektelling'), /resultaten voor „leverancier”/);
  assert.deepEqual(await axeViolations(page), []);
  // Words that are names of Object.prototype's members find nothing unrelated: every
  // result holds a word that starts with the query's word, or the nearest word is shown.
  const pub = path.join(tableSite, 'public');
  for (const q of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
    await page.goto('file://' + path.join(pub, 'zoeken.html') + '?q=' + q);
    await page.waitForFunction(() => document.getElementById('zoektelling').textContent.length > 0);
    const hrefs = await page.$$eval('#zoeklijst li .result-title', (a) => a.map((x) => x.getAttribute('href')));
    const hint = await page.textContent('#zoeksuggestie');
    const word = Dutch.words(q)[0];
    for (const h of hrefs) {
      const file = decodeURIComponent(new URL(h).pathname).replace(pub + '/', '');
      const html = fs.readFileSync(path.join(pub, file), 'utf8').split('<main')[1].replace(/<[^>]+>/g, ' ');
      assert.ok(hint || Dutch.words(html).some((w) => w.startsWith(word)), `${q}: ${file} holds no word like it`);
    }
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a first query loads at most 60 KB gzipped over file:// (measured in Chromium)', async () => {
  const budget = 60 * 1024;
  for (const q of ['leveranciers', 'aanbesteding', 'leverancer', 'financiering pilot', 'privacy', 'zorgkantoor rol']) {
    const page = await freshPage();
    const { fetched, options } = await typeQuery(page, SITE, q);
    const files = [...new Set(fetched)].map((u) => decodeURIComponent(new URL(u).pathname));
    const bytes = files.reduce((n, f) => n + gz(f), 0);
    process.stdout.write(`first query ${JSON.stringify(q)}: ${files.length} scripts, ${(bytes / 1024).toFixed(1)} KB gzipped (${files.map((f) => path.basename(f)).join(' ')})\n`);
    assert.ok(files.some((f) => f.endsWith('search/meta.js')) && files.some((f) => f.endsWith('static/dutch.js')), files.join(' '));
    assert.ok(options.length > 0, q);
    assert.ok(bytes <= budget, `${q}: ${bytes} bytes`);
    await page.context().close();
  }
});
