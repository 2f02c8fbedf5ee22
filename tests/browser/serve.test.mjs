// `leidraad serve` in a real browser: an open page reloads itself after a save, shows the
// error overlay when the site breaks (also on a newly opened page) and drops it after
// the fix.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, watchCsp } from './browser.mjs';

const BIN = process.env.LEIDRAAD_BIN;
const ROOT = process.env.LEIDRAAD_ROOT;
const SHOTS = process.env.SCREENSHOT_DIR;
let browser;
let server;
let site;
let base;

before(async () => {
  browser = await launch();
  site = fs.mkdtempSync(path.join(os.tmpdir(), 'leidraad-serve-'));
  fs.cpSync(path.join(ROOT, 'content'), path.join(site, 'content'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'leidraad.yaml'), path.join(site, 'leidraad.yaml'));
  server = spawn(BIN, ['serve', '--port', '0', '--root', site]);
  base = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/Serving the site at (\S+)/);
      if (m) resolve(m[1]);
    });
    server.on('exit', () => reject(new Error('serve exited: ' + out)));
  });
});

after(async () => {
  server?.kill('SIGINT');
  await browser?.close();
  fs.rmSync(site, { recursive: true, force: true });
});

function edit(rel, from, to) {
  const p = path.join(site, rel);
  const text = fs.readFileSync(p, 'utf8');
  assert.ok(text.includes(from), `${rel} lacks ${from}`);
  fs.writeFileSync(p, text.replace(from, to));
}

test('an open page reloads after a save, shows errors, and recovers', async () => {
  const page = await browser.newPage();
  const violations = await watchCsp(page);
  const response = await page.goto(base + 'knelpunten/smalle-markt.html');
  assert.match(response.headers()['content-security-policy'], /frame-ancestors 'none'/);
  await page.waitForFunction(() => typeof EventSource !== 'undefined');
  await page.waitForTimeout(300);

  edit('content/knelpunten/smalle-markt.md', '## Wat is er aan de hand?', '## Wat is er nu aan de hand?');
  await page.waitForSelector('h2:text("Wat is er nu aan de hand?")', { timeout: 10000 });

  edit('content/knelpunten/smalle-markt.md', 'categorie:', 'categorie: [kapot');
  const overlay = await page.waitForSelector('#leidraad-errors', { timeout: 10000 });
  const text = await overlay.textContent();
  assert.match(text, /content\/knelpunten\/smalle-markt\.md:\d+:\d+: error\[yaml-syntax\]/);
  assert.ok(await page.isVisible('h1'), 'the last good page stays visible under the overlay');
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'serve-overlay.png') });

  // A page opened while the site is broken shows the overlay too.
  const second = await browser.newPage();
  await second.goto(base + 'index.html');
  await second.waitForSelector('#leidraad-errors', { timeout: 10000 });
  // The overlay can be dismissed.
  await second.click('#leidraad-errors button');
  assert.equal(await second.$('#leidraad-errors'), null);

  edit('content/knelpunten/smalle-markt.md', 'categorie: [kapot', 'categorie:');
  await page.waitForFunction(() => !document.getElementById('leidraad-errors'), null, { timeout: 10000 });
  await page.waitForSelector('h2:text("Wat is er nu aan de hand?")');
  // Live reload, the event stream and the overlay all run under the policy.
  assert.deepEqual(await violations(), []);
  await page.close();
  await second.close();
});
