// A protocol editor: a built-in protocol or an uploaded file, the form to change it, and its download as JSON.
import { el, renderForm } from './form.js';
import { api, saveBlob } from './lab.js';

let uid = 0;

const size = bytes => bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;

export function createProtocolEditor(root, lab, { prefix = '', initial }) {
  const id = `p${++uid}`;
  const select = el('select', { id: `${id}-builtin` });
  for (const p of lab.protocols) select.append(el('option', { value: p.name, text: p.name, selected: p.name === initial }));
  const description = el('p', { class: 'help', id: `${id}-description` });
  select.setAttribute('aria-describedby', description.id);
  const upload = el('input', { id: `${id}-upload`, type: 'file', accept: '.json,application/json', 'aria-describedby': `${id}-upload-hint ${id}-upload-error` });
  const uploadError = el('p', { class: 'error', id: `${id}-upload-error`, role: 'alert', hidden: true });
  const loaded = el('p', { class: 'note', role: 'status' });
  const formRoot = el('div', { class: 'protocol-form' });
  const download = el('button', { type: 'button', class: 'secondary', text: 'Download protocol JSON' });
  const downloadError = el('p', { class: 'error', role: 'alert', hidden: true });
  root.append(
    el('div', { class: 'field' }, el('label', { for: select.id, text: 'Built-in protocol' }), select, description),
    el('div', { class: 'field' },
      el('label', { for: upload.id, text: 'Or open a protocol file' }), upload,
      el('small', { class: 'hint', id: `${id}-upload-hint`, text: `A protocol JSON file (docs/protocol-files.md), at most ${size(lab.limits.maxUploadBytes)}.` }),
      uploadError),
    loaded, formRoot, el('div', { class: 'actions' }, download), downloadError);

  let form = null;
  const editor = {
    values: () => form.values(),
    check: () => form.check(),
    showErrors: errors => form.showErrors(errors),
    clearErrors: () => form.clearErrors(),
  };

  function show(model, source) {
    form = renderForm(formRoot, model.sections, model.values, prefix);
    loaded.textContent = source;
    uploadError.hidden = true;
    upload.removeAttribute('aria-invalid');
  }

  function uploadFailed(message) {
    uploadError.textContent = message;
    uploadError.hidden = false;
    upload.setAttribute('aria-invalid', 'true');
  }

  async function loadBuiltIn() {
    const p = lab.protocols.find(x => x.name === select.value);
    description.textContent = p.description;
    const r = await api(`/api/protocols/${encodeURIComponent(select.value)}`);
    if (r.ok) show(r.body, `Editing a copy of the built-in protocol ${select.value}.`);
  }

  // The download's message is about the values it saw; a change makes it stale.
  formRoot.addEventListener('input', () => { downloadError.hidden = true; });
  select.addEventListener('change', loadBuiltIn);
  upload.addEventListener('change', async () => {
    const file = upload.files[0];
    if (!file) return;
    if (file.size > lab.limits.maxUploadBytes) {
      uploadFailed(`'${file.name}' is ${size(file.size)}; a protocol file may be at most ${size(lab.limits.maxUploadBytes)} (the built-in protocols are about 2 KB). Choose a protocol JSON file.`);
      return;
    }
    const r = await api('/api/protocols/upload', { method: 'POST', body: file, headers: { 'X-File-Name': encodeURIComponent(file.name), 'Content-Type': 'application/octet-stream' } });
    if (r.ok) show(r.body, `Editing '${file.name}' (protocol ${r.body.name}).`);
    else uploadFailed(r.errors.map(e => e.message).join(' '));
  });
  download.addEventListener('click', async () => {
    downloadError.hidden = true;
    const r = await fetch('/api/protocols/json', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ protocol: form.values() }) });
    if (r.ok) {
      form.clearErrors();
      const name = (form.values().name || 'protocol') + '.json';
      saveBlob(await r.blob(), name);
    } else {
      const body = await r.json().catch(() => ({ errors: [{ field: '', message: `The lab answered ${r.status}.` }] }));
      const shown = form.showErrors(body.errors.map(e => ({ ...e, field: prefix + e.field })));
      shown.first?.focus();
      downloadError.textContent = 'The protocol has errors (marked above); fix them to download it.';
      downloadError.hidden = false;
    }
  });
  editor.ready = loadBuiltIn();
  return editor;
}
