import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 703, height: 1000 } });
await page.goto('file:///tmp/calc-site/rekenhulp/samen-of-alleen.html');
await page.emulateMedia({ media: 'print' });
console.log(await page.evaluate(() => {
  const mm = (px) => Math.round(px * 25.4 / 96);
  const sel = ['.entry-header', '#rh-print-inputs', '.rh-side', '.rh-chart', '.rh-table-box', '.rh-builds', '.rh-warnings', '.rh-left-out'];
  return sel.map((s) => s + ' ' + [...document.querySelectorAll(s)].map((e) => mm(e.getBoundingClientRect().height) + 'mm/' + Math.round(e.getBoundingClientRect().width)).join(','));
}));
await browser.close();
