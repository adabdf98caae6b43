// Maintenance from the device page: start a window (a duration and a reason: POST /api/devices/{id}/maintenance)
// or end the current one (DELETE). During a window the device is still checked, but its changes page nobody.
import {api} from './api.js';
import {h, problemsBox} from './dom.js';
import {dateTime} from './format.js';

const DURATIONS = [[30, '30 min'], [60, '1 h'], [120, '2 h'], [240, '4 h'], [480, '8 h'], [1440, '1 day'],
  [4320, '3 days']];

// what is being typed survives the live redraws of the page
let draft = {id: null, open: false, minutes: 60, reason: ''};

function path(d) {
  return '/api/devices/' + encodeURIComponent(d.id) + '/maintenance';
}

async function send(d, method, body, reload) {
  const out = document.getElementById('maintenance-problems');
  const r = await api(method, path(d), body);
  if (!r.ok) {
    out.replaceChildren(problemsBox(r.body && r.body.errors ? r.body.errors
      : [{field: '', message: 'the agent answered ' + r.status}]));
    return;
  }
  draft = {id: null, open: false, minutes: 60, reason: ''};
  await reload();
}

/** The maintenance panel of device {@code d}; {@code reload} redraws the page from the API. */
export function maintenanceBox(d, reload) {
  if (draft.id !== d.id) draft = {id: d.id, open: false, minutes: 60, reason: ''};
  const m = d.state && d.state.maintenance;
  const problems = h('div', {id: 'maintenance-problems'});
  if (m) {
    return h('div', {class: 'panel maintenance', id: 'maintenance'},
      h('h3', {}, 'Under maintenance'),
      h('p', {}, (m.reason || 'no reason given'), m.until ? ', until ' + dateTime(m.until) : '',
        m.source === 'site' ? h('span', {class: 'muted'}, ' (a window of the site configuration)') : null),
      h('p', {class: 'muted'}, 'The device is still checked and reported, but its changes alert nobody.'),
      m.source === 'site' ? null : h('button', {type: 'button', id: 'end-maintenance',
        onclick: () => send(d, 'DELETE', undefined, reload)}, 'End maintenance'),
      problems);
  }
  if (!draft.open) {
    return h('div', {class: 'form-actions maintenance-actions'}, h('button', {type: 'button', class: 'secondary',
      id: 'maintenance', onclick: () => { draft.open = true; reload(); }}, 'Maintenance…'));
  }
  return h('form', {class: 'panel maintenance', id: 'maintenance-form', onsubmit: (e) => {
    e.preventDefault();
    send(d, 'POST', {minutes: Number(draft.minutes), reason: draft.reason}, reload);
  }},
  h('h3', {}, 'Start maintenance'),
  h('label', {}, h('span', {}, 'Duration'), h('select', {id: 'maintenance-minutes', name: 'minutes',
    onchange: e => { draft.minutes = e.target.value; }},
  DURATIONS.map(([v, label]) => h('option', {value: v, selected: String(v) === String(draft.minutes)}, label)))),
  h('label', {}, h('span', {}, 'Reason'), h('input', {id: 'maintenance-reason', name: 'reason', type: 'text',
    maxlength: 200, placeholder: 'lamp replacement', value: draft.reason, oninput: e => { draft.reason = e.target.value; }})),
  h('div', {class: 'form-actions'},
    h('button', {type: 'submit', id: 'start-maintenance'}, 'Start maintenance'),
    h('button', {type: 'button', class: 'secondary', onclick: () => { draft.open = false; reload(); }}, 'Cancel')),
  problems);
}
