// The built site under its own content security policy (a <meta> tag on every page):
// pages, the checklist with everything a visitor does on it, and the group view work,
// and the browser reports no violation. Opened from disk, as from a USB stick.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, url, watchCsp, SITE } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('every page carries the policy and breaks none of it', async () => {
  const page = await browser.newPage();
  const violations = await watchCsp(page);
  for (const rel of ['index.html', 'knelpunten/index.html', 'knelpunten/smalle-markt.html', 'voorbeelden/regionale-medicatie-inkoop.html', 'begrippen/index.html', '404.html']) {
    await page.goto(url(rel));
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(csp, /default-src 'self'/, rel);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, rel);
  }
  // No inline style attributes anywhere in the output (the policy would ignore them).
  const styled = [];
  for (const file of fs.readdirSync(SITE, { recursive: true })) {
    if (String(file).endsWith('.html') && /\sstyle="/.test(fs.readFileSync(path.join(SITE, String(file)), 'utf8'))) styled.push(file);
  }
  assert.deepEqual(styled, []);
  assert.deepEqual(await violations(), []);
  // The watch itself works: an inline script, which the policy forbids, is reported.
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.ran = 1';
    document.body.append(s);
  });
  await page.waitForTimeout(100);
  assert.equal(await page.evaluate(() => window.ran), undefined, 'the inline script did not run');
  assert.ok((await violations()).some((v) => /script-src/.test(v)), 'the violation was seen');
  await page.close();
});

test('the checklist works under the policy: answering, saving, comparing, printing', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const violations = await watchCsp(page);
  page.on('dialog', (d) => d.accept());
  await page.goto(url('checklist/centrale-inkoop.html'));
  await page.click('label[for="maatwerk--beperkt"]');
  await page.click('label[for="integratie--alle"]');
  await page.click('label[for="opschaling--nee"]');
  await page.waitForFunction(() => document.querySelector('#result-body').textContent.includes('nock'));
  await page.fill('#organisatie', 'Zorg Noord');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#action-export')]);
  const file = path.join(os.tmpdir(), `leidraad-csp-${process.pid}.json`);
  await download.saveAs(file);
  await page.click('#action-new');
  await page.click('label[for="maatwerk--veel"]');
  await page.fill('#organisatie', 'Thuiszorg Zuid');
  await page.setInputFiles('#compare-import', file);
  await page.waitForFunction(() => document.querySelectorAll('#compare-list input:checked').length >= 1);
  await page.check('#compare-list input >> nth=1');
  await page.click('#compare-run');
  await page.waitForSelector('#compare-body svg.group-chart');
  await page.click('#action-share');
  await page.emulateMedia({ media: 'print' });
  await page.pdf();
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(await violations(), []);
  fs.rmSync(file, { force: true });
  await context.close();
});
