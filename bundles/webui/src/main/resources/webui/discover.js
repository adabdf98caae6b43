// Finding devices: a search through each driver that registered a discovery, each find added in one click or opened
// in the form.
import {api} from './api.js';
import {h, view, problemsBox} from './dom.js';
import {state, loadDevices} from './state.js';

export async function renderDiscover() {
  const drivers = state.drivers.filter(d => d.discovery);
  if (!drivers.length) { view(h('p', {class: 'muted'}, 'No installed driver offers discovery.')); return; }
  const results = h('div', {id: 'discovery-results'});
  const typeSelect = h('select', {id: 'discover-type'}, drivers.map(d => h('option', {value: d.type}, d.name)));
  const run = async () => {
    const type = typeSelect.value;
    results.replaceChildren(h('div', {class: 'notice info'}, 'Searching…'));
    const r = await api('POST', '/api/discovery/' + encodeURIComponent(type), {duration_s: 3});
    if (!r.ok) { results.replaceChildren(problemsBox(r.body.errors)); return; }
    if (!r.body.found.length) { results.replaceChildren(h('p', {class: 'muted'}, 'Nothing answered.')); return; }
    results.replaceChildren(h('table', {}, h('tbody', {}, r.body.found.map(f => h('tr', {},
      h('td', {}, f.host + ':' + f.port), h('td', {}, f.label || ''),
      h('td', {}, f.configured_id ? h('a', {href: '#/device/' + encodeURIComponent(f.configured_id)}, 'already added as ' + f.configured_id)
        : h('button', {type: 'button', onclick: (e) => addFound(f, e.target)}, 'Add')),
      h('td', {}, f.configured_id ? '' : h('a', {href: '#/add?' + new URLSearchParams({type: f.type, host: f.host, port: f.port})}, 'add with details…')))))));
  };
  view(h('h2', {}, 'Find devices'),
    h('p', {}, 'Asks the local network which devices answer (a few seconds).'),
    h('div', {class: 'form-actions'}, drivers.length > 1 ? typeSelect : h('b', {}, drivers[0].name),
      h('button', {type: 'button', id: 'discover', onclick: run}, 'Search')), results);
  if (drivers.length === 1) typeSelect.value = drivers[0].type;
}

async function addFound(f, button) {
  button.disabled = true;
  const id = f.type + '-' + f.host.replace(/[^A-Za-z0-9]+/g, '-');
  const r = await api('POST', '/api/devices', {id, type: f.type, host: f.host, port: f.port, name: f.label || undefined});
  if (!r.ok) {
    button.disabled = false;
    button.after(h('span', {class: 'error-text'}, ' ' + r.body.errors.map(e => e.message).join('; ')));
    return;
  }
  await loadDevices();
  location.hash = '#/device/' + encodeURIComponent(id);
}
