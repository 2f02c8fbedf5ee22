// Shared helpers for the browser tests: launch Debian's Chromium headless and run axe-core.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
export const AXE_PATH = require.resolve('axe-core/axe.min.js');
const AXE_SOURCE = fs.readFileSync(AXE_PATH, 'utf8');
export const SITE = process.env.SITE_DIR;
if (!SITE) throw new Error('SITE_DIR must point to a built site');

export function url(rel) {
  return 'file://' + path.join(SITE, rel);
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--allow-file-access-from-files',
    ],
  });
}

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Runs axe-core on the open page and returns its violations. */
export async function axeViolations(page) {
  // Evaluated through the DevTools protocol, which the pages' content security policy
  // (no inline scripts) does not govern; a <script> tag would be blocked.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    return await axe.run(document, { runOnly: { type: 'tag', values: tags } });
  }, WCAG_TAGS);
  return result.violations.map((v) => ({
    id: v.id,
    help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' ' + (n.failureSummary || '')),
  }));
}

/** The text of a PDF by poppler's pdftotext, or null (with a SKIPPED line) when it is not
 *  installed; in CI (`LEIDRAAD_REQUIRE_BROWSER`) a missing pdftotext fails. */
export function pdfText(pdfPath) {
  try {
    return execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString();
  } catch (e) {
    if (e.code !== 'ENOENT' || process.env.LEIDRAAD_REQUIRE_BROWSER) throw e;
    process.stderr.write('SKIPPED PDF text check: pdftotext (poppler-utils) not installed\n');
    return null;
  }
}

/** Collects every content-security-policy violation of a page (events and console
 *  reports). Call before the first navigation. */
export async function watchCsp(page) {
  const found = [];
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) found.push(m.text());
  });
  return async () => found.concat(await page.evaluate(() => window.__cspViolations || []));
}

/** Starts `leidraad serve` (the way authors do: inside the site folder unless `args`
 *  says otherwise) and resolves with the process and the site's address, ending in `/`. */
export function startServe(bin, args, cwd) {
  const server = spawn(bin, ['serve', ...args], { cwd });
  return new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/Serving the site at (\S+)/);
      if (m) resolve({ server, base: m[1].replace(/\/?$/, '/') });
    });
    server.on('exit', () => reject(new Error('serve exited: ' + out)));
  });
}
