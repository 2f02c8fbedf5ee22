// Layout on every screen (issue 14): no sideways scrolling at 1280, 390 and 320 px, no
// WCAG 2.2 AA violations in light and dark mode, the topics as a keyboard-operable
// disclosure on narrow screens, no topic alone on a line on wide ones, and the home
// page's topic cards on the first screen. With SCREENSHOT_DIR set, every page is
// photographed at every width (first screen) for a person to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, url, axeViolations } from './browser.mjs';

const PAGES = [
  'index.html',
  'knelpunten/index.html',
  'knelpunten/smalle-markt.html',
  'checklist/centrale-inkoop.html',
  'toegankelijkheid.html',
  'privacy.html',
  'contact.html',
  'over.html',
];
const WIDTHS = [1280, 390, 320];
const HEIGHT = { 1280: 800, 390: 844, 320: 700 };
const SHOTS = process.env.SCREENSHOT_DIR;
if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

function shotName(rel, width, scheme, extra = '') {
  return `${rel.replace(/\.html$/, '').replace(/\//g, '_')}-${width}-${scheme}${extra}.png`;
}

/** The elements that stick out to the right of the viewport, for the failure message. */
function overflowing() {
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > window.innerWidth + 0.5) {
      out.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(r.right)}`);
    }
  }
  return out.slice(0, 5);
}

for (const scheme of ['light', 'dark']) {
  for (const width of WIDTHS) {
    test(`${width} px, ${scheme}: no sideways scrolling and no axe violations`, async () => {
      const context = await browser.newContext({
        viewport: { width, height: HEIGHT[width] },
        colorScheme: scheme,
      });
      const page = await context.newPage();
      const problems = [];
      for (const rel of PAGES) {
        await page.goto(url(rel));
        const { scroll, inner } = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          inner: window.innerWidth,
        }));
        if (scroll > inner) {
          problems.push({ page: rel, scrollWidth: scroll, innerWidth: inner, wide: await page.evaluate(overflowing) });
        }
        if (SHOTS) await page.screenshot({ path: path.join(SHOTS, shotName(rel, width, scheme)) });
        const v = await axeViolations(page);
        if (v.length) problems.push({ page: rel, violations: v });
      }
      await context.close();
      assert.deepEqual(problems, [], JSON.stringify(problems, null, 2));
    });
  }
}

test('390 px: the topics open by keyboard and list every kind with the current one marked', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  for (const [rel, current, value] of [
    ['knelpunten/smalle-markt.html', 'Knelpunten', 'true'],
    ['knelpunten/index.html', 'Knelpunten', 'page'],
    ['index.html', null, null],
  ]) {
    await page.goto(url(rel));
    const kinds = await page.$$eval('.topics-strip a', (as) => as.map((a) => a.textContent.trim()));
    assert.ok(kinds.length >= 10, `the shipped site has ten kinds, found ${kinds.length}`);
    assert.equal(await page.isVisible('.topics-strip'), false, 'the wide strip is hidden');
    // Tab to the disclosure's summary, as a keyboard user would.
    let onSummary = false;
    for (let i = 0; i < 40 && !onSummary; i++) {
      await page.keyboard.press('Tab');
      onSummary = await page.evaluate(() => document.activeElement?.matches('.topics-menu summary'));
    }
    assert.ok(onSummary, `${rel}: Tab reaches the topics summary`);
    const summary = await page.evaluate(() => {
      const el = document.activeElement;
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return { text: el.textContent.replace(/\s+/g, ' ').trim(), outline: s.outlineStyle, width: parseFloat(s.outlineWidth), height: r.height };
    });
    assert.equal(summary.outline, 'solid', `${rel}: visible focus on the summary`);
    assert.ok(summary.width >= 2, `${rel}: focus outline ${summary.width}px`);
    assert.ok(summary.height >= 24, `${rel}: summary target ${summary.height}px high`);
    if (current) assert.equal(summary.text, `Onderwerpen: ${current}`);
    else assert.equal(summary.text, 'Onderwerpen');
    assert.equal(await page.isVisible('.topics-menu ul a'), false, 'closed at first');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.querySelector('.topics-menu').open), true, `${rel}: Enter opens`);
    const shown = await page.$$eval('.topics-menu ul a', (as) => as.map((a) => {
      const r = a.getBoundingClientRect();
      return {
        text: a.textContent.trim(),
        current: a.getAttribute('aria-current'),
        visible: r.width > 0 && r.height >= 24 && r.left >= 0 && r.right <= window.innerWidth,
      };
    }));
    assert.deepEqual(shown.map((l) => l.text), kinds, `${rel}: all kinds, in order`);
    assert.ok(shown.every((l) => l.visible), `${rel}: every topic is on screen with a 24 px target: ${JSON.stringify(shown)}`);
    const marked = shown.filter((l) => l.current);
    if (current) {
      assert.deepEqual(marked.map((l) => [l.text, l.current]), [[current, value]], `${rel}: current topic marked`);
    } else {
      assert.deepEqual(marked, [], `${rel}: no topic is current on the home page`);
    }
    if (SHOTS && rel === 'knelpunten/smalle-markt.html') {
      await page.screenshot({ path: path.join(SHOTS, shotName(rel, 390, 'light', '-topics-open')) });
    }
    // The next Tab goes into the open list; Space on the summary closes it again.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.closest('.topics-menu ul') !== null), true, `${rel}: Tab moves into the list`);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Space');
    assert.equal(await page.evaluate(() => document.querySelector('.topics-menu').open), false, `${rel}: Space closes`);
  }
  await context.close();
});

for (const width of [1024, 1280, 1440]) {
  test(`${width} px: the topics show as one strip with no topic alone on a line`, async () => {
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    for (const rel of ['index.html', 'knelpunten/smalle-markt.html']) {
      await page.goto(url(rel));
      assert.equal(await page.isVisible('.topics-menu'), false, 'the disclosure is for narrow screens');
      const tops = await page.$$eval('.topics-strip li', (lis) => lis.map((li) => li.offsetTop));
      const rows = new Map();
      for (const t of tops) rows.set(t, (rows.get(t) || 0) + 1);
      const counts = [...rows.values()];
      assert.ok(counts.length === 1 || counts.every((n) => n >= 2), `${rel} at ${width}: a topic alone on a line ${JSON.stringify(counts)}`);
      // Balanced lines: the shortest holds at least half as many topics as the longest.
      assert.ok(Math.min(...counts) * 2 >= Math.max(...counts), `${rel} at ${width}: unbalanced lines ${JSON.stringify(counts)}`);
      console.log(`METRIC topics per line at ${width}px: ${JSON.stringify(counts)}`);
      const menu = await page.$$eval('.menu a', (as) => as.map((a) => a.getBoundingClientRect().right));
      assert.ok(menu.every((r) => r <= width), `the menu fits at ${width}: ${menu}`);
    }
    await page.close();
  });
}

test('the top menu fits at 320 px and gives each checklist its own entry', async () => {
  const page = await browser.newPage({ viewport: { width: 320, height: 700 } });
  await page.goto(url('index.html'));
  const links = await page.$$eval('.menu a', (as) => as.map((a) => {
    const r = a.getBoundingClientRect();
    return { text: a.textContent.trim(), left: r.left, right: r.right, height: r.height };
  }));
  assert.ok(links.length > 0);
  for (const l of links) {
    assert.ok(l.left >= 0 && l.right <= 320, `${l.text} fits (${l.left}-${l.right})`);
    assert.ok(l.height >= 24, `${l.text} is ${l.height}px high`);
  }
  const texts = links.map((l) => l.text);
  assert.equal(new Set(texts).size, texts.length, `menu entries are distinct: ${texts}`);
  await page.close();
});

test('home: the topic cards are on the first screen and each card is one link', async () => {
  for (const [width, height] of [[1280, 800], [390, 844]]) {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(url('index.html'));
    const first = await page.$eval('.cards .card', (c) => c.getBoundingClientRect().top);
    assert.ok(first < height, `first card at ${first}px at ${width}×${height}`);
    const h1 = (await page.textContent('h1')).trim();
    const siteTitle = (await page.textContent('.site-title')).trim();
    assert.notEqual(h1, siteTitle, 'the h1 does not repeat the site title');
    if (width === 1280) {
      // Each card has one link, and a click anywhere on the card follows it.
      assert.equal(await page.$$eval('.cards .card', (cs) => cs.every((c) => c.querySelectorAll('a').length === 1)), true);
      const box = await page.$eval('.cards .card', (c) => { const r = c.getBoundingClientRect(); return { x: r.right - 12, y: r.bottom - 8 }; });
      await page.mouse.click(box.x, box.y);
      await page.waitForURL(/knelpunten\/index\.html$/);
      // Keyboard focus on the card's link shows on the card.
      await page.goBack();
      await page.focus('.cards .card a');
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      const outline = await page.$eval('.cards .card', (c) => getComputedStyle(c).outlineStyle);
      assert.equal(outline, 'solid', 'the focused card shows an outline');
    }
    await page.close();
  }
});
