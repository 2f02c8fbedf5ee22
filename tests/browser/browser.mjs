// Shared helpers for the browser tests: launch Debian's Chromium headless and run axe-core.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const require = createRequire(import.meta.url);
export const AXE_PATH = require.resolve('axe-core/axe.min.js');
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
  await page.addScriptTag({ path: AXE_PATH });
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
