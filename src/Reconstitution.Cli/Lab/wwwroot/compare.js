// The "compare two protocols" page: A and B on the same virtual patients.
import { renderForm } from './form.js';
import { loadLab } from './lab.js';
import { createProtocolEditor } from './protocol.js';
import { createRunPanel } from './run.js';

const lab = await loadLab();
const a = createProtocolEditor(document.getElementById('editor-a'), lab, { prefix: 'a:', initial: 'auto-cy-atg' });
const b = createProtocolEditor(document.getElementById('editor-b'), lab, { prefix: 'b:', initial: 'auto-beam-atg-cd34' });
const cohort = renderForm(document.getElementById('cohort'), lab.cohort.sections, lab.cohort.values);
await Promise.all([a.ready, b.ready]);

createRunPanel(document.getElementById('run-panel'), document.getElementById('lab-form'), document.getElementById('results'), {
  request: () => ({
    body: { arms: [{ label: 'A', protocol: a.values() }, { label: 'B', protocol: b.values() }], cohort: cohort.values() },
    check: () => [...a.check(), ...b.check(), ...cohort.check()],
  }),
  showErrors: errors => {
    const firsts = [a.showErrors(errors).first, b.showErrors(errors).first, cohort.showErrors(errors).first];
    return firsts.find(f => f) ?? null;
  },
});
