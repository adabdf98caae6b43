// The dashboard: counts per status, filters, and the sortable device list with each driver's key metrics.
import {h, view, statusBadge} from './dom.js';
import {state, statusOf, latestOf, driverOf} from './state.js';
import {ago, ms, keyMetrics} from './format.js';
import {stateNotes} from './device-state.js';

const STATUSES = ['ok', 'warning', 'ko', 'unknown'];
const SEVERITY = {ok: 0, unknown: 1, warning: 2, ko: 3};

function filteredDevices() {
  const f = state.filter;
  const text = f.text.trim().toLowerCase();
  const list = state.devices.filter(d => (!f.status || statusOf(d) === f.status) && (!f.type || d.type === f.type)
    && (!text || [d.id, d.name, d.host, d.type].some(v => v && String(v).toLowerCase().includes(text))));
  const key = state.sort.key;
  const val = (d) => {
    if (key === 'status') return SEVERITY[statusOf(d)];
    if (key === 'checked') return latestOf(d) ? Date.parse(latestOf(d).checked_at) : 0;
    if (key === 'latency') return latestOf(d) && latestOf(d).latency_ms !== null ? latestOf(d).latency_ms : -1;
    return String(d[key] || d.id).toLowerCase();
  };
  list.sort((a, b) => {
    const x = val(a), y = val(b);
    const c = x < y ? -1 : x > y ? 1 : 0;
    return c === 0 ? String(a.name || a.id).localeCompare(String(b.name || b.id)) : (state.sort.desc ? -c : c);
  });
  return list;
}

/** The type as its driver names it; a type without an installed driver says so. */
function typeCell(type) {
  const driver = driverOf(type);
  if (!driver) return h('td', {}, type, h('span', {class: 'badge missing', title: 'no driver for this type is installed'}, 'no driver'));
  return h('td', {title: driver.name + ' (' + driver.bundle + ' ' + driver.version + ')'}, type);
}

export function renderDashboard() {
  const counts = {ok: 0, warning: 0, ko: 0, unknown: 0};
  state.devices.forEach(d => counts[statusOf(d)]++);
  const setFilter = (k, v) => { state.filter[k] = v; renderDashboard(); };
  const header = (label, key) => h('th', {class: 'sortable' + (state.sort.key === key ? ' sorted' + (state.sort.desc ? ' desc' : '') : ''),
    'data-sort': key, onclick: () => {
      state.sort = {key, desc: state.sort.key === key ? !state.sort.desc : false};
      renderDashboard();
    }}, label);
  const types = [...new Set(state.devices.map(d => d.type))].sort();
  const focused = document.activeElement && document.activeElement.id;
  const rows = filteredDevices().map(d => h('tr', {class: 'device-row', 'data-id': d.id,
      onclick: () => { location.hash = '#/device/' + encodeURIComponent(d.id); }},
    h('td', {}, h('a', {href: '#/device/' + encodeURIComponent(d.id)}, d.name || d.id),
      d.name ? h('div', {class: 'muted'}, d.id) : null,
      d.read_only ? h('span', {class: 'badge backend', title: 'defined by the backend: read-only here'}, 'backend') : null,
      d.enabled === false ? h('span', {class: 'badge'}, 'disabled') : null),
    typeCell(d.type),
    h('td', {}, d.host + (d.port ? ':' + d.port : '')),
    h('td', {class: 'status-cell'}, statusBadge(statusOf(d)), stateNotes(d)),
    h('td', {}, latestOf(d) ? ago(latestOf(d).checked_at) : '—'),
    h('td', {}, ms(latestOf(d) && latestOf(d).latency_ms)),
    h('td', {class: 'key-metrics'}, keyMetrics(d),
      latestOf(d) && latestOf(d).error ? h('div', {class: 'error-text'}, latestOf(d).error) : null)));
  view(
    h('div', {class: 'counts'}, STATUSES.map(s => h('button', {type: 'button', id: 'count-' + s,
      class: 'count bg-' + s + (state.filter.status === s ? ' active' : ''),
      onclick: () => setFilter('status', state.filter.status === s ? '' : s)}, h('b', {}, counts[s]), s))),
    h('div', {class: 'filters'},
      h('select', {id: 'filter-status', onchange: e => setFilter('status', e.target.value)},
        h('option', {value: ''}, 'every status'),
        STATUSES.map(s => h('option', {value: s, selected: state.filter.status === s}, s))),
      h('select', {id: 'filter-type', onchange: e => setFilter('type', e.target.value)},
        h('option', {value: ''}, 'every type'),
        types.map(t => h('option', {value: t, selected: state.filter.type === t}, driverOf(t) ? driverOf(t).name : t))),
      h('input', {id: 'filter-text', type: 'search', placeholder: 'search id, name, host', value: state.filter.text,
        oninput: e => setFilter('text', e.target.value)}),
      h('span', {class: 'muted'}, rows.length + ' of ' + state.devices.length + ' devices')),
    h('table', {id: 'devices'},
      h('thead', {}, h('tr', {}, header('Device', 'name'), header('Type', 'type'), header('Host', 'host'),
        header('Status', 'status'), header('Last check', 'checked'), header('Latency', 'latency'), h('th', {}, 'Key metrics'))),
      h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', {colspan: 7, class: 'muted'},
        state.devices.length ? 'No device matches the filter.' : 'No device yet: add one or find devices.')))));
  if (focused === 'filter-text') {
    const input = document.getElementById('filter-text');
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  }
}
