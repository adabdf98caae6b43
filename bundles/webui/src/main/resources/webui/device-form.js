// Add / edit a device: the device's own fields, then its driver's settings as the driver describes them (or a raw
// JSON editor for a driver that describes none). The type list is what is installed, plus the types of configured
// devices whose driver is missing, shown as such.
import {api} from './api.js';
import {h, view, problemsBox} from './dom.js';
import {state, loadDevices, driverOf, driverLabel} from './state.js';
import {field, text, number, showFieldErrors} from './fields.js';
import {settingsGroup, rawEditor, FormError, DEVICE_KEYS} from './driver-settings.js';
import {testNow} from './device.js';

function typeOptions(current) {
  const installed = state.drivers.map(d => ({type: d.type, label: driverLabel(d)}));
  const missing = [...new Set([...state.devices.map(d => d.type), current].filter(Boolean))]
    .filter(t => !driverOf(t)).sort()
    .map(t => ({type: t, label: t + ' (no driver installed)'}));
  return [...installed, ...missing];
}

/** The driver's part of the form for {@code type}, holding {@code values} (the device's other keys). */
function settingsFor(type, values, editing) {
  const driver = driverOf(type);
  const intro = driver && driver.description && driver.description.help
    ? h('p', {class: 'muted driver-help'}, driver.description.help) : null;
  const group = driver && driver.description
    ? settingsGroup(driver.description.settings, values, '', editing)
    : rawEditor(values);
  const nodes = driver && driver.description && !driver.description.settings.length
    ? [h('p', {class: 'muted'}, 'No settings for this type.')] : group.nodes;
  return {node: h('div', {id: 'type-section', 'data-type': type}, intro,
    driver ? null : h('div', {class: 'notice error'}, 'No driver for type "' + type + '" is installed: '
      + 'the device is kept but not checked. Its settings are shown as they are.'), nodes),
  read: group.read, raw: !(driver && driver.description)};
}

function portPlaceholder(type) {
  const driver = driverOf(type);
  const port = driver && driver.description && driver.description.default_port;
  return port ? 'default: ' + port : 'driver default';
}

export async function renderForm(id) {
  let d = {type: state.drivers.length ? state.drivers[0].type : '', enabled: true};
  if (id) {
    const r = await api('GET', '/api/devices/' + encodeURIComponent(id));
    if (!r.ok) { view(problemsBox(r.body.errors)); return; }
    d = r.body;
    if (d.read_only) { location.hash = '#/device/' + encodeURIComponent(id); return; }
  } else {
    const params = new URLSearchParams(location.hash.split('?')[1] || '');
    ['type', 'host', 'id', 'name'].forEach(k => { if (params.get(k)) d[k] = params.get(k); });
    if (params.get('port')) d.port = Number(params.get('port'));
  }
  const values = Object.fromEntries(Object.entries(d).filter(([k]) => !DEVICE_KEYS.includes(k)));
  const typeSelect = h('select', {}, typeOptions(d.type).map(o => h('option', {value: o.type, selected: o.type === d.type}, o.label)));
  const port = number(d.port, {min: 1, max: 65535, placeholder: portPlaceholder(d.type)});
  let settings = settingsFor(d.type, values, !!id);
  const section = h('div', {}, settings.node);
  typeSelect.addEventListener('change', () => {
    // another driver's settings mean nothing to this one: start from empty
    settings = settingsFor(typeSelect.value, {}, false);
    section.replaceChildren(settings.node);
    port.placeholder = portPlaceholder(typeSelect.value);
  });
  const enabled = h('input', {type: 'checkbox', checked: d.enabled !== false});
  const form = h('form', {class: 'device-form', id: 'device-form', novalidate: true},
    h('div', {id: 'form-errors'}),
    h('fieldset', {}, h('legend', {}, 'Device'),
      field('Id', 'id', text(d.id, {required: true, placeholder: 'proj-101'}), 'unique on this site', true),
      field('Name', 'name', text(d.name, {placeholder: 'Room 101 projector'})),
      field('Type', 'type', typeSelect, null, true),
      field('Host', 'host', text(d.host, {required: true, placeholder: '10.0.1.20'}), null, true),
      field('Port', 'port', port),
      field('Interval (s)', 'interval_s', number(d.interval_s, {min: 1, placeholder: 'site default'})),
      field('Enabled', 'enabled', enabled)),
    section,
    h('div', {class: 'form-actions'},
      h('button', {type: 'submit', id: 'save'}, id ? 'Save' : 'Add'),
      h('button', {type: 'button', class: 'secondary', id: 'test-form', onclick: () => {
        const body = formToDevice(form, settings);
        if (body) testNow('/api/devices/test', body, settings.raw ? 'settings' : null);
      }}, 'Test now'),
      id ? h('button', {type: 'button', class: 'danger', id: 'delete', onclick: () => deleteDevice(id)}, 'Delete') : null,
      h('a', {href: id ? '#/device/' + encodeURIComponent(id) : '#/'}, 'Cancel')),
    h('div', {id: 'test-result', class: 'test-result'}));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = formToDevice(form, settings);
    if (!body) return;
    const r = id ? await api('PUT', '/api/devices/' + encodeURIComponent(id), body) : await api('POST', '/api/devices', body);
    if (!r.ok) { showFieldErrors(r.body.errors, settings.raw ? 'settings' : null); return; }
    await loadDevices();
    location.hash = '#/device/' + encodeURIComponent(r.body.id);
  });
  view(h('h2', {}, id ? 'Edit ' + (d.name || d.id) : 'Add a device'), form);
}

/** The form as a device object (empty fields left out), or null after showing why it cannot be one. */
function formToDevice(form, settings) {
  const el = name => form.elements.namedItem(name);
  const device = {};
  for (const key of ['id', 'name', 'type', 'host']) {
    const v = el(key).value.trim();
    if (v !== '') device[key] = v;
  }
  for (const key of ['port', 'interval_s']) {
    const v = el(key).value.trim();
    if (v !== '') device[key] = Number(v);
  }
  device.enabled = el('enabled').checked;
  try {
    return Object.assign(device, settings.read());
  } catch (e) {
    if (!(e instanceof FormError)) throw e;
    showFieldErrors([{field: e.field, message: e.message}]);
    return null;
  }
}

async function deleteDevice(id) {
  if (!confirm('Delete device ' + id + '?')) return;
  const r = await api('DELETE', '/api/devices/' + encodeURIComponent(id));
  if (!r.ok) { showFieldErrors(r.body.errors); return; }
  await loadDevices();
  location.hash = '#/';
}
