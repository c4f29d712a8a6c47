// End-to-end tests of `reconstitution lab` in real headless Chromium (playwright-core, the system's browser).
// Run by .ci/browser-test, which starts the lab and sets:
//   LAB_URL      the lab's address, e.g. http://127.0.0.1:40123/
//   RECON_CLI    the command line tool, e.g. "dotnet src/Reconstitution.Cli/bin/Release/net10.0/Reconstitution.Cli.dll"
//   CHROMIUM     the browser (default /usr/bin/chromium)
//   ARTIFACTS    a folder for screenshots and downloads
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const LAB = process.env.LAB_URL ?? assert.fail('LAB_URL is not set');
const CLI = (process.env.RECON_CLI ?? assert.fail('RECON_CLI is not set')).split(' ');
const ARTIFACTS = process.env.ARTIFACTS ?? mkdtempSync(path.join(tmpdir(), 'lab-artifacts-'));
mkdirSync(ARTIFACTS, { recursive: true });

let context;

before(async () => {
  // A fresh profile each run (the persistent context's user-data-dir), with the flags this machine needs.
  context = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), 'lab-chromium-')), {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 1000 },
    acceptDownloads: true,
  });
  context.setDefaultTimeout(60_000);
});

after(async () => { await context?.close(); });

async function openLab(page = 'index.html') {
  const p = await context.newPage();
  const problems = [];
  p.on('pageerror', e => problems.push(e.message));
  // Script errors count; the browser's own log line for a refused request (400, the answer to bad input) does not.
  p.on('console', m => { if (m.type() === 'error' && !/^Failed to load resource: .* status of 400/.test(m.text())) problems.push(m.text()); });
  await p.goto(new URL(page, LAB).href);
  await p.getByLabel('Graft source').first().waitFor();
  p.problems = problems;
  return p;
}

async function setField(page, label, value) {
  const field = page.getByRole('textbox', { name: label, exact: true }).first();
  await field.fill(String(value));
  await field.blur();
}

async function runAndWait(page, done = /^Done|^Stopped/) {
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.locator('#run-status').filter({ hasText: done }).waitFor({ timeout: 180_000 });
}

function rowText(page, header) {
  return page.locator('#results table.data tr', { has: page.locator('th', { hasText: header }) }).first().locator('td').innerText();
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
}

async function serverServes() {
  const r = await fetch(new URL('api/lab', LAB));
  assert.equal(r.status, 200);
  assert.ok((await r.json()).protocols.length > 0);
}

test('change the CD34+ dose, run 100 patients: chart shown, median engraftment day as in the command line', async () => {
  const page = await openLab();
  await shot(page, 'lab-start.png');
  await setField(page, 'CD34+ cells', '2e6');
  await setField(page, 'Patients', 100);
  await setField(page, 'Days after infusion', 60);
  await runAndWait(page, /^Done/);
  const charts = page.locator('#results figure.chart img');
  assert.equal(await charts.count(), 3);
  for (const img of await charts.all()) {
    await img.scrollIntoViewIfNeeded();
    await page.waitForFunction(e => e.complete && e.naturalWidth > 0, await img.elementHandle());
    assert.match(await img.getAttribute('alt'), /virtual patients/);
  }
  const neutrophils = await rowText(page, 'Neutrophil engraftment');
  const labMedian = neutrophils.match(/median day ([\d.]+)/)?.[1] ?? assert.fail(`no median in '${neutrophils}'`);
  await shot(page, 'lab-results.png');

  // The edited protocol, downloaded from the page, run by the command line with the same seed.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download protocol JSON' }).click()]);
  const file = path.join(ARTIFACTS, 'edited-protocol.json');
  await download.saveAs(file);
  assert.equal(JSON.parse(readFileSync(file, 'utf8')).graft.cd34PerKg, 2e6);
  const out = mkdtempSync(path.join(tmpdir(), 'lab-cli-'));
  const json = execFileSync(CLI[0], [...CLI.slice(1), 'cohort', '--protocol', file, '--patients', '100', '--days', '60', '--seed', '1',
    '--json', '--quiet', '--out', out], { encoding: 'utf8' });
  const cliMedian = JSON.parse(json).neutrophilEngraftment.medianDay;
  assert.equal(labMedian, String(Math.round(cliMedian * 10) / 10), `lab ${labMedian}, command line ${cliMedian}`);

  // The run's files download too.
  const csv = await (await fetch(new URL(await page.locator('#results a[download="patients.csv"]').getAttribute('href'), LAB))).text();
  assert.equal(csv.trim().split('\n').length, 101);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('upload a malformed JSON file: the error names line and column, next to the file field', async () => {
  const page = await openLab();
  const upload = page.getByLabel('Or open a protocol file');
  await upload.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{\n  "name": "broken",\n  "conditioning": [ }\n}\n') });
  const error = page.locator('.error', { hasText: 'broken.json, line 3, column' });
  await error.waitFor();
  assert.equal(await upload.getAttribute('aria-invalid'), 'true');
  await shot(page, 'lab-upload-error.png');

  await upload.setInputFiles({ name: 'picture.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00]) });
  await page.locator('.error', { hasText: "'picture.png' is not a text file" }).waitFor();

  const huge = path.join(ARTIFACTS, 'huge.json');
  writeFileSync(huge, Buffer.alloc(50 * 1024 * 1024, 0x20));
  await upload.setInputFiles(huge);
  await page.locator('.error', { hasText: "'huge.json' is 50.0 MB" }).waitFor();
  rmSync(huge);

  await upload.setInputFiles({ name: 'wrong-field.json', mimeType: 'application/json', buffer: Buffer.from('{\n  "name": "x",\n  "graft": { "source": "moon", "donor": "self", "cd34PerKg": 1 }\n}\n') });
  await page.locator('.error', { hasText: "line 3, column 24: field 'graft.source'" }).waitFor();

  // A good file replaces the form and clears the message.
  await upload.setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ name: 'my-graft', graft: { source: 'boneMarrow', donor: 'matchedSibling', cd34PerKg: 3e6 } })) });
  await page.locator('.note', { hasText: "Editing 'good.json' (protocol my-graft)" }).waitFor();
  assert.equal(await page.getByLabel('CD34+ cells').inputValue(), '3e6');
  assert.equal(await page.locator('.error:visible').count(), 0);
  await serverServes();
  await page.close();
});

test('bad form values: a message next to each field, nothing run, and the server refuses the same values itself', async () => {
  const page = await openLab();
  await setField(page, 'CD34+ cells', 'abc');
  await setField(page, 'Patients', 5000);
  await setField(page, 'Dose 1', '900');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.locator('.error', { hasText: "CD34+ cells: 'abc' is not a number; allowed above 0, at most 5e7 cells/kg." }).waitFor();
  await page.locator('.error', { hasText: 'Patients: 5000 is too large; allowed a whole number from 1 to 2000.' }).waitFor();
  await page.locator('.error', { hasText: '900 is too large; allowed above 0, at most 200 mg/kg' }).waitFor();
  assert.equal(await page.getByLabel('CD34+ cells').getAttribute('aria-invalid'), 'true');
  assert.ok(await page.locator('#results').isHidden());
  await shot(page, 'lab-form-errors.png');

  // The same values posted straight to the server (no browser checks): 400 with the fields named, not an error page.
  const values = await page.evaluate(() => {
    const v = {};
    for (const e of document.querySelectorAll('#editor [data-key]')) v[e.dataset.key] = e.type === 'checkbox' ? String(e.checked) : e.value;
    return v;
  });
  const r = await fetch(new URL('api/runs', LAB), { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ arms: [{ protocol: values }], cohort: { disease: 'flu', ageMeanYears: '40', ageMinYears: '60', ageMaxYears: '20', patients: '5000', days: '1e9', seed: '1' } }) });
  assert.equal(r.status, 400);
  const fields = (await r.json()).errors.map(e => e.field).sort();
  assert.deepEqual(fields, ['ageMaxYears', 'conditioning[0].dose', 'days', 'disease', 'graft.cd34PerKg', 'patients']);
  const garbage = await fetch(new URL('api/runs', LAB), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"arms": [' });
  assert.equal(garbage.status, 400);
  await serverServes();
  await page.close();
});

test('stop a run: it ends early, keeps what finished, and leaving the page stops a run too', async () => {
  const page = await openLab();
  await setField(page, 'Patients', 2000);
  await setField(page, 'Days after infusion', 1825);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.locator('#run-status').filter({ hasText: /^Running: [1-9]/ }).waitFor();
  await page.getByRole('button', { name: 'Stop' }).click();
  await page.locator('#run-status').filter({ hasText: /^Stopped: \d+ of 2,000 patients finished/ }).waitFor({ timeout: 60_000 });
  await page.locator('#results .note', { hasText: 'Stopped on request' }).waitFor();
  await shot(page, 'lab-stopped.png');

  // Leaving the page: its run is stopped (sendBeacon on pagehide).
  const started = page.waitForResponse(r => r.url().endsWith('/api/runs') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const { id } = await (await started).json();
  await page.locator('#run-status').filter({ hasText: /^Running/ }).waitFor();
  await page.goto('about:blank');
  let state;
  for (let i = 0; i < 100 && state !== 'cancelled'; i++) {
    await new Promise(r => setTimeout(r, 200));
    state = (await (await fetch(new URL(`api/runs/${id}`, LAB))).json()).state;
  }
  assert.equal(state, 'cancelled');
  await serverServes();
  await page.close();
});

test('two tabs run at once without mixing their results', async () => {
  const [one, two] = await Promise.all([openLab(), openLab()]);
  await one.getByLabel('Built-in protocol').selectOption('allo-bm-mac');
  await one.getByLabel('Graft source').waitFor();
  await one.locator('.note', { hasText: 'allo-bm-mac' }).waitFor();
  for (const p of [one, two]) {
    await setField(p, 'Patients', 30);
    await setField(p, 'Days after infusion', 40);
  }
  await Promise.all([runAndWait(one, /^Done/), runAndWait(two, /^Done/)]);
  assert.match(await one.locator('#results h3').first().innerText(), /^allo-bm-mac/);
  assert.match(await two.locator('#results h3').first().innerText(), /^auto-cy-atg/);
  await one.close();
  await two.close();
});

test('compare page: A and B side by side with the differences table', async () => {
  const page = await openLab('compare.html');
  await shot(page, 'compare-start.png');
  // B's own download refuses B's bad name, marked on B's field (the server checks names; the page does not).
  const nameB = page.getByRole('textbox', { name: 'Protocol name', exact: true }).nth(1);
  await nameB.fill('my protocol!');
  await page.getByRole('button', { name: 'Download protocol JSON' }).nth(1).click();
  await page.locator('.error', { hasText: "Protocol name: 'my protocol!' is not allowed" }).waitFor();
  assert.equal(await nameB.getAttribute('aria-invalid'), 'true');
  await nameB.fill('beam-b');
  await setField(page, 'Patients', 40);
  await setField(page, 'Days after infusion', 60);
  await runAndWait(page, /^Done/);
  await page.locator('#results table.data caption', { hasText: 'A and B on the same patients' }).waitFor();
  assert.equal(await page.locator('#results .arm').count(), 2);
  assert.equal(await page.locator('#results figure.chart img').count(), 7);
  await shot(page, 'compare-results.png');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('accessible: every control has a label, every chart a text alternative, the skip link comes first', async () => {
  for (const name of ['index.html', 'compare.html']) {
    const page = await openLab(name);
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, button')]
      .filter(e => e.labels?.length === 0 && !e.getAttribute('aria-label') && !e.textContent.trim()).map(e => e.outerHTML));
    assert.deepEqual(unlabelled, []);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to the lab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'SELECT', 'the built-in protocol list follows the navigation');
    await page.close();
  }
});
