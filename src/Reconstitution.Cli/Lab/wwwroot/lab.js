// Small helpers shared by the lab's pages.

// Calls the lab's API; never throws: { ok, status, body, errors }.
export async function api(url, options = {}) {
  try {
    const r = await fetch(url, options);
    const body = await r.json().catch(() => null);
    const errors = body?.errors ?? (r.ok ? [] : [{ field: '', message: `The lab answered ${r.status} ${r.statusText}.` }]);
    return { ok: r.ok, status: r.status, body, errors };
  } catch (e) {
    return { ok: false, status: 0, body: null, errors: [{ field: '', message: 'The lab is not reachable: is "reconstitution lab" still running?' }] };
  }
}

// Offers a blob as a download with a file name.
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// The lab's description: built-in protocols, the patients form, limits.
export async function loadLab() {
  const r = await api('/api/lab');
  if (!r.ok) throw new Error(r.errors.map(e => e.message).join(' '));
  return r.body;
}
