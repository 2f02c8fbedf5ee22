// Nothing a visitor did on the checklist page is ever lost (issue 18), tried the way care
// providers work, over file:// (a USB stick) and over `leidraad serve` started inside a
// copied site folder: several tabs with partner links opened from e-mail, two tabs on one
// assessment, looking versus changing, "Wis antwoorden" with undo, storage full and
// switched off, the same file or link twice, notes through export, import and share
// link, and a store saved by checklist 2.x. Answers are clicked on their labels, a third
// of them "weet niet"; names and notes are hostile.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch } from './browser.mjs';
import {
  HOSTILE, model, questions, mixedAnswers, answer, note, settled, stored, storedByOrg, shownForm,
  partnerLink, serveCopy, fileTarget, fillStorage,
} from './visitor.mjs';

const BIN = process.env.LEIDRAAD_BIN;
const ROOT = process.env.LEIDRAAD_ROOT;
let browser;
let served;
const httpTarget = {
  name: 'leidraad serve',
  get page() { return served.page; },
  get other() { return served.base + 'index.html'; },
};
const targets = [fileTarget, httpTarget];
const errors = [];

before(async () => {
  browser = await launch();
  served = await serveCopy(BIN, ROOT);
});
after(async () => {
  await browser?.close();
  await served?.close();
  assert.deepEqual(errors, [], 'no script errors on any page');
});

const t = model.strings;
const sameAnswers = (a, b) => assert.deepEqual(Object.fromEntries(Object.entries(a).sort()), Object.fromEntries(Object.entries(b).sort()));
/** An answer other than the ones given (never a knock-out; "weet niet" counts), to change one. */
const otherOption = (q, ...not) => questions.find((x) => x.id === q).opties.map((o) => !o.knockout && o.id)
  .concat('weet_niet').find((o) => o && !not.includes(o));

async function open(context, href) {
  const page = await context.newPage();
  page.on('dialog', (d) => d.accept());
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(href);
  return page;
}

/** Waits until another tab's change reached this one (storage event) or a moment passed. */
const settle = (page) => page.waitForTimeout(150);

for (const target of targets) {
  for (const partners of [1, 3]) {
    test(`${partners + 1} tabs: partner links opened from e-mail in new tabs while tab 1 keeps answering (${target.name})`, async () => {
      const people = [
        { organisatie: 'Thuiszorg De Linde', innovatie: 'Slimme medicijndispenser', answers: mixedAnswers(7) },
        { organisatie: 'Zorggroep Oost', innovatie: 'Slimme medicijndispenser', answers: mixedAnswers(11), notes: { maatwerk: 'Getest bij twee teams.' } },
        { organisatie: 'Wijkzorg Noord', innovatie: 'Slimme medicijndispenser', answers: mixedAnswers(13) },
        { organisatie: HOSTILE, innovatie: 'Slimme medicijndispenser', answers: mixedAnswers(5), notes: { exit: HOSTILE } },
      ].slice(0, partners + 1);
      const context = await browser.newContext();
      const tab1 = await open(context, target.page);
      const [me, ...others] = people;
      const half = Object.entries(me.answers);
      await answer(tab1, Object.fromEntries(half.slice(0, 10)));
      await tab1.fill('#organisatie', me.organisatie);
      await tab1.fill('#innovatie', me.innovatie);

      // Each partner answers in their own browser and e-mails a link; the coordinator
      // opens each in a new tab, where the partner's assessment is corrected once.
      const tabs = [];
      for (const p of others) {
        const link = await partnerLink(browser, target.page, p);
        const tab = await open(context, link);
        await tab.waitForFunction(() => !document.getElementById('page-message').hidden);
        const fix = questions[3].id;
        p.answers[fix] = otherOption(fix, p.answers[fix]);
        await answer(tab, { [fix]: p.answers[fix] });
        tabs.push(tab);
      }
      // Back in tab 1 (opened before the partners' tabs): the rest of its own answers.
      await tab1.bringToFront();
      await answer(tab1, Object.fromEntries(half.slice(10)));
      // And a partner tab once more, after tab 1 wrote.
      const last = others[others.length - 1];
      const q = questions[5].id;
      last.answers[q] = otherOption(q, last.answers[q]);
      await answer(tabs[tabs.length - 1], { [q]: last.answers[q] });
      await settle(tab1);

      const fresh = await open(context, target.page);
      const byOrg = await storedByOrg(fresh);
      assert.deepEqual(Object.keys(byOrg).sort(), people.map((p) => p.organisatie).sort(), 'every assessment is stored');
      for (const p of people) {
        sameAnswers(byOrg[p.organisatie].answers, p.answers);
        assert.equal(byOrg[p.organisatie].innovatie, p.innovatie);
        assert.deepEqual(byOrg[p.organisatie].notes, p.notes || {});
      }
      const total = people.reduce((n, p) => n + Object.keys(p.answers).length, 0);
      assert.equal(Object.values(byOrg).reduce((n, i) => n + Object.keys(i.answers).length, 0), total, `all ${total} answers`);
      // The fresh tab and tab 1 list every assessment, and show each one's answers.
      assert.equal(await fresh.locator('#assessment-select option').count(), people.length);
      assert.equal(await tab1.locator('#assessment-select option').count(), people.length, 'tab 1 sees the partners too');
      for (const p of people) {
        const id = Object.entries(await stored(fresh)).find(([, i]) => i.organisatie === p.organisatie)[0];
        await fresh.selectOption('#assessment-select', id);
        sameAnswers((await shownForm(fresh)).answers, p.answers);
      }
      assert.equal(await fresh.evaluate(() => window.pwned), undefined);
      assert.equal(await fresh.locator('#checklist img, #assessment-select img').count(), 0);
      await context.close();
    });
  }
}

for (const target of targets) {
  test(`two tabs on one assessment never wipe each other's answers (${target.name})`, async () => {
    const answers = mixedAnswers(7);
    const ids = Object.keys(answers);
    for (const deaf of [false, true]) {
      const context = await browser.newContext();
      const tab1 = await open(context, target.page);
      await answer(tab1, { [ids[0]]: answers[ids[0]] });
      await tab1.fill('#innovatie', 'Digitale sleutel');
      // Tab 2 opens on the same assessment. `deaf`: it never hears tab 1 (no storage
      // events), so only re-reading before its own write can save tab 1's work.
      const tab2 = await context.newPage();
      tab2.on('dialog', (d) => d.accept());
      if (deaf) await tab2.addInitScript(() => window.addEventListener('storage', (e) => e.stopImmediatePropagation(), true));
      await tab2.goto(target.page);
      assert.equal(await tab2.inputValue('#innovatie'), 'Digitale sleutel');
      await tab1.bringToFront();
      await answer(tab1, Object.fromEntries(ids.slice(1, 11).map((q) => [q, answers[q]])));
      await tab1.fill('#organisatie', 'Thuiszorg Oost');
      await tab2.bringToFront();
      await answer(tab2, { [ids[12]]: answers[ids[12]] });
      await settle(tab1);

      const expected = Object.fromEntries(ids.slice(0, 11).concat(ids[12]).map((q) => [q, answers[q]]));
      const fresh = await open(context, target.page);
      const items = Object.values(await stored(fresh));
      assert.equal(items.length, 1, 'one assessment');
      sameAnswers(items[0].answers, expected);
      assert.equal(items[0].innovatie, 'Digitale sleutel');
      assert.equal(items[0].organisatie, 'Thuiszorg Oost');
      sameAnswers((await shownForm(tab2)).answers, expected);
      assert.equal(await tab2.inputValue('#organisatie'), 'Thuiszorg Oost', 'tab 2 shows tab 1\'s work');

      // The same answer changed in both tabs: the later change wins, in both.
      const q = ids[1];
      await answer(tab1, { [q]: otherOption(q, answers[q]) });
      await tab2.waitForTimeout(20);
      const last = otherOption(q, answers[q], otherOption(q, answers[q]));
      await answer(tab2, { [q]: last });
      await settle(tab1);
      assert.equal((await stored(fresh))[items[0].id].answers[q], last);
      if (!deaf) assert.equal((await shownForm(tab1)).answers[q], last);

      // "Nieuwe beoordeling" in tab 2 leaves tab 1's assessment whole.
      await tab2.click('#action-new');
      await tab2.fill('#innovatie', 'Sensoren');
      await settle(tab1);
      const after = Object.values(await stored(fresh));
      assert.equal(after.length, 2);
      assert.equal(Object.keys(after.find((i) => i.innovatie === 'Digitale sleutel').answers).length, 12);
      await context.close();
    }
  });
}

test('two tabs opened on an empty store work on one assessment', async () => {
  const context = await browser.newContext();
  const tab1 = await open(context, fileTarget.page);
  const tab2 = await open(context, fileTarget.page);
  const answers = mixedAnswers(11);
  const ids = Object.keys(answers);
  await tab1.bringToFront();
  await answer(tab1, Object.fromEntries(ids.slice(0, 10).map((q) => [q, answers[q]])));
  await tab2.bringToFront();
  await answer(tab2, { [ids[10]]: answers[ids[10]] });
  const items = Object.values(await stored(tab1));
  assert.equal(items.length, 1);
  sameAnswers(items[0].answers, Object.fromEntries(ids.slice(0, 11).map((q) => [q, answers[q]])));
  await context.close();
});

test('looking at an assessment changes nothing; a copy keeps both names and its own date', async () => {
  const context = await browser.newContext();
  await context.clock.setSystemTime(new Date('2026-11-01T10:00:00Z'));
  const page = await open(context, fileTarget.page);
  await answer(page, { ...mixedAnswers(7), projectleider: 'geen' });
  await page.fill('#innovatie', 'Slimme medicijndispenser');
  await page.fill('#organisatie', 'Thuiszorg De Linde');
  const original = Object.values(await stored(page))[0];
  assert.equal(original.updated, '2026-11-01');

  // A month later: a copy for the re-assessment, with one improvement.
  await context.clock.setSystemTime(new Date('2026-12-01T10:00:00Z'));
  await page.reload();
  await page.click('#action-duplicate');
  assert.equal(await page.inputValue('#innovatie'), 'Slimme medicijndispenser', 'no "(kopie)"');
  assert.equal(await page.inputValue('#organisatie'), 'Thuiszorg De Linde');
  await answer(page, { projectleider: 'onafhankelijk' });
  const labels = await page.locator('#assessment-select option').allTextContents();
  assert.equal(new Set(labels).size, 2, `the two are told apart: ${labels}`);
  assert.ok(labels.some((l) => l.includes('2026-11-01')) && labels.some((l) => l.includes('2026-12-01')));

  // The next day: looking at the original, in the list and in the compare view, writes nothing.
  await context.clock.setSystemTime(new Date('2026-12-02T10:00:00Z'));
  await page.reload();
  const before = await page.evaluate(() => JSON.stringify(localStorage));
  await page.selectOption('#assessment-select', original.id);
  await page.locator('#assessment-select').press('Tab');
  await page.click('label[for="show-weights"]');
  await page.waitForTimeout(400);
  assert.equal(await page.evaluate(() => JSON.stringify(localStorage)), before, 'storage untouched');
  const items = Object.values(await stored(page)).sort((a, b) => a.created - b.created);
  assert.deepEqual(items.map((i) => i.updated), ['2026-11-01', '2026-12-01']);
  assert.equal(items[0].answers.projectleider, 'geen');
  assert.equal(items[1].answers.projectleider, 'onafhankelijk');
  // Compared, the change reads from old to new.
  for (const item of items) if (!(await page.isChecked(`#cmp-${item.id}`))) await page.click(`label[for="cmp-${item.id}"]`);
  await page.click('#compare-run');
  const body = await page.textContent('#compare-body');
  const geen = questions.find((q) => q.id === 'projectleider').opties.find((o) => o.id === 'geen').label;
  const beter = questions.find((q) => q.id === 'projectleider').opties.find((o) => o.id === 'onafhankelijk').label;
  assert.ok(body.indexOf('2026-11-01') >= 0 && body.indexOf('2026-11-01') < body.indexOf('2026-12-01'), 'old before new');
  assert.ok(body.indexOf(`«${geen}»`) < body.indexOf(`«${beter}»`) && body.includes(`«${geen}»`), 'the change reads from old to new');
  await context.close();
});

test('"Wis antwoorden" names everything it erases and can be undone', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.accept(); });
  await page.goto(fileTarget.page);
  const answers = mixedAnswers(13);
  await answer(page, answers);
  await page.fill('#innovatie', 'Leefstijlmonitoring');
  await page.fill('#organisatie', 'Thuiszorg West');
  await note(page, 'maatwerk', 'Volgens de leverancier.');
  await note(page, 'exit', 'Nog navragen.');
  await settled(page);
  const rows = page.locator('#plan-body tr[data-question]');
  await rows.nth(0).locator('.plan-who').fill('Anna');
  await rows.nth(1).locator('.plan-who').fill('Bram');
  await rows.nth(1).locator('.plan-done').check();
  const full = Object.values(await stored(page))[0];
  const n = Object.keys(answers).length;

  await page.click('#action-clear');
  assert.equal(dialogs.length, 1);
  for (const part of [`${n} antwoorden`, '2 toelichtingen', '2 regels van het actieplan', 'Leefstijlmonitoring', 'Thuiszorg West']) {
    assert.ok(dialogs[0].includes(part), `the question names ${part}: ${dialogs[0]}`);
  }
  const cleared = Object.values(await stored(page))[0];
  assert.deepEqual([cleared.answers, cleared.notes, cleared.plan, cleared.innovatie, cleared.organisatie], [{}, {}, {}, '', '']);
  const box = page.locator('#page-message');
  assert.ok((await box.textContent()).includes(`${n} antwoorden`));
  assert.equal(await page.textContent('#page-message-back'), t.action_undo);
  await page.click('#page-message-back');
  await page.reload();
  const back = Object.values(await stored(page))[0];
  for (const k of ['answers', 'notes', 'plan', 'innovatie', 'organisatie']) assert.deepEqual(back[k], full[k], k);
  sameAnswers((await shownForm(page)).answers, answers);
  assert.equal(await page.inputValue('#toelichting-exit'), 'Nog navragen.');
  await context.close();
});

for (const target of targets) {
  test(`storage full: told where the visitor is, export offered, saved again once freed (${target.name})`, async () => {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 800 } });
    const page = await open(context, target.page);
    const answers = mixedAnswers(7);
    const ids = Object.keys(answers);
    const some = (from, to) => Object.fromEntries(ids.slice(from, to).map((q) => [q, answers[q]]));
    await answer(page, some(0, 6));
    await page.fill('#innovatie', 'Digitale sleutel');
    const filler = await fillStorage(context, target.other);
    assert.ok(filler.keys > 0);
    await page.bringToFront();
    // Further down the form, where the visitor is now.
    await answer(page, some(6, 11));
    await note(page, ids[10], 'Getypt terwijl de opslag vol was.');
    const box = page.locator('#page-message');
    await box.waitFor({ state: 'visible' });
    const where = await box.boundingBox();
    const scrolled = await page.evaluate(() => window.scrollY);
    assert.ok(scrolled > 1000, `the visitor is down the page (${scrolled} px)`);
    assert.ok(where.y >= 0 && where.y < 50, `message at the top of the viewport: ${JSON.stringify(where)}`);
    assert.equal(await box.getAttribute('role'), 'status', 'a live region');
    assert.equal(await page.textContent('#page-message-text'), t.msg_storage_off);
    // Export at once, with everything.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#page-message-back')]);
    const file = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    sameAnswers(file.answers, some(0, 11));
    // Still working in memory.
    await answer(page, some(11, 12));
    assert.equal((await shownForm(page)).answers[ids[11]], answers[ids[11]]);

    await filler.free();
    await page.waitForFunction((back) => document.getElementById('page-message-text').textContent === back, t.msg_storage_back);
    await page.reload();
    sameAnswers((await shownForm(page)).answers, some(0, 12));
    assert.equal(await page.inputValue(`#toelichting-${ids[10]}`), 'Getypt terwijl de opslag vol was.');
    await context.close();
  });
}

test('storage full, freed by a page that sends no event: the next change or the retry saves', async () => {
  const context = await browser.newContext();
  const page = await open(context, fileTarget.page);
  await page.addInitScript(() => window.addEventListener('storage', (e) => e.stopImmediatePropagation(), true));
  await page.reload();
  const answers = mixedAnswers(11);
  const ids = Object.keys(answers);
  await answer(page, { [ids[0]]: answers[ids[0]] });
  const filler = await fillStorage(context, fileTarget.other);
  await page.bringToFront();
  await answer(page, Object.fromEntries(ids.slice(1, 5).map((q) => [q, answers[q]])));
  await page.locator('#page-message').waitFor({ state: 'visible' });
  await filler.free();
  // No change here: the retry (every few seconds) writes it.
  await page.waitForFunction((back) => document.getElementById('page-message-text').textContent === back, t.msg_storage_back, { timeout: 15000 });
  await page.reload();
  sameAnswers((await shownForm(page)).answers, Object.fromEntries(ids.slice(0, 5).map((q) => [q, answers[q]])));
  await context.close();
});

test('storage switched off: the page works in memory, says so at once and exports', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('switched off', 'SecurityError'); } });
  });
  await page.goto(fileTarget.page);
  await page.locator('#page-message').waitFor({ state: 'visible' });
  assert.equal(await page.textContent('#page-message-text'), t.msg_storage_off);
  const answers = mixedAnswers(13);
  await answer(page, answers);
  await page.fill('#organisatie', HOSTILE);
  assert.notEqual(await page.locator('#result-body .verdict').getAttribute('data-status'), 'empty');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#action-export')]);
  const file = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  sameAnswers(file.answers, answers);
  assert.equal(file.organisatie, HOSTILE);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  await context.close();
});

test('the same file or link added twice is recognised; equal names are told apart', async () => {
  const maker = await browser.newContext({ acceptDownloads: true });
  const source = await open(maker, fileTarget.page);
  await answer(source, mixedAnswers(5));
  await source.fill('#organisatie', 'Zorggroep Oost');
  await source.fill('#innovatie', 'Digitale sleutel');
  const [download] = await Promise.all([source.waitForEvent('download'), source.click('#action-export')]);
  const file = path.join(os.tmpdir(), `zorggroep-oost-${process.pid}.json`);
  fs.copyFileSync(await download.path(), file);
  await source.click('#action-share');
  const link = await source.inputValue('#share-link');
  await maker.close();

  const context = await browser.newContext();
  const page = await open(context, fileTarget.page);
  await answer(page, mixedAnswers(7));
  await page.fill('#organisatie', 'Thuiszorg De Linde');
  for (let i = 0; i < 2; i++) {
    await page.setInputFiles('#action-import', file);
    await page.waitForFunction(() => !document.getElementById('page-message').hidden);
  }
  assert.match(await page.textContent('#page-message-text'), /al geopend/);
  await page.setInputFiles('#compare-import', [file, file]);
  await page.waitForFunction(() => document.getElementById('compare-message').textContent.length > 0);
  assert.equal(Object.keys(await stored(page)).length, 2, 'the file is added once');
  // The link: once from the e-mail, again pasted in the address bar, again in the compare box.
  await page.goto(link);
  await page.evaluate((l) => { location.hash = l.split('#')[1]; }, link);
  await page.waitForTimeout(200);
  await page.fill('#compare-link', link);
  await page.click('#compare-link-add');
  const items = Object.values(await stored(page));
  assert.equal(items.length, 3, 'the link is added once (a link is not the file: it has no date)');
  // Equal names are told apart in the list.
  const labels = await page.locator('#assessment-select option').allTextContents();
  assert.equal(new Set(labels).size, labels.length, labels.join(' | '));
  assert.ok(labels.some((l) => l.includes(path.basename(file))), `the file name tells it apart: ${labels}`);
  fs.unlinkSync(file);
  await context.close();
});

test('notes: typed, saved, exported, imported, shared by link, printed; hostile and long ones held', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await open(context, fileTarget.page);
  const answers = mixedAnswers(7);
  await answer(page, answers);
  await page.fill('#organisatie', 'Thuiszorg De Linde');
  const notes = { maatwerk: 'Alleen de installatie verschilt, zegt de leverancier.', exit: HOSTILE };
  const long = questions.slice(10, 17).map((q) => q.id);
  for (const q of long) notes[q] = `${q}: ` + 'x'.repeat(10000);
  for (const [q, text] of Object.entries(notes)) await note(page, q, text);
  const expected = Object.fromEntries(Object.entries(notes).map(([q, text]) => [q, text.slice(0, 500)]));
  await page.reload();
  assert.deepEqual((await shownForm(page)).notes, expected, 'notes survive a reload, cut at 500 characters');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#action-export')]);
  const filePath = path.join(os.tmpdir(), `notes-${process.pid}.json`);
  fs.copyFileSync(await download.path(), filePath);
  const file = JSON.parse(fs.readFileSync(filePath, 'utf8'));
  assert.deepEqual(file.toelichtingen, expected, 'exported as "toelichtingen" beside the answers');
  sameAnswers(file.answers, answers);

  // The link carries the notes that fit (4,000 characters), the short ones first, and
  // says how many did not.
  await page.click('#action-share');
  const link = await page.inputValue('#share-link');
  assert.ok(link.length <= 4000, `link is ${link.length} characters`);
  const said = /^(\d+) toelichtingen passen niet in de link/.exec(await page.textContent('#message'));
  assert.ok(said, await page.textContent('#message'));
  const dropped = Number(said[1]);
  assert.ok(dropped >= 1 && dropped < long.length, `${dropped} left out`);

  const other = await browser.newContext();
  const reader = await open(other, fileTarget.page);
  await reader.setInputFiles('#action-import', filePath);
  await reader.waitForFunction(() => !document.getElementById('page-message').hidden);
  assert.deepEqual((await shownForm(reader)).notes, expected, 'imported');
  const fromLink = await open(other, link);
  await fromLink.waitForFunction(() => !document.getElementById('page-message').hidden);
  const linked = (await shownForm(fromLink)).notes;
  assert.equal(Object.keys(linked).length, Object.keys(expected).length - dropped, 'carried by the link');
  for (const [q, text] of Object.entries(linked)) assert.equal(text, expected[q]);
  assert.equal(linked.exit, HOSTILE);
  // Printed, as text.
  await fromLink.emulateMedia({ media: 'print' });
  await fromLink.waitForFunction(() => window.leidraadChecklist.reportFresh);
  const report = await fromLink.textContent('#rapport');
  assert.ok(report.includes(notes.maatwerk) && report.includes(HOSTILE));
  assert.equal(await fromLink.locator('#rapport img, #checklist img').count(), 0);
  assert.equal(await fromLink.evaluate(() => window.pwned), undefined);
  await other.close();

  // Bad notes in a file or a link change nothing.
  const bad = [
    { ...file, toelichtingen: { bestaat_niet: 'x' } },
    { ...file, toelichtingen: { maatwerk: 'x'.repeat(501) } },
    { ...file, toelichtingen: { maatwerk: 42 } },
    { ...file, toelichtingen: ['x'] },
  ];
  for (const data of bad) {
    fs.writeFileSync(filePath, JSON.stringify(data));
    await page.evaluate(() => { document.getElementById('message').textContent = ''; });
    await page.setInputFiles('#action-import', filePath);
    await page.waitForFunction(() => document.getElementById('message').textContent.length > 0);
    assert.match(await page.textContent('#message'), /niets gewijzigd/);
  }
  assert.equal(Object.keys(await stored(page)).length, 1);
  for (const tampered of [link + '&t.bestaat_niet=x', link + '&t.maatwerk=' + 'y'.repeat(501)]) {
    const p = await open(context, tampered);
    await p.waitForFunction(() => !document.getElementById('page-message').hidden);
    assert.match(await p.textContent('#page-message-text'), /beschadigd/);
    await p.close();
  }
  assert.equal(Object.keys(await stored(page)).length, 1);
  fs.unlinkSync(filePath);
  await context.close();
});

for (const target of targets) {
  test(`a store saved by checklist 2.x opens with its answers; the old key goes only after the copy is written (${target.name})`, async () => {
    const id = model.checklist.id;
    const v2 = {
      format: 1,
      current: 'b2',
      items: [
        { id: 'b1', innovatie: 'Sensoren', organisatie: 'Thuiszorg Oost', answers: { maatwerk: 'beperkt', exit: 'weet_niet' }, plan: {}, updated: '2026-10-01' },
        { id: 'b2', innovatie: 'Digitale sleutel', organisatie: HOSTILE, answers: { maatwerk: 'standaard', integratie: 'meeste', verdwenen_vraag: 'ja' }, plan: { integratie: { who: 'Anna', when: '2026-12-20', done: false } }, updated: '2026-11-15' },
      ],
    };
    const legacy = { innovatie: 'Van heel vroeger', answers: { impact: 'geen' } };
    for (const full of [false, true]) {
      const context = await browser.newContext();
      const setup = await open(context, target.other);
      await setup.evaluate(([a, b, c, d]) => { localStorage.setItem(a, b); localStorage.setItem(c, d); },
        [`leidraad:checklist:${id}:v2`, JSON.stringify(v2), `leidraad:checklist:${id}`, JSON.stringify(legacy)]);
      const filler = full ? await fillStorage(context, target.other) : null;
      const page = await open(context, target.page);
      const shown = await shownForm(page);
      assert.deepEqual(shown.answers, { maatwerk: 'standaard', integratie: 'meeste' }, 'the assessment that was open, its answers; the rest open');
      assert.equal(shown.organisatie, HOSTILE);
      assert.equal(await page.locator('#assessment-select option').count(), 3);
      await settled(page);
      assert.equal(await page.inputValue('#plan-integratie-who'), 'Anna');
      const oldLeft = () => page.evaluate((k) => [localStorage.getItem(k[0]) !== null, localStorage.getItem(k[1]) !== null],
        [`leidraad:checklist:${id}:v2`, `leidraad:checklist:${id}`]);
      if (full) {
        assert.deepEqual(await oldLeft(), [true, true], 'storage full: the old data stays');
        assert.equal(Object.keys(await stored(page)).length, 0);
        await filler.free();
        await page.waitForFunction((back) => document.getElementById('page-message-text').textContent === back, t.msg_storage_back);
      }
      assert.deepEqual(await oldLeft(), [false, false], 'removed once the copies are written');
      const items = Object.values(await stored(page));
      assert.equal(items.length, 3);
      const b1 = items.find((i) => i.innovatie === 'Sensoren');
      assert.deepEqual(b1.answers, { maatwerk: 'beperkt', exit: 'weet_niet' });
      assert.equal(b1.updated, '2026-10-01', 'opening does not restamp the date');
      assert.deepEqual(items.find((i) => i.innovatie === 'Van heel vroeger').answers, { impact: 'geen' });
      await context.close();
    }
  });
}
