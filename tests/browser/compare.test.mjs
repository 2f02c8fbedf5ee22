// Browser checks of several assessments per browser and of comparing partners: nothing
// is ever overwritten (files and links add an assessment, delete can be undone), the page
// works with storage off or full, the action plan travels with the result file, the group
// view equals `leidraad assess` with several files, it all works by keyboard, axe finds no
// WCAG 2.2 A/AA violations, and untrusted input never runs or reaches another host.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, url, axeViolations, pdfText, SITE } from './browser.mjs';

const PAGE = 'checklist/centrale-inkoop.html';
const BIN = process.env.LEIDRAAD_BIN;
const ROOT = process.env.LEIDRAAD_ROOT;
const SHOTS = process.env.SCREENSHOT_DIR;

let browser;
let model;
before(async () => {
  browser = await launch();
  const html = fs.readFileSync(path.join(SITE, PAGE), 'utf8');
  model = JSON.parse(html.split('<script type="application/json" id="checklist-model">')[1].split('</script>')[0]);
});
after(async () => { await browser?.close(); });

const questions = () => model.checklist.dimensies.flatMap((d) => d.vragen);

/** A page whose every request is checked: nothing may leave this machine. */
async function freshPage(opts = {}, init = null) {
  const context = await browser.newContext({ acceptDownloads: true, ...opts });
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  page.outside = [];
  page.errors = [];
  page.dialogs = [];
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (!u.startsWith('file://') && !u.startsWith('blob:') && !u.startsWith('data:')) {
      page.outside.push(u);
      return route.abort();
    }
    return route.continue();
  });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('dialog', (d) => { page.dialogs.push(d.message()); d.accept(); });
  await page.goto(url(PAGE));
  return page;
}

async function answer(page, answers) {
  for (const [q, o] of Object.entries(answers)) await page.click(`label[for="${q}--${o}"]`);
}

function tmp(name, data) {
  const p = path.join(os.tmpdir(), `${process.pid}-${name}`);
  fs.writeFileSync(p, typeof data === 'string' ? data : JSON.stringify(data));
  return p;
}

function cli(files) {
  assert.ok(BIN, 'LEIDRAAD_BIN must be set');
  const args = ['assess', '--root', ROOT, '--format', 'json'];
  for (const f of files) args.push('--answers', f);
  return JSON.parse(execFileSync(BIN, args).toString());
}

async function exportCurrent(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#action-export')]);
  const file = tmp(`export-${Date.now()}-${Math.random()}.json`, fs.readFileSync(await download.path(), 'utf8'));
  return file;
}

function withoutDate(name) {
  return name.replace(/ \([^)]*\)$/, '');
}

async function listNames(page) {
  return page.$$eval('#assessment-select option', (os) => os.map((o) => o.textContent));
}

function normalize(v) {
  return JSON.parse(JSON.stringify(v), (k, x) => (typeof x === 'number' ? Number(x) : x));
}

const ANSWERS_A = { maatwerk: 'standaard', integratie: 'alle', impact: 'onafhankelijk', exit: 'geregeld', projectleider: 'onafhankelijk', kostenverdeling: 'afgesproken' };
const ANSWERS_B = { maatwerk: 'veel', integratie: 'meeste', impact: 'weet_niet', exit: 'niet', projectleider: 'uit_deelnemer', opschaling: 'nee' };

test('two partners: export both, clear, import both, and the group view equals leidraad assess', async () => {
  const page = await freshPage();
  await page.fill('#organisatie', 'Zorg Noord');
  await page.fill('#innovatie', 'Medicijndispenser');
  await answer(page, ANSWERS_A);
  const a = await exportCurrent(page);
  await page.click('#action-new');
  await page.fill('#organisatie', 'Thuiszorg Zuid');
  await page.fill('#innovatie', 'Medicijndispenser');
  await answer(page, ANSWERS_B);
  const b = await exportCurrent(page);
  assert.equal((await listNames(page)).length, 2);

  await page.evaluate(() => localStorage.clear());
  await page.reload();
  assert.equal((await listNames(page)).length, 1, 'storage cleared: one empty assessment');
  await page.setInputFiles('#compare-import', [a, b]);
  await page.waitForFunction(() => document.querySelectorAll('#compare-list input:checked').length === 2);
  await page.click('#compare-run');
  const shown = await page.evaluate(() => {
    const box = document.querySelector('#compare-body .verdict');
    return {
      min: Number(box.dataset.scoreMin), max: Number(box.dataset.scoreMax), band: box.dataset.band, status: box.dataset.status,
      agenda: [...document.querySelectorAll('#compare-body .group-agenda tbody tr')].map((tr) => tr.dataset.question),
      steps: [...document.querySelectorAll('#compare-body .next-steps > li')].map((li) => li.dataset.question),
      caps: [...document.querySelectorAll('#compare-body .caps-list > li')].map((li) => [li.dataset.question, li.dataset.band]),
      without: [...document.querySelectorAll('#compare-body .group-without')].map((d) => ({
        participant: Number(d.dataset.participant), name: d.querySelector('h4').textContent,
        min: Number(d.querySelector('.verdict').dataset.scoreMin), band: d.querySelector('.verdict').dataset.band,
      })),
      group: window.leidraadChecklist.group,
    };
  });
  const expected = cli([a, b]);
  assert.equal(shown.min, expected.group.score_min);
  assert.equal(shown.max, expected.group.score_max);
  assert.equal(shown.band, expected.group.band ? expected.group.band.id : '');
  assert.equal(shown.status, expected.group.status);
  assert.deepEqual(shown.agenda, expected.agenda.map((x) => x.question));
  assert.deepEqual(shown.steps, expected.group.next_steps.map((x) => x.question));
  assert.deepEqual(shown.caps, expected.group.caps.map((x) => [x.question, x.band.id]));
  // B's knock-out (opschaling: nee) lowers the group: beside it, the group without B.
  assert.equal(shown.without.length, expected.group.without.length);
  assert.ok(shown.without.length >= 1, 'a view without the knocked-out partner');
  shown.without.forEach((w, i) => {
    // The page names a partner by organisation when all assessed one innovation; the
    // command line by organisation and innovation.
    assert.ok(expected.group.without[i].participant.startsWith(w.name.replace(/^Zonder /, '')), `${w.name} / ${expected.group.without[i].participant}`);
    assert.equal(w.min, expected.group.without[i].outcome.score_min);
    assert.equal(w.band, expected.group.without[i].outcome.band ? expected.group.without[i].outcome.band.id : '');
  });
  // Every field of the engine's group outcome equals the command line's.
  const agenda = expected.agenda.map(({ notes, ...rest }) => rest);
  assert.deepEqual(normalize(shown.group.agenda), normalize(agenda));
  const { without, ...outcome } = expected.group;
  assert.deepEqual(normalize(shown.group.outcome), normalize(outcome));
  assert.deepEqual(normalize(shown.group.answers), normalize(expected.group_answers));
  assert.deepEqual(normalize(shown.group.without.map((w) => w.outcome)), normalize(without.map((w) => w.outcome)));
  // Answers are said in words beside their colour.
  const cell = await page.textContent('#compare-body .group-agenda tbody tr td');
  assert.match(cell, /\((goed|matig|zwak|knock-out|weet niet)\)/);
  assert.deepEqual(page.outside, []);
  await page.context().close();
});

test('a partner pastes share links into the group view; foreign and newer links change nothing', async () => {
  const page = await freshPage();
  await page.fill('#organisatie', 'Zorg Noord');
  await answer(page, ANSWERS_A);
  await page.click('#action-share');
  const own = await page.inputValue('#share-link');
  const partner = own.replace('org=Zorg+Noord', 'org=Thuiszorg+Zuid').replace('maatwerk%3Astandaard', 'maatwerk%3Aveel');
  assert.notEqual(partner, own, 'the link carries the organisation and the answers');
  for (const [link, says] of [
    [partner.replace('checklist=centrale-inkoop', 'checklist=iets-anders'), /andere checklist/],
    [partner.replace('v=3.0', 'v=4.0'), /nieuwere versie/],
    ['geen link', /beschadigd/],
  ]) {
    await page.fill('#compare-link', link);
    await page.click('#compare-link-add');
    assert.match(await page.textContent('#compare-message'), says);
    assert.equal((await listNames(page)).length, 1, `nothing added for ${link.slice(-40)}`);
  }
  // A link typed with the keyboard, the way a partner's e-mail is pasted.
  await page.focus('#compare-link');
  await page.keyboard.insertText(partner);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  assert.match(await page.textContent('#compare-message'), /Thuiszorg Zuid/);
  assert.equal((await listNames(page)).length, 2);
  assert.equal(await page.inputValue('#organisatie'), 'Zorg Noord', 'the own assessment stays open');
  await page.check('#compare-list input >> nth=0');
  await page.click('#compare-run');
  const agenda = await page.$$eval('#compare-body .group-agenda tbody tr', (tr) => tr.map((x) => x.dataset.question));
  assert.ok(agenda.includes('maatwerk'), 'the differing answer is on the agenda');
  assert.deepEqual(page.outside, []);
  await page.context().close();
});

test('opening a share link while an assessment exists keeps both, with a way back', async () => {
  const page = await freshPage();
  await page.fill('#innovatie', 'Mijn eigen');
  await answer(page, { maatwerk: 'beperkt' });
  await page.click('#action-share');
  const link = (await page.inputValue('#share-link')).replace('maatwerk%3Abeperkt', 'maatwerk%3Astandaard').replace('naam=Mijn+eigen', 'naam=Van+de+partner');
  await page.goto(link);
  await page.waitForFunction(() => !document.getElementById('page-message').hidden);
  assert.match(await page.textContent('#page-message'), /Geladen uit een gedeelde link: Van de partner/);
  assert.deepEqual((await listNames(page)).map(withoutDate), ['Mijn eigen', 'Van de partner']);
  assert.equal(await page.isChecked('#maatwerk--standaard'), true);
  await page.click('#page-message-back');
  assert.equal(await page.inputValue('#innovatie'), 'Mijn eigen');
  assert.equal(await page.isChecked('#maatwerk--beperkt'), true, 'the own answers are untouched');
  await page.reload();
  assert.equal((await listNames(page)).length, 2, 'both are stored');
  await page.context().close();
});

test('delete asks first and can be undone; rename and duplicate', async () => {
  const page = await freshPage();
  await page.fill('#innovatie', 'Eerste');
  await answer(page, { maatwerk: 'veel' });
  await page.click('#action-duplicate');
  // The copy keeps the name (a re-assessment); the list tells the two apart.
  assert.deepEqual((await listNames(page)).map((n) => n.replace(/ \(bijgewerkt [^)]*\)/, '')), ['Eerste', 'Eerste · kopie']);
  assert.equal(await page.isChecked('#maatwerk--veel'), true, 'the copy has the answers');
  await page.fill('#innovatie', 'Tweede');
  assert.match((await listNames(page))[1], /^Tweede/, 'renamed in the list');
  await page.click('#action-delete');
  assert.match(page.dialogs.at(-1), /verwijderen: Tweede/);
  assert.equal((await listNames(page)).length, 1);
  assert.match(await page.textContent('#page-message'), /Tweede is verwijderd/);
  await page.click('#page-message-back');
  assert.deepEqual((await listNames(page)).map(withoutDate), ['Eerste', 'Tweede'], 'undo puts it back in its place');
  assert.match(await page.textContent('#page-message'), /Tweede is teruggezet/);
  assert.equal(await page.isVisible('#page-message'), true);
  assert.equal(await page.inputValue('#innovatie'), 'Tweede');
  await page.reload();
  assert.deepEqual((await listNames(page)).map(withoutDate), ['Eerste', 'Tweede'], 'the undo is stored');
  assert.equal(await page.isChecked('#maatwerk--veel'), true);
  await page.context().close();
});

test('with storage off or full the page says so and keeps working in memory', async () => {
  const cases = [
    () => { Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('off', 'SecurityError'); } }); },
    () => { Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); }; },
  ];
  for (const init of cases) {
    const page = await freshPage({}, init);
    await answer(page, { maatwerk: 'standaard', integratie: 'alle' });
    assert.match(await page.textContent('#page-message'), /bewaart op dit moment niets/);
    await page.fill('#innovatie', 'In het geheugen');
    await page.click('#action-new');
    await page.click('#action-duplicate');
    assert.equal((await listNames(page)).length, 3);
    await page.selectOption('#assessment-select', { index: 0 });
    assert.equal(await page.isChecked('#maatwerk--standaard'), true);
    assert.deepEqual(page.errors, [], 'nothing throws');
    await page.context().close();
  }
});

test('the action plan is saved, exported, imported and printed', async () => {
  const page = await freshPage();
  await answer(page, { maatwerk: 'veel', exit: 'niet' });
  const row = '#plan-body tr[data-question="exit"]';
  await page.fill(`${row} .plan-who`, 'Inkoper Jansen');
  await page.fill(`${row} .plan-when`, '2027-03-01');
  await page.check(`${row} .plan-done`);
  await page.reload();
  assert.equal(await page.inputValue(`${row} .plan-who`), 'Inkoper Jansen', 'kept across reloads');
  const file = await exportCurrent(page);
  const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.deepEqual(saved.plan.exit, { who: 'Inkoper Jansen', when: '2027-03-01', done: true });
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.setInputFiles('#action-import', file);
  await page.waitForFunction(() => document.getElementById('message').textContent.includes('geopend'));
  assert.equal(await page.inputValue(`${row} .plan-who`), 'Inkoper Jansen');
  assert.equal(await page.inputValue(`${row} .plan-when`), '2027-03-01');
  assert.equal(await page.isChecked(`${row} .plan-done`), true);
  // The report prints each plan row with its step or advice, drawn once clicking settles.
  await page.waitForFunction(() => window.leidraadChecklist.reportFresh);
  const report = await page.textContent('#rapport');
  assert.ok(report.includes('Wie: Inkoper Jansen · Wanneer: 2027-03-01 · Gedaan'), report);
  await page.context().close();
});

test('the list and the group view work with the keyboard alone', async () => {
  const page = await freshPage();
  await page.fill('#innovatie', 'Een');
  await answer(page, ANSWERS_A);
  await page.focus('#action-new');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Shift+Tab');
  await page.focus('#innovatie');
  await page.keyboard.type('Twee');
  await answer(page, ANSWERS_B);
  // Choose the first assessment in the list with the keyboard.
  await page.focus('#assessment-select');
  await page.keyboard.press('Home');
  assert.equal(await page.inputValue('#innovatie'), 'Een');
  // Tick both in the group view and compare, by keyboard.
  await page.focus('#compare-list input >> nth=0');
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await page.focus('#compare-run');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#compare-body .verdict');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.equal(outline, 'solid', 'focus visible on the compare button');
  assert.ok(await page.isVisible('#compare-body .group-agenda'));
  await page.context().close();
});

test('axe finds no WCAG 2.2 A/AA violations on the group view and the re-assessment view', async () => {
  // B has a knock-out and a cap, so the view shows "Eerst regelen" and a view without B.
  const a = tmp('axe-a.json', { checklist: 'centrale-inkoop', version: '3.0', innovatie: 'Sleutel', organisatie: 'A', answers: ANSWERS_A });
  const b = tmp('axe-b.json', { checklist: 'centrale-inkoop', version: '3.0', innovatie: 'Sleutel', organisatie: 'B', answers: { ...ANSWERS_B, medewerkers: 'niet' } });
  const a2 = tmp('axe-a2.json', { checklist: 'centrale-inkoop', version: '3.0', innovatie: 'Sleutel', organisatie: 'A', date: '2027-01-07', answers: { ...ANSWERS_A, exit: 'deels' } });
  for (const colorScheme of ['light', 'dark']) {
    const page = await freshPage({ colorScheme });
    await page.setInputFiles('#compare-import', [a, b]);
    await page.waitForFunction(() => document.querySelectorAll('#compare-list input:checked').length === 2);
    await page.click('#compare-run');
    await page.waitForSelector('#compare-body .group-agenda');
    assert.ok(await page.isVisible('#compare-body .caps-list'));
    assert.ok(await page.isVisible('#compare-body .group-without'));
    let v = await axeViolations(page);
    assert.deepEqual(v, [], JSON.stringify(v, null, 2));
    // The same organisation and innovation twice: the re-assessment view.
    await page.setInputFiles('#compare-import', [a2]);
    await page.waitForFunction(() => document.querySelectorAll('#compare-list input:checked').length === 3);
    await page.locator('#compare-list .compare-item', { hasText: 'B —' }).locator('input').uncheck();
    await page.click('#compare-run');
    await page.waitForSelector('#compare-body .reassess-table');
    v = await axeViolations(page);
    assert.deepEqual(v, [], JSON.stringify(v, null, 2));
    await page.context().close();
  }
});

test('a re-assessment of the same innovation is its own view, oldest to newest, not a group', async () => {
  // A 2.0 result opens against 3.0 with its answers.
  const before = tmp('re-1.json', { checklist: 'centrale-inkoop', version: '2.0', innovatie: 'Sensor', organisatie: 'Zorg Noord', date: '2026-06-01', answers: { maatwerk: 'veel', exit: 'niet' } });
  const middle = tmp('re-2.json', { checklist: 'centrale-inkoop', version: '3.0', innovatie: 'Sensor', organisatie: 'Zorg Noord', date: '2026-11-20', answers: { maatwerk: 'beperkt', exit: 'niet', impact: 'geen' } });
  const later = tmp('re-3.json', { checklist: 'centrale-inkoop', version: '3.0', innovatie: 'Sensor', organisatie: 'Zorg Noord', date: '2027-02-01', answers: { maatwerk: 'beperkt', exit: 'geregeld', impact: 'geen' } });
  const page = await freshPage();
  // Chosen newest first: the view still runs oldest to newest.
  await page.setInputFiles('#compare-import', [later, before, middle]);
  await page.waitForFunction(() => document.querySelectorAll('#compare-list input:checked').length === 3);
  await page.click('#compare-run');
  const dates = await page.$$eval('#compare-body .reassess-table tbody tr', (tr) => tr.map((x) => x.dataset.updated));
  assert.deepEqual(dates, ['2026-06-01', '2026-11-20', '2027-02-01']);
  const changes = await page.$$eval('#compare-body .group-changes', (s) => s.map((x) => x.textContent));
  assert.equal(changes.length, 2);
  assert.match(changes[0], /van 2026-06-01 tot 2026-11-20/);
  assert.match(changes[1], /van 2026-11-20 tot 2027-02-01/);
  const moved = await page.$$eval('#compare-body .group-changes:first-of-type .group-moved li', (li) => li.map((x) => x.textContent));
  assert.ok(moved.some((m) => m.includes('van «Veel eigen afstemming')), moved.join(' | '));
  assert.equal(await page.locator('#compare-body .group-participants').count(), 0, 'not a group of one and itself');
  assert.equal(await page.evaluate(() => window.leidraadChecklist.group), null);
  await page.context().close();
});

test('a corpus of hostile input runs nothing and reaches no other host', async () => {
  const payloads = [
    '<img src=x onerror="window.pwned=1">', '<script>window.pwned=1</script>', '"><svg onload=window.pwned=1>',
    "'><iframe src=javascript:window.pwned=1>", '<a href="javascript:window.pwned=1">x</a>', '{{7*7}}',
    '${window.pwned=1}', '<style>*{display:none}</style>', '<img src="https://evil.example/x.png">',
    '<link rel=stylesheet href=https://evil.example/x.css>', '<object data="https://evil.example/">', '<body onload=window.pwned=1>',
    '<details open ontoggle=window.pwned=1>', '<math><mtext><table><mglyph><style><img src=x onerror=window.pwned=1>',
    'javascript:window.pwned=1', 'data:text/html,<script>window.pwned=1</script>', '\u202e\u0000<b>x</b>', '<!--', ']]>',
    '<base href="https://evil.example/">', '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<form action=https://evil.example/><button>x</button></form>', '<input autofocus onfocus=window.pwned=1>',
    '<video><source onerror=window.pwned=1>', '<audio src=x onerror=window.pwned=1>', '<svg><script>window.pwned=1</script></svg>',
    '"onmouseover="window.pwned=1', "';window.pwned=1;//", '<xmp><img src=x onerror=window.pwned=1></xmp>', '%3Cscript%3Ewindow.pwned=1%3C/script%3E',
    '<noscript><p title="</noscript><img src=x onerror=window.pwned=1>">',
  ];
  assert.ok(payloads.length >= 30);
  const page = await freshPage();
  // In names, organisations and plan notes, typed and imported.
  for (const [i, p] of payloads.entries()) {
    const file = tmp(`xss-${i}.json`, { checklist: 'centrale-inkoop', version: '2.0', innovatie: p.slice(0, 200), organisatie: p.slice(0, 200), answers: { maatwerk: 'veel' }, plan: { maatwerk: { who: p.slice(0, 200), when: p, done: true } } });
    await page.setInputFiles('#compare-import', file);
  }
  await page.waitForFunction((n) => document.querySelectorAll('#compare-list input').length >= n, payloads.length);
  await page.fill('#innovatie', payloads[0]);
  await page.fill('#organisatie', payloads[2]);
  await answer(page, { maatwerk: 'veel' });
  await page.fill('#plan-body tr[data-question="maatwerk"] .plan-who', payloads[1]);
  await page.click('#compare-run');
  await page.selectOption('#assessment-select', { index: 5 });
  // In answers (as option ids) and in share links.
  const bad = tmp('xss-answers.json', { checklist: 'centrale-inkoop', answers: { maatwerk: payloads[0], [payloads[1]]: 'veel' } });
  await page.setInputFiles('#action-import', bad);
  await page.waitForFunction(() => document.getElementById('message').textContent.includes('niets gewijzigd'));
  for (const p of payloads.slice(0, 10)) {
    await page.goto(url(PAGE) + '#checklist=centrale-inkoop&v=2.0&a=maatwerk%3Aveel&naam=' + encodeURIComponent(p) + '&org=' + encodeURIComponent(p));
    await page.goto(url(PAGE) + '#checklist=centrale-inkoop&a=' + encodeURIComponent(p));
  }
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.pwned), undefined, 'nothing ran');
  const injected = await page.evaluate(() => document.querySelectorAll('#checklist img, #checklist iframe, #checklist script:not([src]):not([type]), #checklist object, #checklist svg script, #checklist video, #checklist audio, #checklist base').length);
  assert.equal(injected, 0);
  assert.deepEqual(page.outside, [], 'no request to another host');
  assert.deepEqual(page.dialogs, []);
  await page.context().close();
});

test('metrics: four partners, the group report, screenshots', async () => {
  const page = await freshPage();
  const files = ['Zorg Noord', 'Thuiszorg Zuid', 'Wijkzorg Oost', 'Verpleeghuis West'].map((org, i) => {
    const answers = Object.fromEntries(questions().map((q, j) => [q.id, (i + j) % 4 === 0 ? 'weet_niet' : q.opties[(i * 3 + j) % q.opties.length].id]));
    return tmp(`four-${i}.json`, { checklist: 'centrale-inkoop', version: '3.0', innovatie: 'Slimme medicijndispenser', organisatie: org, answers });
  });
  await page.setInputFiles('#compare-import', files);
  await page.waitForFunction(() => document.querySelectorAll('#compare-list input:checked').length === 4);
  await page.click('#compare-run');
  const heads = await page.$$eval('#compare-body .group-participants th[scope=row]', (th) => th.map((x) => x.textContent));
  assert.deepEqual(heads, ['Zorg Noord', 'Thuiszorg Zuid', 'Wijkzorg Oost', 'Verpleeghuis West'], 'one innovation: labelled by organisation');
  assert.equal(await page.locator('#compare-body svg.group-chart').count(), 6, 'a chart per dimension');
  assert.deepEqual(await page.$$eval('#compare-body svg.group-chart >> nth=0', (svgs) => [...svgs[0].querySelectorAll('.chart-number')].map((t) => t.textContent)), ['1', '2', '3', '4'], 'marks are numbered like the legend');
  const expected = cli(files);
  assert.deepEqual(await page.$$eval('#compare-body .group-agenda tbody tr', (tr) => tr.map((x) => x.dataset.question)), expected.agenda.map((x) => x.question));
  await page.evaluate(() => { window.print = () => {}; });
  await page.click('#group-print');
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ preferCSSPageSize: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  console.log(`METRIC group_report_pdf_pages=${pages} (4 participants)`);
  if (SHOTS) fs.writeFileSync(path.join(SHOTS, 'group-report.pdf'), pdf);
  // The PDF is what partners take to the meeting: read it back, not the DOM (printing
  // ends with `afterprint`, which puts the single report back).
  const pdfPath = path.join(os.tmpdir(), `leidraad-group-${process.pid}.pdf`);
  fs.writeFileSync(pdfPath, pdf);
  const text = pdfText(pdfPath);
  for (const part of ['Zorg Noord', 'Thuiszorg Zuid', 'Wijkzorg Oost', 'Verpleeghuis West', 'versie 3.0', 'Datum', 'Als groep']) {
    if (text !== null) assert.ok(text.includes(part), `${part} in the group report`);
  }
  const box = pdf.toString('latin1').match(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)/);
  assert.ok(box && Number(box[1]) > Number(box[2]), `group report is landscape: ${box && box.slice(1)}`);
  // Every difference is on the agenda (no threshold): four partners answering at random
  // differ on nearly every question, so this is the longest group report there is; at
  // 9 pt in tables and 10 pt elsewhere (issue 18).
  assert.ok(pages >= 1 && pages <= 8, `group report is ${pages} pages`);
  await page.emulateMedia({ media: 'screen' });
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    if (SHOTS) await page.locator('#vergelijking').screenshot({ path: path.join(SHOTS, `group-${width}.png`) });
  }
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scroll <= 390, `no sideways scroll at 390 px: ${scroll}`);
  await page.context().close();
});
