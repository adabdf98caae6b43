// The settings part of the device form, generated from the driver's description (GET /api/drivers): sections as
// fieldsets, lists as rows to add and remove, choices as selects, secrets as password inputs that keep the stored
// value unless changed, bounds, help, required marks and defaults as placeholders. A driver that describes nothing
// gets a raw JSON editor instead, checked by the driver when the form is saved.
// Each builder returns {nodes, read}: read() gives the JSON value of what the form holds (undefined: leave it out),
// or throws a FormError naming the field.
import {h} from './dom.js';
import {field, errorSlot, text, number} from './fields.js';

/** What the API answers in place of a stored secret (docs/api.md); sent back, it keeps the stored value. */
const MASK = '********';
/** The device's own keys, edited by the form's first part (never in a driver's settings). */
export const DEVICE_KEYS = ['id', 'name', 'type', 'host', 'port', 'interval_s', 'enabled', 'source', 'state', 'read_only'];

export class FormError extends Error {
  constructor(field, message) {
    super(message);
    this.field = field;
  }
}

/** Controls for a description's {@code settings} holding {@code values}; {@code path} prefixes the names. */
export function settingsGroup(settings, values, path, editing) {
  const parts = settings.map(s => ({key: s.key, ...control(s, (values || {})[s.key], path ? path + '.' + s.key : s.key, editing)}));
  return {nodes: parts.map(p => p.node), read: () => {
    const out = {};
    for (const p of parts) {
      const v = p.read();
      if (v !== undefined) out[p.key] = v;
    }
    return out;
  }};
}

function control(s, value, name, editing) {
  if (s.type === 'section') {
    const inner = settingsGroup(s.fields, value, name, editing);
    return {node: h('fieldset', {class: 'section', 'data-field': name}, h('legend', {}, s.label),
      s.help ? h('p', {class: 'muted'}, s.help) : null, inner.nodes, errorSlot(name)),
      read: () => nonEmpty(inner.read())};
  }
  if (s.type === 'list') return listControl(s, Array.isArray(value) ? value : [], name, editing);
  const input = inputFor(s, value, editing);
  return {node: field(s.label, name, input, s.help, s.required), read: () => readInput(s, input, value, name)};
}

function nonEmpty(obj) {
  return Object.keys(obj).length ? obj : undefined;
}

function shown(s, v) {
  const c = s.choices.find(x => x.value === String(v));
  return c ? c.label : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);
}

function inputFor(s, value, editing) {
  const placeholder = s.default !== null && s.default !== undefined ? 'default: ' + shown(s, s.default) : '';
  if (s.choices.length) {
    const blank = s.required && value !== undefined ? null : h('option', {value: ''}, placeholder || '—');
    return h('select', {required: s.required}, blank, s.choices.map(c =>
      h('option', {value: c.value, selected: value !== undefined && value !== null && String(value) === c.value}, c.label)));
  }
  if (s.type === 'boolean') {
    return h('input', {type: 'checkbox', checked: value === undefined || value === null ? s.default === true : value === true});
  }
  if (s.secret) {
    return h('input', {type: 'password', autocomplete: 'new-password', value: value ? MASK : '',
      placeholder: editing && value ? 'unchanged' : placeholder});
  }
  if (s.type === 'integer' || s.type === 'number') {
    return number(value, {min: s.min, max: s.max, step: s.type === 'integer' ? 1 : 'any', placeholder,
      required: s.required});
  }
  return text(value, {placeholder, required: s.required});
}

function readInput(s, input, stored, name) {
  if (input.type === 'checkbox') {
    // an untouched default stays unset, so a later change of the driver's default applies
    return stored === undefined && input.checked === (s.default === true) ? undefined : input.checked;
  }
  const raw = input.type === 'password' ? input.value : input.value.trim();
  if (raw === '') {
    // an emptied secret of a saved device keeps the stored one (docs/api.md); otherwise an empty field is unset
    return s.secret && stored ? '' : undefined;
  }
  if (s.type === 'integer' || s.type === 'number') {
    const n = Number(raw);
    if (!Number.isFinite(n) || (s.type === 'integer' && !Number.isInteger(n))) {
      throw new FormError(name, '"' + raw + '" is not a' + (s.type === 'integer' ? ' whole' : '') + ' number');
    }
    return n;
  }
  return raw;
}

/** A list of objects: one row of the item's fields per entry, rows added and removed; names {@code key[i].field}. */
function listControl(s, items, name, editing) {
  let rows = [];
  const body = h('div', {class: 'list-rows'});
  const draw = (values) => {
    rows = values.map((item, i) => {
      const group = settingsGroup(s.fields, item, name + '[' + i + ']', editing);
      const remove = h('button', {type: 'button', class: 'secondary remove-row', title: 'remove this row',
        onclick: () => draw(readAll().filter((_, j) => j !== i))}, 'Remove');
      return {node: h('div', {class: 'list-row', 'data-row': i}, group.nodes, remove), read: group.read};
    });
    body.replaceChildren(...rows.map(r => r.node));
  };
  const readAll = () => rows.map(r => r.read());
  draw(items);
  const add = h('button', {type: 'button', class: 'secondary add-row', 'data-add-for': name,
    onclick: () => draw([...readAll(), {}])}, 'Add');
  return {node: h('fieldset', {class: 'list', 'data-field': name}, h('legend', {}, s.label),
    s.help ? h('p', {class: 'muted'}, s.help) : null, body, add, errorSlot(name)),
    read: () => {
      const list = readAll().filter(item => Object.keys(item).length);
      return list.length ? list : undefined;
    }};
}

/** The settings of a driver that describes none: a JSON object, its keys the device's other keys. */
export function rawEditor(values) {
  const area = h('textarea', {name: 'settings', id: 'raw-settings', rows: 8, spellcheck: 'false'},
    JSON.stringify(values || {}, null, 2));
  return {nodes: [h('fieldset', {class: 'raw'}, h('legend', {}, 'Settings (JSON)'),
    h('p', {class: 'muted'}, 'This driver does not describe its settings: write them as a JSON object '
      + '(secrets shown as ' + MASK + ' are kept). The driver checks them when the device is tested or saved.'),
    area, errorSlot('settings'))],
  read: () => {
    let parsed;
    try {
      parsed = area.value.trim() === '' ? {} : JSON.parse(area.value);
    } catch (e) {
      throw new FormError('settings', 'not valid JSON: ' + e.message);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new FormError('settings', 'must be a JSON object, e.g. {"timeout_ms": 2000}');
    }
    const taken = Object.keys(parsed).filter(k => DEVICE_KEYS.includes(k));
    if (taken.length) throw new FormError('settings', taken.join(', ') + ': set in the fields above, not here');
    return parsed;
  }};
}
