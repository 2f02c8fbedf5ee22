// Helpers of the visitor's-work browser tests (visitor-work, visitor-print): the checklist
// page over file:// and over `leidraad serve` started inside a copied site folder, answering
// by clicking labels, partner links made by a partner's own browser, and what is stored.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import zlib from 'node:zlib';
import { startServe, url, SITE } from './browser.mjs';

export const PAGE = 'checklist/centrale-inkoop.html';
export const HOSTILE = '<img src=x onerror="window.pwned=1">';

/** The checklist model the page embeds (questions, options, strings). */
export function readModel() {
  const html = fs.readFileSync(path.join(SITE, PAGE), 'utf8');
  return JSON.parse(html.split('<script type="application/json" id="checklist-model">')[1].split('</script>')[0]);
}

export const model = readModel();
export const questions = model.checklist.dimensies.flatMap((d) => d.vragen);
const major = Number(/^\s*(\d+)/.exec(model.checklist.versie)[1]);
/** The key prefix of one stored assessment (storage layout 3). */
export const PREFIX = `leidraad:checklist:${model.checklist.id}:v${Math.max(3, major)}:`;

/** Every kind of option, "weet niet" on a third of the questions, no knock-out. */
export function mixedAnswers(seed = 7) {
  const out = {};
  questions.forEach((q, i) => {
    const options = q.opties.filter((o) => !o.knockout).map((o) => o.id);
    out[q.id] = (i * seed) % 3 === 0 ? 'weet_niet' : options[(i * seed) % options.length];
  });
  return out;
}

/** Clicks each answer's label, the way visitors do. */
export async function answer(page, answers) {
  for (const [q, o] of Object.entries(answers)) await page.click(`label[for="${q}--${o}"]`);
}

/** Waits until the plan and the hidden print report are drawn (a moment after clicking). */
export async function settled(page) {
  await page.waitForFunction(() => window.leidraadChecklist.reportFresh);
}

/** Opens a question's note and types it. */
export async function note(page, question, text) {
  const details = page.locator(`#vraag-${question} details.note`);
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
  await page.fill(`#toelichting-${question}`, text);
}

/** What the page's origin holds: every stored assessment, by id. */
export async function stored(page) {
  return page.evaluate((prefix) => Object.fromEntries(Object.keys(localStorage)
    .filter((k) => k.startsWith(prefix))
    .map((k) => [k.slice(prefix.length), JSON.parse(localStorage.getItem(k))])), PREFIX);
}

/** The stored assessments by organisation name. */
export async function storedByOrg(page) {
  return Object.fromEntries(Object.values(await stored(page)).map((i) => [i.organisatie, i]));
}

/** What the form shows now: checked answers, names and notes. */
export async function shownForm(page) {
  return page.evaluate(() => {
    const answers = {};
    for (const r of document.querySelectorAll('#checklist-form input[type=radio]:checked')) answers[r.name] = r.value;
    const notes = {};
    for (const t of document.querySelectorAll('textarea[id^="toelichting-"]')) if (t.value) notes[t.id.slice(12)] = t.value;
    return { answers, notes, innovatie: document.getElementById('innovatie').value, organisatie: document.getElementById('organisatie').value };
  });
}

/** A partner fills in the checklist in their own browser and makes a share link. */
export async function partnerLink(browser, pageUrl, { answers, innovatie, organisatie, notes = {} }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(pageUrl);
  await answer(page, answers);
  await page.fill('#innovatie', innovatie);
  await page.fill('#organisatie', organisatie);
  for (const [q, t] of Object.entries(notes)) await note(page, q, t);
  await page.click('#action-share');
  const link = await page.inputValue('#share-link');
  await context.close();
  return link;
}

/** A copy of the site folder (content, leidraad.yaml, themes) with `leidraad serve`
 *  started inside it with default flags; `close` stops it and removes the copy. */
export async function serveCopy(bin, root) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leidraad-visitor-'));
  for (const part of ['content', 'themes']) fs.cpSync(path.join(root, part), path.join(dir, part), { recursive: true });
  fs.copyFileSync(path.join(root, 'leidraad.yaml'), path.join(dir, 'leidraad.yaml'));
  const { server, base } = await startServe(bin, [], dir);
  return {
    base,
    page: base + PAGE,
    // Ctrl-C, as an author stops it; if it has not stopped after 5 s (seen once: a thread
    // blocked writing to a socket), it is killed, so the test run still ends.
    close: async () => {
      const stopped = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGINT');
      const timer = setTimeout(() => server.kill('SIGKILL'), 5000);
      await stopped;
      clearTimeout(timer);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const fileTarget = { name: 'file://', page: url(PAGE), other: url('index.html'), base: url('') };

/** Fills the origin's localStorage up to its quota from another page of the same site
 *  (as any other page on the same USB stick or host could), and returns how to free it. */
export async function fillStorage(context, otherPage) {
  const page = await context.newPage();
  await page.goto(otherPage);
  const keys = await page.evaluate(() => {
    const made = [];
    for (let size = 1 << 20; size >= 1; size = Math.floor(size / 2)) {
      for (;;) {
        const key = 'vulsel-' + made.length;
        try { localStorage.setItem(key, 'x'.repeat(size)); made.push(key); } catch (e) { break; }
      }
    }
    return made.length;
  });
  return {
    keys,
    free: async () => {
      await page.evaluate(() => { for (const k of Object.keys(localStorage)) if (k.startsWith('vulsel-')) localStorage.removeItem(k); });
      await page.close();
    },
  };
}

/** Page count, text and font sizes (pt) of a PDF. Pages by `pdfinfo`, text by `pdftotext`;
 *  sizes from the page content streams themselves: each text-showing operator's font
 *  size (`Tf`) scaled by the text matrix (`Tm`) and the transformation matrix (`cm`,
 *  with `q`/`Q`), which is exact whatever the font. */
export function pdfFacts(pdfPath) {
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfPath]).toString())[1]);
  const text = execFileSync('pdftotext', [pdfPath, '-']).toString().replace(/\s+/g, ' ');
  const data = fs.readFileSync(pdfPath);
  const sizes = [];
  let at = 0;
  for (;;) {
    const start = data.indexOf('stream', at);
    if (start < 0) break;
    const body = start + (data[start + 6] === 0x0d ? 8 : 7);
    const end = data.indexOf('endstream', body);
    at = end + 9;
    let content;
    try { content = zlib.inflateSync(data.subarray(body, end)).toString('latin1'); } catch { continue; }
    if (!/\bBT\b/.test(content) || !/\bTf\b/.test(content)) continue;
    sizes.push(...streamFontSizes(content));
  }
  return { pages, sizes, text };
}

function streamFontSizes(content) {
  const tokens = content.match(/\[(?:[^\]\\]|\\.)*\]|<[0-9A-Fa-f\s]*>|\((?:[^()\\]|\\.)*\)|\/[^\s/[\]<>()]+|[^\s/[\]<>()]+/g) || [];
  const mul = (m, n) => [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3], m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3]];
  let ctm = [1, 0, 0, 1];
  const stack = [];
  let tm = [1, 0, 0, 1];
  let font = 0;
  const args = [];
  const out = [];
  for (const tok of tokens) {
    switch (tok) {
      case 'q': stack.push(ctm); break;
      case 'Q': ctm = stack.pop() || [1, 0, 0, 1]; break;
      case 'cm': ctm = mul(args.slice(-6, -2).map(Number), ctm); break;
      case 'BT': tm = [1, 0, 0, 1]; break;
      case 'Tm': tm = args.slice(-6, -2).map(Number); break;
      case 'Tf': font = Number(args[args.length - 1]); break;
      case 'Tj': case 'TJ': case "'": case '"': {
        const m = mul(tm, ctm);
        out.push(Math.round(font * Math.hypot(m[2], m[3]) * 10) / 10);
        break;
      }
      default: args.push(tok); continue;
    }
    args.length = 0;
  }
  return out;
}
