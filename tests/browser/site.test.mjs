// Browser checks of the built knowledge base (issue 2): WCAG 2.2 AA with axe-core in light
// and dark mode, no sideways scrolling at 360 px, keyboard focus, and links that work
// when the site is opened straight from disk (file://).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, url, axeViolations } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PAGES = [
  'index.html',
  'knelpunten/index.html',
  'faalfactoren/specifiek-maatwerk.html',
  'voorbeelden/regionale-medicatie-inkoop.html',
  'begrippen/index.html',
  'bronnen/index.html',
  'bronnen/pwc-centrale-inkoop-2022.html',
  'centrale-inkoop.html',
  // The standard pages of the footer: the statements name every page type as tested.
  'over.html',
  'contact.html',
  'privacy.html',
  'toegankelijkheid.html',
];

for (const scheme of ['light', 'dark']) {
  test(`axe finds no WCAG 2.2 A/AA violations (${scheme})`, async () => {
    const page = await browser.newPage({ colorScheme: scheme });
    const problems = [];
    for (const rel of PAGES) {
      await page.goto(url(rel));
      const v = await axeViolations(page);
      if (v.length) problems.push({ page: rel, violations: v });
    }
    await page.close();
    assert.deepEqual(problems, [], JSON.stringify(problems, null, 2));
  });
}

test('pages do not scroll sideways at 360 px', async () => {
  const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
  for (const rel of PAGES) {
    await page.goto(url(rel));
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${rel} is ${width}px wide`);
  }
  await page.close();
});

test('the first Tab shows the skip link with a visible focus outline', async () => {
  const page = await browser.newPage();
  await page.goto(url('knelpunten/smalle-markt.html'));
  await page.keyboard.press('Tab');
  const focus = await page.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return { cls: el.className, outline: style.outlineStyle, width: style.outlineWidth, top: box.top };
  });
  assert.equal(focus.cls, 'skip-link');
  assert.equal(focus.outline, 'solid');
  assert.ok(parseFloat(focus.width) >= 2, `outline ${focus.width}`);
  assert.ok(focus.top >= 0, 'skip link is on screen when focused');
  await page.keyboard.press('Enter');
  const active = await page.evaluate(() => document.activeElement.id);
  assert.equal(active, 'inhoud');
  await page.close();
});

test('links work from disk: home -> listing -> entry -> backlink', async () => {
  const page = await browser.newPage();
  await page.goto(url('index.html'));
  await page.click('nav.topics a:text("Faalfactoren")');
  assert.match(page.url(), /faalfactoren\/index\.html$/);
  await page.click('.cards a >> nth=0');
  assert.match(page.url(), /faalfactoren\/.+\.html$/);
  const h1 = await page.textContent('h1');
  assert.ok(h1.length > 5);
  await page.click('.related a >> nth=0');
  const title = await page.title();
  assert.ok(!/niet gevonden/i.test(title));
  assert.match(page.url(), /^file:\/\//);
  await page.close();
});

test('print stylesheet hides navigation', async () => {
  const page = await browser.newPage();
  await page.goto(url('faalfactoren/specifiek-maatwerk.html'));
  await page.emulateMedia({ media: 'print' });
  const nav = await page.evaluate(() => getComputedStyle(document.querySelector('.site-header')).display);
  assert.equal(nav, 'none');
  await page.close();
});
