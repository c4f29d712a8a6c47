// Draws a form from the server's field descriptions (key, label, kind, unit, range) and reads it back.
// Knows nothing about protocols: ProtocolForm.cs and CohortForm.cs on the server decide the fields.

let uid = 0;

export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') e.textContent = v;
    else if (k === 'class') e.className = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

function rangeOf(field, option) {
  if (field.unitFrom && option) return option.range;
  return field.range;
}

// Checks one value as the server will; returns a message or null.
export function check(field, text, option) {
  const t = text.trim().replace(/\u2212/g, '-');
  if (field.kind === 'number' || field.kind === 'integer') {
    const range = rangeOf(field, option);
    if (t === '') return field.blankMeans ? null : `${field.label}: a value is needed; allowed ${range}.`;
    const v = Number(t);
    if (!Number.isFinite(v)) return `${field.label}: '${t}' is not a number; allowed ${range}.`;
    const max = option && option.max !== undefined ? option.max : field.max;
    const low = field.minExclusive ? !(v > field.min) : !(v >= field.min);
    if (low || v > max) return `${field.label}: ${t} is ${low ? 'too small' : 'too large'}; allowed ${range}.`;
    if (field.kind === 'integer' && !Number.isInteger(v)) return `${field.label}: ${t} is not a whole number; allowed ${range}.`;
  } else if (field.kind === 'text' && t === '' && !field.blankMeans) {
    return `${field.label}: a value is needed.`;
  }
  return null;
}

// One form: sections of fields and at most one list (conditioning rows). Returns an object to read and mark it.
export function renderForm(root, sections, values, prefix = '') {
  root.replaceChildren();
  const controls = new Map(); // key -> { input, field, error }
  let list = null;

  function setError(entry, message) {
    entry.error.textContent = message || '';
    entry.error.hidden = !message;
    if (message) entry.input.setAttribute('aria-invalid', 'true'); else entry.input.removeAttribute('aria-invalid');
  }

  function fieldControl(field, key, value, compact = false) {
    const id = `f${++uid}`;
    const error = el('p', { class: 'error', id: `${id}-error`, role: 'alert', hidden: true });
    const hintText = [field.range && `Allowed: ${field.range}.`, field.blankMeans && `Blank: ${field.blankMeans}.`, field.help].filter(Boolean).join(' ');
    const hint = el('small', { class: 'hint', id: `${id}-hint`, text: hintText });
    const described = `${id}-hint ${id}-error`;
    let input;
    if (field.kind === 'select') {
      input = el('select', { id, 'aria-describedby': described });
      for (const o of field.options) input.append(el('option', { value: o.value, text: o.label, selected: o.value === value }));
    } else if (field.kind === 'checkbox') {
      input = el('input', { id, type: 'checkbox', checked: value === 'true', 'aria-describedby': described });
    } else {
      const numeric = field.kind === 'number' || field.kind === 'integer';
      input = el('input', { id, type: 'text', value: value ?? '', inputmode: numeric ? (field.kind === 'integer' ? 'numeric' : 'decimal') : null,
        autocomplete: 'off', spellcheck: numeric ? 'false' : null, 'aria-describedby': described });
    }
    input.dataset.key = key;
    const entry = { input, field, error, hint };
    controls.set(key, entry);
    const unit = field.unit ? el('span', { class: 'unit', text: field.unit }) : null;
    const label = el('label', { for: id, class: compact ? 'visually-hidden' : null, text: field.label });
    let wrap;
    if (field.kind === 'checkbox') wrap = el('div', { class: 'field checkbox' }, input, label, error);
    else wrap = el('div', { class: 'field' }, label, el('div', { class: 'control' }, input, unit), compact ? null : hint, error);
    if (compact) { hint.classList.add('visually-hidden'); wrap.append(hint); }
    if (field.kind !== 'checkbox' && field.kind !== 'select') {
      input.addEventListener('change', () => setError(entry, check(entry.field, input.value, entry.option?.())));
    }
    return { wrap, entry, unit };
  }

  for (const section of sections) {
    const fs = el('fieldset', { class: `section section-${section.id}` }, el('legend', { text: section.title }));
    if (section.help) fs.append(el('p', { class: 'help', text: section.help }));
    if (section.list) {
      list = renderList(fs, section.list, values, fieldControl, controls);
    } else {
      const made = section.fields.map(f => fieldControl(f, f.key, values[f.key]));
      fs.append(el('div', { class: 'fields' }, ...made.map(m => m.wrap)));
      // A "… given" checkbox switches the rest of its section on and off.
      const toggle = made.find(m => m.entry.field.kind === 'checkbox' && m.entry.field.key.endsWith('.given'));
      if (toggle) {
        const sync = () => { for (const m of made) if (m !== toggle) m.entry.input.disabled = !toggle.entry.input.checked; };
        toggle.entry.input.addEventListener('change', sync);
        sync();
      }
    }
    root.append(fs);
  }

  return {
    values() {
      if (list) list.reindex();
      const v = {};
      for (const [key, { input }] of controls) if (input.isConnected) v[key] = input.type === 'checkbox' ? String(input.checked) : input.value;
      return v;
    },
    // Marks the fields named in the errors (keys with this form's prefix); others are not this form's. Returns the first marked.
    showErrors(errors) {
      this.clearErrors();
      if (list) list.reindex();
      let first = null;
      for (const e of errors) {
        if (prefix && !e.field.startsWith(prefix)) continue;
        const entry = controls.get(e.field.slice(prefix.length));
        if (entry && entry.input.isConnected) { setError(entry, e.message); first ??= entry.input; }
      }
      return { first };
    },
    // Checks every field in the browser; returns the messages (field keys with the prefix) or an empty list.
    check() {
      if (list) list.reindex();
      const errors = [];
      for (const [key, entry] of controls) {
        if (!entry.input.isConnected || entry.input.disabled) continue;
        const m = entry.field.kind === 'select' || entry.field.kind === 'checkbox' ? null : check(entry.field, entry.input.value, entry.option?.());
        if (m) errors.push({ field: prefix + key, message: m });
      }
      return errors;
    },
    clearErrors() {
      for (const entry of controls.values()) setError(entry, null);
    },
  };
}

// The conditioning table: one row per dose; the dose's unit and maximum follow the chosen agent.
function renderList(fs, spec, values, fieldControl, controls) {
  const [agentField, doseField, dayField] = spec.columns;
  const tbody = el('tbody');
  const table = el('table', { class: 'list' },
    el('thead', {}, el('tr', {}, ...spec.columns.map(c => el('th', { scope: 'col', text: c.label })), el('th', { scope: 'col' }, el('span', { class: 'visually-hidden', text: 'Remove' })))),
    tbody);
  const add = el('button', { type: 'button', class: 'secondary', text: 'Add a dose' });
  const rows = [];

  function addRow(v) {
    const n = rows.length;
    const agent = fieldControl(agentField, `${spec.key}[${n}].agent`, v.agent ?? agentField.options[0].value, true);
    const dose = fieldControl(doseField, `${spec.key}[${n}].dose`, v.dose ?? '', true);
    const day = fieldControl(dayField, `${spec.key}[${n}].day`, v.day ?? '-1', true);
    const option = () => agentField.options.find(o => o.value === agent.entry.input.value);
    dose.entry.option = option;
    const syncUnit = () => {
      const o = option();
      dose.unit.textContent = o.unit;
      dose.entry.hint.textContent = `Allowed: ${o.range}.`;
    };
    if (!dose.unit) {
      dose.unit = el('span', { class: 'unit' });
      dose.wrap.querySelector('.control').append(dose.unit);
    }
    agent.entry.input.addEventListener('change', syncUnit);
    syncUnit();
    const remove = el('button', { type: 'button', class: 'remove' });
    const tr = el('tr', {}, el('td', {}, agent.wrap), el('td', {}, dose.wrap), el('td', {}, day.wrap), el('td', {}, remove));
    const row = { tr, agent, dose, day, remove };
    remove.addEventListener('click', () => {
      const i = rows.indexOf(row);
      rows.splice(i, 1);
      tr.remove();
      for (const c of [agent, dose, day]) controls.delete(c.entry.input.dataset.key);
      reindex();
      (rows[i]?.remove ?? add).focus();
    });
    rows.push(row);
    tbody.append(tr);
    reindex();
    return row;
  }

  // Row keys follow the row order (conditioning[0].dose, …), as the server and protocol files number them.
  function reindex() {
    const all = [];
    rows.forEach((r, i) => {
      for (const [c, col] of [[r.agent, 'agent'], [r.dose, 'dose'], [r.day, 'day']]) {
        const old = c.entry.input.dataset.key;
        const key = `${spec.key}[${i}].${col}`;
        all.push([old, key, c.entry]);
      }
      r.agent.wrap.querySelector('label').textContent = `Agent (dose ${i + 1})`;
      r.dose.wrap.querySelector('label').textContent = `Dose ${i + 1}`;
      r.day.wrap.querySelector('label').textContent = `Day of dose ${i + 1}`;
      r.remove.textContent = 'Remove';
      r.remove.setAttribute('aria-label', `Remove dose ${i + 1}`);
    });
    for (const [old] of all) if (controls.get(old)?.input.dataset.key === old) controls.delete(old);
    for (const [, key, entry] of all) { entry.input.dataset.key = key; controls.set(key, entry); }
    add.disabled = rows.length >= spec.maxRows;
  }

  let i = 0;
  while (values[`${spec.key}[${i}].agent`] !== undefined) {
    addRow({ agent: values[`${spec.key}[${i}].agent`], dose: values[`${spec.key}[${i}].dose`], day: values[`${spec.key}[${i}].day`] });
    i++;
  }
  add.addEventListener('click', () => addRow({}).agent.entry.input.focus());
  fs.append(table, add);
  return { reindex };
}
