import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 703, height: 1000 } });
await page.goto('file:///tmp/calc-site/rekenhulp/samen-of-alleen.html');
await page.emulateMedia({ media: 'print' });
console.log(await page.evaluate(() => {
  const out = [];
  document.querySelectorAll('body *').forEach((e) => {
    const r = e.getBoundingClientRect();
    if (e.tagName === 'TABLE' && r.right > 704 && getComputedStyle(e).display !== 'none') out.push((e.getAttribute('aria-labelledby') ? document.getElementById(e.getAttribute('aria-labelledby')).textContent : e.parentElement.id) + ' ' + [...e.querySelectorAll('thead th')].map(t => Math.round(t.getBoundingClientRect().width)).join('|') + ' ' + Math.round(r.left) + '-' + Math.round(r.right));
  });
  return [document.documentElement.scrollWidth, out.slice(0, 15)];
}));
await browser.close();
