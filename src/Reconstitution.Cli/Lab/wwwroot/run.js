// Runs a cohort: the Run and Stop buttons, the progress bar, polling, and the results (tables, charts, downloads).
import { el } from './form.js';
import { api } from './lab.js';

const POLL_MS = 400;

// form: the page's <form>; request(): { body, check() -> errors }; showErrors(errors) marks fields, returns the first.
export function createRunPanel(root, form, results, { request, showErrors }) {
  const run = el('button', { type: 'submit', class: 'primary', text: 'Run' });
  const stop = el('button', { type: 'button', text: 'Stop', disabled: true });
  const status = el('p', { class: 'status', id: 'run-status', role: 'status', 'aria-live': 'polite', text: 'Ready.' });
  const progress = el('progress', { max: '1', value: '0', 'aria-labelledby': 'run-status' });
  const formError = el('p', { class: 'error', role: 'alert', hidden: true });
  root.append(el('div', { class: 'actions' }, run, stop), progress, status, formError);

  let id = null;
  let timer = null;

  function fail(message) {
    formError.textContent = message;
    formError.hidden = !message;
  }

  function finish() {
    id = null;
    clearTimeout(timer);
    run.disabled = false;
    stop.disabled = true;
  }

  async function poll() {
    if (!id) return;
    const r = await api(`/api/runs/${id}`);
    if (!id) return;
    if (!r.ok) { finish(); fail(r.errors.map(e => e.message).join(' ')); return; }
    const s = r.body;
    progress.max = s.requested;
    progress.value = s.finished;
    if (s.state === 'queued') status.textContent = 'Waiting for another run to finish…';
    else if (s.state === 'running') status.textContent = `Running: ${s.finished.toLocaleString('en')} of ${s.requested.toLocaleString('en')} patients…`;
    else {
      finish();
      if (s.state === 'failed') fail(s.message);
      status.textContent = s.state === 'finished'
        ? `Done: ${s.finished.toLocaleString('en')} patients.`
        : `Stopped: ${s.finished.toLocaleString('en')} of ${s.requested.toLocaleString('en')} patients finished.`;
      if (s.result) renderResults(results, s);
      else if (s.state === 'cancelled') { results.hidden = true; }
      return;
    }
    timer = setTimeout(poll, POLL_MS);
  }

  form.addEventListener('submit', async event => {
    event.preventDefault();
    if (id) return;
    fail('');
    const req = request();
    const local = req.check();
    if (local.length > 0) {
      showErrors(local)?.focus();
      fail('Some fields need a change (marked in red); nothing was run.');
      return;
    }
    run.disabled = true;
    status.textContent = 'Starting…';
    const r = await api('/api/runs', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(req.body) });
    if (!r.ok) {
      run.disabled = false;
      status.textContent = 'Not run.';
      showErrors(r.errors)?.focus();
      // Messages that belong to no field on the page (the lab is busy, too many doses, …) are shown here.
      const onPage = e => e.field !== '' && form.querySelector(`[data-key="${CSS.escape(e.field.replace(/^[ab]:/, ''))}"]`);
      const loose = r.errors.filter(e => !onPage(e)).map(e => e.message);
      fail(loose.length ? loose.join(' ') : 'Some fields need a change (marked in red); nothing was run.');
      return;
    }
    showErrors([]);
    id = r.body.id;
    stop.disabled = false;
    progress.max = r.body.requested;
    progress.value = 0;
    poll();
  });

  stop.addEventListener('click', async () => {
    if (!id) return;
    stop.disabled = true;
    status.textContent = 'Stopping: the patients being simulated finish first…';
    await api(`/api/runs/${id}/cancel`, { method: 'POST' });
  });

  // Leaving the page stops its run (the server also stops runs whose page stops asking for progress).
  window.addEventListener('pagehide', () => { if (id) navigator.sendBeacon(`/api/runs/${id}/cancel?reason=left`); });
}

function table(caption, columns, rows, rowHeaders = true) {
  return el('table', { class: 'data' },
    caption ? el('caption', { text: caption }) : null,
    columns ? el('thead', {}, el('tr', {}, ...columns.map(c => el('th', { scope: 'col', text: c })))) : null,
    el('tbody', {}, ...rows.map(r => el('tr', {}, ...r.map((c, i) => i === 0 && rowHeaders ? el('th', { scope: 'row', text: c }) : el('td', { text: c }))))));
}

function figure(runId, chart) {
  const img = el('img', { src: `/api/runs/${runId}/files/${chart.file}`, alt: chart.alt });
  const fig = el('figure', { class: 'chart' }, img, el('figcaption', { text: chart.title }));
  if (chart.table) {
    fig.append(el('details', {}, el('summary', { text: 'The chart as a table' }), table(chart.table.caption, chart.table.columns, chart.table.rows)));
  }
  return fig;
}

function downloads(runId, files) {
  return el('ul', { class: 'downloads' }, ...files.map(f => el('li', {}, el('a', { href: `/api/runs/${runId}/files/${f}`, download: f, text: f }))));
}

function armView(runId, arm, headingLevel) {
  const heading = arm.label ? `${arm.label}: ${arm.protocol}` : arm.protocol;
  const box = el('div', { class: 'arm' }, el(`h${headingLevel}`, { text: `${heading} — ${arm.patients.toLocaleString('en')} patients` }));
  if (!arm.rows) { box.append(el('p', { text: 'No patient finished.' })); return box; }
  box.append(table('Summary', null, arm.rows));
  box.append(el('div', { class: 'charts' }, ...arm.charts.map(c => figure(runId, c))));
  box.append(el(`h${headingLevel + 1}`, { text: 'Downloads' }), downloads(runId, arm.files));
  return box;
}

export function renderResults(section, s) {
  const res = s.result;
  section.replaceChildren();
  section.hidden = false;
  section.append(el('h2', { id: 'results-heading', tabindex: '-1', text: 'Results' }));
  if (s.state === 'cancelled') section.append(el('p', { class: 'note', text: `${s.message ?? 'Stopped.'} ${s.finished.toLocaleString('en')} of ${s.requested.toLocaleString('en')} patients finished; the results describe them.` }));
  if (res.comparison) {
    const c = res.comparison;
    section.append(table('A and B on the same patients', c.columns, c.rows));
    if (c.tests.length) section.append(el('ul', { class: 'tests' }, ...c.tests.map(t => el('li', { text: t }))));
    section.append(figure(s.id, c.chart));
    section.append(el('h3', { text: 'Comparison downloads' }), downloads(s.id, ['compare.json', 'compare.svg']));
  }
  const arms = el('div', { class: res.arms.length > 1 ? 'arms two' : 'arms' });
  for (const a of res.arms) arms.append(armView(s.id, a, 3));
  section.append(arms);
}
