// The "one protocol" page.
import { renderForm } from './form.js';
import { loadLab } from './lab.js';
import { createProtocolEditor } from './protocol.js';
import { createRunPanel } from './run.js';

const lab = await loadLab();
const editor = createProtocolEditor(document.getElementById('editor'), lab, { initial: lab.defaultProtocol });
const cohort = renderForm(document.getElementById('cohort'), lab.cohort.sections, lab.cohort.values);
await editor.ready;

createRunPanel(document.getElementById('run-panel'), document.getElementById('lab-form'), document.getElementById('results'), {
  request: () => ({
    body: { arms: [{ label: '', protocol: editor.values() }], cohort: cohort.values() },
    check: () => [...editor.check(), ...cohort.check()],
  }),
  showErrors: errors => editor.showErrors(errors).first ?? cohort.showErrors(errors).first,
});
