// A publisher's own site, as they make it: the shipped content with a house style in
// leidraad.yaml (logo, favicon, colours for light and dark) and a renamed page with its
// old address in `aliassen`, built by the binary from inside the site folder, then opened
// from file:// and served by `leidraad serve`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServe, launch, axeViolations } from './browser.mjs';

const BIN = process.env.LEIDRAAD_BIN;
const ROOT = process.env.LEIDRAAD_ROOT;
const SHOTS = process.env.SCREENSHOT_DIR;
const COLOURS = { primair: '#6b2d5c', accent: '#8a2f6e', primair_donker: '#3a1431', accent_donker: '#f0a8dc' };

let browser;
let site;
let server;
let httpBase;

const rgb = (hex) => {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
};

before(async () => {
  browser = await launch();
  site = fs.mkdtempSync(path.join(os.tmpdir(), 'leidraad-publisher-'));
  fs.cpSync(path.join(ROOT, 'content'), path.join(site, 'content'), { recursive: true });
  fs.mkdirSync(path.join(site, 'static'));
  fs.writeFileSync(path.join(site, 'static/logo.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48"><rect width="48" height="48" rx="8" fill="#6b2d5c"/><path d="M12 14h8v20h16v6H12z" fill="#fff"/></svg>');
  fs.writeFileSync(path.join(site, 'static/favicon.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><rect width="16" height="16" fill="#6b2d5c"/></svg>');
  const config = fs.readFileSync(path.join(ROOT, 'leidraad.yaml'), 'utf8');
  fs.writeFileSync(path.join(site, 'leidraad.yaml'), config + [
    'huisstijl:',
    '  organisatie: "Brancheclub Zorg"',
    '  logo: static/logo.svg',
    '  favicon: static/favicon.svg',
    '  kleuren:',
    ...Object.entries(COLOURS).map(([k, v]) => `    ${k}: "${v}"`),
    '',
  ].join('\n'));
  // smalle-markt.md is renamed. Links by id to the old name are the author's to fix (the
  // build says where); saved links from outside keep working through `aliassen`.
  for (const f of fs.readdirSync(path.join(site, 'content'), { recursive: true })) {
    if (!f.endsWith('.md') && !f.endsWith('.yaml')) continue;
    const p = path.join(site, 'content', f);
    const t = fs.readFileSync(p, 'utf8');
    if (t.includes('smalle-markt')) fs.writeFileSync(p, t.replaceAll('@smalle-markt', '@weinig-leveranciers').replace(/(\[|, |: |- )smalle-markt(?=[\],\n])/g, '$1weinig-leveranciers'));
  }
  const old = path.join(site, 'content/knelpunten/smalle-markt.md');
  const text = fs.readFileSync(old, 'utf8').replace('---\n', '---\naliassen: [smalle-markt]\n');
  fs.rmSync(old);
  fs.writeFileSync(path.join(site, 'content/knelpunten/weinig-leveranciers.md'), text);
  execFileSync(BIN, ['build'], { cwd: site, stdio: 'pipe' });
  ({ server, base: httpBase } = await startServe(BIN, ['--port', '0'], site));
});

after(async () => {
  server?.kill('SIGINT');
  await browser?.close();
  fs.rmSync(site, { recursive: true, force: true });
});

const fileUrl = (rel) => 'file://' + path.join(site, 'public', rel);

for (const scheme of ['light', 'dark']) {
  test(`the house colours and logo show in ${scheme} mode`, async () => {
    const context = await browser.newContext({ colorScheme: scheme });
    const page = await context.newPage();
    const outside = [];
    await context.route('**/*', (r) => (r.request().url().startsWith('file://') ? r.continue() : (outside.push(r.request().url()), r.abort())));
    await page.goto(fileUrl('knelpunten/weinig-leveranciers.html'));
    const seen = await page.evaluate(() => {
      const header = getComputedStyle(document.querySelector('.site-header')).backgroundColor;
      const link = getComputedStyle(document.querySelector('main .prose a')).color;
      const logo = document.querySelector('.site-header img');
      const icon = document.querySelector('link[rel="icon"]');
      return { header, link, logo: logo && { alt: logo.alt, loaded: logo.complete && logo.naturalWidth > 0 }, icon: icon && icon.getAttribute('href') };
    });
    const want = scheme === 'light' ? COLOURS.primair : COLOURS.primair_donker;
    assert.equal(seen.header, rgb(want));
    assert.equal(seen.link, rgb(scheme === 'light' ? COLOURS.accent : COLOURS.accent_donker));
    assert.deepEqual(seen.logo, { alt: 'Brancheclub Zorg', loaded: true });
    assert.equal(seen.icon, '../static/favicon.svg');
    assert.deepEqual(await axeViolations(page), []);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `house-${scheme}.png`) });
    assert.deepEqual(outside, []);
    await context.close();
  });
}

for (const [how, url] of [['file://', fileUrl], ['HTTP', (rel) => httpBase + rel]]) {
  test(`an old address leads to the renamed page (${how})`, async () => {
    const page = await browser.newPage();
    await page.goto(url('knelpunten/smalle-markt.html'));
    await page.waitForURL(/knelpunten\/weinig-leveranciers\.html$/);
    assert.match(await page.textContent('h1'), /markt is smal/i);
    await page.close();
  });
}

test('without refresh the old address still shows a link and names the new one', () => {
  const html = fs.readFileSync(path.join(site, 'public/knelpunten/smalle-markt.html'), 'utf8');
  assert.match(html, /<meta http-equiv="refresh" content="0; url=\.\.\/knelpunten\/weinig-leveranciers\.html">/);
  assert.match(html, /<link rel="canonical" href="https:\/\/example\.org\/leidraad\/knelpunten\/weinig-leveranciers\.html">/);
  assert.match(html, /<a href="\.\.\/knelpunten\/weinig-leveranciers\.html">/);
});
