'use strict';
// The local UI: a small single-page app over the REST API (docs/api.md). Every value from the API is put into the
// page as text (never as HTML), so a device name cannot inject markup.

const MASK = '********';
const STATUSES = ['ok', 'warning', 'ko', 'unknown'];
const SEVERITY = {ok: 0, unknown: 1, warning: 2, ko: 3};
const KNOWN_TYPES = ['pjlink', 'snmp', 'ping'];
const state = {csrf: null, devices: [], drivers: [], discovery: [], filter: {status: '', type: '', text: ''},
  sort: {key: 'status', desc: true}, liveErrors: {}};

// ---- helpers

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function svg(tag, attrs, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

async function api(method, path, body) {
  const opts = {method, credentials: 'same-origin', headers: {}};
  if (method !== 'GET') opts.headers['X-CSRF-Token'] = state.csrf;
  if (body !== undefined) {
    opts.headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  const res = await fetch(path, opts);
  if (res.status === 401 && path !== '/api/login') {
    location.replace('/login.html');
    throw new Error('not logged in');
  }
  const text = await res.text();
  return {status: res.status, ok: res.ok, body: text ? JSON.parse(text) : null};
}

function statusBadge(status) {
  return h('span', {class: 'status ' + status}, status);
}

function ago(iso) {
  if (!iso) return '—';
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (s < 60) return s + ' s ago';
  if (s < 3600) return Math.round(s / 60) + ' min ago';
  if (s < 86400) return Math.round(s / 3600) + ' h ago';
  return new Date(iso).toLocaleString();
}

function ms(v) {
  return v === null || v === undefined ? '—' : (v < 10 ? v.toFixed(2) : Math.round(v)) + ' ms';
}

function statusOf(d) {
  return d.state ? d.state.status : 'unknown';
}

function latestOf(d) {
  return d.state && d.state.latest ? d.state.latest : null;
}

function flatten(obj, prefix, out) {
  for (const [k, v] of Object.entries(obj || {})) {
    const key = prefix ? prefix + '.' + k : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v, key, out);
    else out.push([key, Array.isArray(v) ? JSON.stringify(v) : v]);
  }
  return out;
}

/**
 * The few metrics worth a column on the dashboard, per type, in this order (every key is documented per driver in
 * docs/drivers.md); fault flags only when they are not ok.
 */
const KEY_METRICS = {
  pjlink: [/^power$/, /^lamp_\d+_hours$/, /^error_/],
  snmp: [/^sys_uptime_s$/, /^rebooted$/, /^if_oper_down$/],
  ping: [/^loss_pct$/, /^rtt_avg_ms$/]
};

function keyMetrics(d) {
  const latest = latestOf(d);
  if (!latest) return '';
  const flat = flatten(latest.metrics, '', []);
  const patterns = KEY_METRICS[d.type];
  const picked = patterns
    ? patterns.flatMap(p => flat.filter(([k, v]) => p.test(k) && !(k.startsWith('error_') && v === 'ok')))
    : flat.slice(0, 3);
  return picked.map(([k, v]) => k + ': ' + (k === 'sys_uptime_s' ? duration(v) : v)).join(' · ');
}

function duration(seconds) {
  const d = Math.floor(seconds / 86400), hrs = Math.floor(seconds % 86400 / 3600), min = Math.floor(seconds % 3600 / 60);
  return (d ? d + ' d ' : '') + (d || hrs ? hrs + ' h ' : '') + min + ' min';
}

function view(...children) {
  const main = document.getElementById('view');
  main.replaceChildren(...children.filter(c => c !== null && c !== undefined));
  return main;
}

function problemsBox(errors) {
  return h('div', {class: 'notice error', role: 'alert'},
    errors.map(e => h('div', {}, (e.field ? e.field + ': ' : '') + e.message)));
}

// ---- live stream

function connectLive() {
  const live = document.getElementById('live');
  const source = new EventSource('/api/events');
  let refused = false; // the server's word: no live slot left (it ends the stream; the browser retries later)
  source.onopen = () => { refused = false; live.textContent = 'live'; live.classList.add('on'); live.title = ''; };
  source.onerror = () => {
    live.classList.remove('on');
    if (!refused) live.textContent = 'reconnecting';
  };
  source.addEventListener('refused', (e) => {
    refused = true;
    const why = JSON.parse(e.data);
    live.textContent = 'not live: ' + why.reason;
    live.title = 'The agent serves ' + why.max_clients + ' live pages at once: close another tab of this UI.';
  });
  source.addEventListener('result', (e) => {
    const ev = JSON.parse(e.data);
    const d = state.devices.find(x => x.id === ev.id);
    if (ev.result.error) {
      (state.liveErrors[ev.id] = state.liveErrors[ev.id] || []).unshift({at: ev.result.checked_at, error: ev.result.error});
      state.liveErrors[ev.id].length = Math.min(state.liveErrors[ev.id].length, 20);
    }
    if (!d) return;
    const old = d.state || {checks: 0, failures: 0};
    d.state = {status: ev.result.status, latest: ev.result, checks: old.checks + 1,
      failures: old.failures + (ev.result.status === 'ko' ? 1 : 0),
      status_since: ev.status_changed ? ev.result.checked_at : old.status_since};
    scheduleRedraw(ev.id);
  });
  source.addEventListener('config', () => {
    if (currentRoute().page === 'dashboard') loadDevices().then(renderDashboard);
  });
}

/** Coalesces bursts of live results (a thousand devices report in bursts) into one redraw every 300 ms at most. */
let redrawTimer = null;
const changedIds = new Set();
function scheduleRedraw(id) {
  changedIds.add(id);
  if (redrawTimer) return;
  redrawTimer = setTimeout(() => {
    redrawTimer = null;
    const r = currentRoute();
    if (r.page === 'dashboard') renderDashboard();
    else if (r.page === 'device' && changedIds.has(r.id)) renderDevicePage(r.id, false);
    changedIds.clear();
  }, 300);
}

async function loadDevices() {
  const r = await api('GET', '/api/devices');
  state.devices = r.body.devices;
}

// ---- dashboard

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

function renderDashboard() {
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
    h('td', {}, d.type),
    h('td', {}, d.host + (d.port ? ':' + d.port : '')),
    h('td', {class: 'status-cell'}, statusBadge(statusOf(d))),
    h('td', {}, latestOf(d) ? ago(latestOf(d).checked_at) : '—'),
    h('td', {}, ms(latestOf(d) && latestOf(d).latency_ms)),
    h('td', {}, keyMetrics(d), latestOf(d) && latestOf(d).error ? h('div', {class: 'error-text'}, latestOf(d).error) : null)));
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
        types.map(t => h('option', {value: t, selected: state.filter.type === t}, t))),
      h('input', {id: 'filter-text', type: 'search', placeholder: 'search id, name, host', value: state.filter.text,
        oninput: e => setFilter('text', e.target.value)}),
      h('span', {class: 'muted'}, rows.length + ' of ' + state.devices.length + ' devices')),
    h('table', {id: 'devices'},
      h('thead', {}, h('tr', {}, header('Device', 'name'), header('Type', 'type'), header('Host', 'host'),
        header('Status', 'status'), header('Last check', 'checked'), header('Latency', 'latency'), h('th', {}, 'Key metrics'))),
      h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', {colspan: 7, class: 'muted'},
        state.devices.length ? 'No device matches the filter.' : 'No device yet: add one or find projectors.')))));
  if (focused === 'filter-text') {
    const input = document.getElementById('filter-text');
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  }
}

// ---- device page

async function renderDevicePage(id, reload) {
  if (reload || !state.devices.find(d => d.id === id)) {
    const r = await api('GET', '/api/devices/' + encodeURIComponent(id));
    if (!r.ok) { view(problemsBox(r.body.errors)); return; }
    const i = state.devices.findIndex(d => d.id === id);
    if (i >= 0) state.devices[i] = r.body; else state.devices.push(r.body);
  }
  const d = state.devices.find(x => x.id === id);
  const hist = await api('GET', '/api/devices/' + encodeURIComponent(id) + '/history');
  const latest = latestOf(d);
  const metrics = latest ? flatten(latest.metrics, '', []) : [];
  const errors = (state.liveErrors[id] || []).slice();
  if (latest && latest.error && !errors.some(e => e.at === latest.checked_at)) errors.unshift({at: latest.checked_at, error: latest.error});
  const previousTest = document.getElementById('test-result');
  const keptTest = previousTest && previousTest.dataset.device === id ? [...previousTest.childNodes] : [];
  view(
    h('h2', {}, d.name || d.id, ' ', statusBadge(statusOf(d)),
      d.read_only ? h('span', {class: 'badge backend'}, 'from backend') : null),
    d.read_only ? h('div', {class: 'notice info'}, 'This device is defined by the backend and is read-only here: '
      + 'config sync would overwrite a local change. Change it in the backend; "test now" still works.') : null,
    h('div', {class: 'form-actions'},
      d.read_only ? null : h('a', {href: '#/edit/' + encodeURIComponent(id)}, h('button', {type: 'button', id: 'edit'}, 'Edit')),
      h('button', {type: 'button', class: 'secondary', id: 'test-now', onclick: () => testNow('/api/devices/' + encodeURIComponent(id) + '/test')}, 'Test now')),
    h('div', {id: 'test-result', class: 'test-result', 'data-device': id}, keptTest),
    h('div', {class: 'grid'},
      h('div', {class: 'panel'}, h('h3', {}, 'Device'), h('dl', {class: 'kv'},
        [['id', d.id], ['type', d.type], ['host', d.host], ['port', d.port || 'driver default'],
          ['interval', d.interval_s ? d.interval_s + ' s' : 'site default'], ['enabled', String(d.enabled !== false)],
          ['source', d.source], ['status since', d.state && d.state.status_since ? ago(d.state.status_since) : '—'],
          ['checks / failures', d.state ? d.state.checks + ' / ' + d.state.failures : '—'],
          ['last check', latest ? ago(latest.checked_at) : '—'], ['latency', ms(latest && latest.latency_ms)]]
          .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))),
      h('div', {class: 'panel'}, h('h3', {}, 'Metrics'), metrics.length
        ? h('dl', {class: 'kv', id: 'metrics'}, metrics.map(([k, v]) => [h('dt', {}, k), h('dd', {}, String(v))]))
        : h('p', {class: 'muted'}, 'No result yet.'))),
    h('div', {class: 'panel'}, h('h3', {}, 'History: latency and status'), historyChart(hist.ok ? hist.body.points : [])),
    h('div', {class: 'panel'}, h('h3', {}, 'Last errors'), errors.length
      ? h('table', {}, h('tbody', {}, errors.slice(0, 20).map(e => h('tr', {}, h('td', {}, new Date(e.at).toLocaleString()), h('td', {class: 'error-text'}, e.error)))))
      : h('p', {class: 'muted'}, 'None seen.')));
}

/** Latency as a line, status as a coloured band along the bottom; a gap in the line where there was no answer. */
function historyChart(points) {
  const W = 1000, H = 220, left = 50, right = 10, top = 10, band = 14, bottom = 22;
  const plotH = H - top - bottom - band - 4;
  const chart = svg('svg', {class: 'chart', viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', id: 'history-chart'});
  if (!points.length) {
    chart.append(svg('text', {x: W / 2, y: H / 2, 'text-anchor': 'middle'}, 'no history yet'));
    return chart;
  }
  const t0 = Date.parse(points[0].at), t1 = Math.max(Date.parse(points[points.length - 1].at), t0 + 1000);
  const maxLat = Math.max(1, ...points.map(p => p.latency_ms || 0)) * 1.1;
  const x = t => left + (W - left - right) * (t - t0) / (t1 - t0);
  const y = v => top + plotH - plotH * v / maxLat;
  [0, 0.5, 1].forEach(f => {
    chart.append(svg('line', {x1: left, x2: W - right, y1: y(maxLat * f), y2: y(maxLat * f), stroke: '#e3e6ea'}));
    chart.append(svg('text', {x: left - 4, y: y(maxLat * f) + 4, 'text-anchor': 'end'}, ms(maxLat * f)));
  });
  let path = '';
  let pen = false;
  points.forEach(p => {
    if (p.latency_ms === null || p.latency_ms === undefined) { pen = false; return; }
    path += (pen ? 'L' : 'M') + x(Date.parse(p.at)).toFixed(1) + ' ' + y(p.latency_ms).toFixed(1) + ' ';
    pen = true;
  });
  if (path) chart.append(svg('path', {d: path, fill: 'none', stroke: '#1f5fbf', 'stroke-width': 1.5}));
  const colours = {ok: '#2e7d32', warning: '#ef8c00', ko: '#c62828', unknown: '#757575'};
  const bandY = top + plotH + 4;
  points.forEach((p, i) => {
    const x0 = x(Date.parse(p.at));
    const x1 = i + 1 < points.length ? x(Date.parse(points[i + 1].at)) : W - right;
    chart.append(svg('rect', {x: x0, y: bandY, width: Math.max(1, x1 - x0), height: band, fill: colours[p.status]},
      svg('title', {}, new Date(p.at).toLocaleString() + ': ' + p.status + ', ' + ms(p.latency_ms))));
  });
  chart.append(svg('text', {x: left, y: H - 4}, new Date(t0).toLocaleString()));
  chart.append(svg('text', {x: W - right, y: H - 4, 'text-anchor': 'end'}, new Date(t1).toLocaleString()));
  return chart;
}

async function testNow(path, body) {
  const box = document.getElementById('test-result');
  box.replaceChildren(h('div', {class: 'notice info'}, 'Testing…'));
  const r = await api('POST', path, body);
  if (!r.ok) {
    box.replaceChildren(problemsBox(r.body.errors));
    if (body) showFieldErrors(r.body.errors);
    return;
  }
  const res = r.body.result;
  box.replaceChildren(h('div', {class: 'notice ' + (res.status === 'ok' ? 'ok' : 'error'), id: 'test-outcome'},
    h('b', {}, 'Test: '), statusBadge(res.status), ' ', ms(res.latency_ms), res.error ? ' — ' + res.error : '',
    h('dl', {class: 'kv'}, flatten(res.metrics, '', []).map(([k, v]) => [h('dt', {}, k), h('dd', {}, String(v))]))));
}

// ---- add / edit form

const SNMP_AUTH = ['', 'MD5', 'SHA', 'SHA224', 'SHA256', 'SHA384', 'SHA512'];
const SNMP_PRIV = ['', 'DES', 'AES', 'AES192', 'AES256'];

function field(label, name, input, hint) {
  input.name = name;
  return h('label', {'data-field': name}, h('span', {}, label), input,
    hint ? h('small', {class: 'muted'}, ' ' + hint) : null, h('div', {class: 'field-error', 'data-error-for': name}));
}

function text(value, attrs) {
  return h('input', Object.assign({type: 'text', value: value === undefined || value === null ? '' : value}, attrs || {}));
}

function number(value, attrs) {
  return h('input', Object.assign({type: 'number', value: value === undefined || value === null ? '' : value}, attrs || {}));
}

function secret(value, editing) {
  return h('input', {type: 'password', autocomplete: 'new-password', value: value ? MASK : '',
    placeholder: editing && value ? 'unchanged' : ''});
}

function select(options, value) {
  return h('select', {}, options.map(o => h('option', {value: o, selected: String(value || '') === o}, o || '—')));
}

function typeSection(type, d, editing) {
  const s = d.snmp || {};
  const p = d.ping || {};
  if (type === 'pjlink') {
    return h('fieldset', {}, h('legend', {}, 'PJLink'),
      field('Password', 'password', secret(d.password, editing), 'empty when the projector has no PJLink password'));
  }
  if (type === 'snmp') {
    const oids = (s.oids || []).map(o => [o.oid, o.label, o.type].filter(Boolean).join(' ')).join('\n');
    return h('fieldset', {}, h('legend', {}, 'SNMP'),
      field('Version', 'snmp.version', select(['1', '2c', '3'], s.version || '2c')),
      field('Community (v1/v2c)', 'snmp.community', secret(s.community, editing)),
      field('User (v3)', 'snmp.user', text(s.user)),
      field('Auth protocol', 'snmp.auth_protocol', select(SNMP_AUTH, s.auth_protocol)),
      field('Auth password', 'snmp.auth_password', secret(s.auth_password, editing)),
      field('Privacy protocol', 'snmp.priv_protocol', select(SNMP_PRIV, s.priv_protocol)),
      field('Privacy password', 'snmp.priv_password', secret(s.priv_password, editing)),
      field('Timeout (ms)', 'snmp.timeout_ms', number(s.timeout_ms, {min: 1})),
      field('Retries', 'snmp.retries', number(s.retries, {min: 0})),
      field('Extra OIDs', 'snmp.oids', h('textarea', {rows: 3, cols: 50, placeholder: '1.3.6.1.4.1.1248.4.1.1.1.1.0 lamp_hours integer'}, oids),
        'one per line: OID label type'));
  }
  if (type === 'ping') {
    return h('fieldset', {}, h('legend', {}, 'Ping'),
      field('Echoes per check', 'ping.count', number(p.count, {min: 1, placeholder: '3'})),
      field('Mode', 'ping.mode', select(['icmp', 'tcp'], p.mode || 'icmp')),
      field('TCP port (tcp mode)', 'ping.tcp_port', number(p.tcp_port, {min: 1, max: 65535})));
  }
  return h('fieldset', {}, h('legend', {}, type),
    h('p', {class: 'muted'}, 'No form for this type: its settings are kept as they are.'));
}

/** The form as a device object: empty plain fields left out, secrets sent as typed (the mask keeps the stored one). */
function formToDevice(form, original) {
  const out = Object.assign({}, original || {});
  ['state', 'read_only', 'source', 'snmp', 'ping', 'password', 'port', 'interval_s', 'name'].forEach(k => delete out[k]);
  for (const el of form.querySelectorAll('[name]')) {
    const name = el.name;
    let v = el.type === 'checkbox' ? el.checked : el.value;
    if (name === 'snmp.oids') {
      v = v.split('\n').map(l => l.trim()).filter(Boolean).map(l => {
        const [oid, label, type] = l.split(/\s+/);
        return Object.fromEntries(Object.entries({oid, label, type}).filter(([, x]) => x));
      });
      if (!v.length) continue;
    } else if (el.type === 'number') {
      if (v === '') continue;
      v = Number(v);
    } else if (el.type === 'password' && v === '' && !original) {
      continue;
    } else if (typeof v === 'string' && el.type !== 'password') {
      v = v.trim();
      if (v === '') continue;
    }
    const path = name.split('.');
    let target = out;
    path.slice(0, -1).forEach(p => { target = target[p] = target[p] || {}; });
    target[path[path.length - 1]] = v;
  }
  if (out.snmp && out.snmp.version !== '3') ['user', 'auth_protocol', 'auth_password', 'priv_protocol', 'priv_password'].forEach(k => delete out.snmp[k]);
  if (out.snmp && out.snmp.version === '3') delete out.snmp.community;
  return out;
}

function showFieldErrors(errors) {
  document.querySelectorAll('[data-error-for]').forEach(e => { e.textContent = ''; });
  const general = [];
  for (const e of errors) {
    const slot = document.querySelector('[data-error-for="' + CSS.escape(e.field) + '"]');
    if (slot) slot.textContent = e.message; else general.push(e);
  }
  const box = document.getElementById('form-errors');
  box.replaceChildren(general.length ? problemsBox(general) : '');
}

async function renderForm(id) {
  let d = {type: 'pjlink', enabled: true};
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
  const types = [...new Set([...KNOWN_TYPES, ...state.drivers, d.type])];
  const typeSelect = select(types, d.type);
  const section = h('div', {id: 'type-section'}, typeSection(d.type, d, !!id));
  typeSelect.addEventListener('change', () => section.replaceChildren(typeSection(typeSelect.value, {}, false)));
  const enabled = h('input', {type: 'checkbox', checked: d.enabled !== false});
  const form = h('form', {class: 'device-form', id: 'device-form', novalidate: true},
    h('div', {id: 'form-errors'}),
    h('fieldset', {}, h('legend', {}, 'Device'),
      field('Id', 'id', text(d.id, {required: true, placeholder: 'proj-101'}), 'unique on this site'),
      field('Name', 'name', text(d.name, {placeholder: 'Room 101 projector'})),
      field('Type', 'type', typeSelect,
        state.drivers.includes(d.type) || !state.drivers.length ? '' : 'no driver for this type is installed'),
      field('Host', 'host', text(d.host, {required: true, placeholder: '10.0.1.20'})),
      field('Port', 'port', number(d.port, {min: 1, max: 65535, placeholder: 'driver default'})),
      field('Interval (s)', 'interval_s', number(d.interval_s, {min: 1, placeholder: 'site default'})),
      field('Enabled', 'enabled', enabled)),
    section,
    h('div', {class: 'form-actions'},
      h('button', {type: 'submit', id: 'save'}, id ? 'Save' : 'Add'),
      h('button', {type: 'button', class: 'secondary', id: 'test-form',
        onclick: () => testNow('/api/devices/test', formToDevice(form, id ? d : null))}, 'Test now'),
      id ? h('button', {type: 'button', class: 'danger', id: 'delete', onclick: () => deleteDevice(id)}, 'Delete') : null,
      h('a', {href: id ? '#/device/' + encodeURIComponent(id) : '#/'}, 'Cancel')),
    h('div', {id: 'test-result', class: 'test-result'}));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = formToDevice(form, id ? d : null);
    const r = id ? await api('PUT', '/api/devices/' + encodeURIComponent(id), body) : await api('POST', '/api/devices', body);
    if (!r.ok) { showFieldErrors(r.body.errors); return; }
    await loadDevices();
    location.hash = '#/device/' + encodeURIComponent(r.body.id);
  });
  view(h('h2', {}, id ? 'Edit ' + (d.name || d.id) : 'Add a device'), form);
}

async function deleteDevice(id) {
  if (!confirm('Delete device ' + id + '?')) return;
  const r = await api('DELETE', '/api/devices/' + encodeURIComponent(id));
  if (!r.ok) { showFieldErrors(r.body.errors); return; }
  await loadDevices();
  location.hash = '#/';
}

// ---- site settings

async function renderSettings() {
  const s = (await api('GET', '/api/site')).body;
  const token = h('input', {type: 'password', autocomplete: 'new-password',
    placeholder: s.site_token_set ? 'set (kept if left empty)' : 'not set'});
  const form = h('form', {class: 'device-form', id: 'site-form', novalidate: true},
    h('div', {id: 'form-errors'}),
    h('fieldset', {}, h('legend', {}, 'Site'),
      field('Site name', 'site_name', text(s.site_name)),
      field('Backend URL', 'backend_url', text(s.backend_url, {placeholder: 'empty: standalone'})),
      field('Site token', 'site_token', token, s.site_token_set ? 'a token is set (never shown)' : 'no token set'),
      field('Collect interval (s)', 'collect_interval_s', number(s.collect_interval_s, {min: 1})),
      field('Report interval, all ok (s)', 'report_interval_ok_s', number(s.report_interval_ok_s, {min: 1})),
      field('Report interval, faults (s)', 'report_interval_ko_s', number(s.report_interval_ko_s, {min: 1})),
      field('Config sync interval (s)', 'config_sync_interval_s', number(s.config_sync_interval_s, {min: 1}))),
    h('div', {class: 'form-actions'}, h('button', {type: 'submit', id: 'save-site'}, 'Save')),
    h('div', {id: 'test-result'}));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = {};
    for (const el of form.querySelectorAll('[name]')) {
      body[el.name] = el.type === 'number' ? (el.value === '' ? undefined : Number(el.value)) : el.value.trim();
    }
    const r = await api('PUT', '/api/site', body);
    if (!r.ok) { showFieldErrors(r.body.errors); return; }
    document.getElementById('site-name').textContent = r.body.site_name;
    showFieldErrors([]);
    document.getElementById('test-result').replaceChildren(h('div', {class: 'notice ok'}, 'Saved.'));
    token.value = '';
    token.placeholder = r.body.site_token_set ? 'set (kept if left empty)' : 'not set';
  });
  view(h('h2', {}, 'Site settings'), form);
}

// ---- agent health

async function renderHealth() {
  const hl = (await api('GET', '/api/health')).body;
  const kv = (pairs) => h('dl', {class: 'kv'}, pairs.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v === null || v === undefined ? '—' : String(v))]));
  const c = hl.collector;
  const link = hl.backend_link;
  const sync = hl.config_sync;
  view(h('h2', {}, 'Agent health'),
    h('div', {class: 'grid'},
      h('div', {class: 'panel'}, h('h3', {}, 'Agent'), kv([['version', hl.version], ['config file', hl.config_file],
        ['drivers present', hl.drivers.join(', ') || 'none'], ['discovery', hl.discovery.join(', ') || 'none']])),
      h('div', {class: 'panel', id: 'collector'}, h('h3', {}, 'Collector'), kv([['devices monitored', c.devices_monitored],
        ['by status', Object.entries(c.devices_by_status).map(([k, v]) => k + ' ' + v).join(', ')],
        ['checks / failed', c.checks_total + ' / ' + c.checks_failed], ['in flight', c.checks_in_flight],
        ['last collection', ms(c.last_collection_ms)], ['average collection', ms(c.average_collection_ms)]])),
      h('div', {class: 'panel', id: 'backend-link'}, h('h3', {}, 'Backend link'), link ? kv([['state', link.state],
        ['last success', link.last_success && ago(link.last_success)], ['last attempt', link.last_attempt && ago(link.last_attempt)],
        ['last error', link.last_error], ['batches buffered', link.batches_buffered + ' (' + link.bytes_buffered + ' bytes)'],
        ['batches dropped', link.batches_dropped]]) : h('p', {class: 'muted'}, 'Reporter not running.')),
      h('div', {class: 'panel', id: 'config-sync'}, h('h3', {}, 'Config sync'), sync ? kv([['last attempt', sync.last_attempt && ago(sync.last_attempt)],
        ['last success', sync.last_success && ago(sync.last_success)], ['last change', sync.last_change && ago(sync.last_change)],
        ['last error', sync.last_error]]) : h('p', {class: 'muted'}, 'Config sync not running.'))),
    h('div', {class: 'panel'}, h('h3', {}, 'Bundles'), h('table', {id: 'bundles'},
      h('thead', {}, h('tr', {}, h('th', {}, 'id'), h('th', {}, 'name'), h('th', {}, 'version'), h('th', {}, 'state'))),
      h('tbody', {}, hl.bundles.map(b => h('tr', {}, h('td', {}, b.id), h('td', {}, b.symbolic_name), h('td', {}, b.version),
        h('td', {}, b.state)))))));
}

// ---- discovery

async function renderDiscover() {
  const type = state.discovery.includes('pjlink') ? 'pjlink' : state.discovery[0];
  if (!type) { view(h('p', {class: 'muted'}, 'No driver offers discovery.')); return; }
  const results = h('div', {id: 'discovery-results'});
  const run = async () => {
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
  view(h('h2', {}, 'Find projectors'),
    h('p', {}, 'Asks the local network who speaks ' + type + ' (a few seconds).'),
    h('button', {type: 'button', id: 'discover', onclick: run}, 'Search'), results);
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

// ---- routing

function currentRoute() {
  const hash = location.hash.replace(/^#/, '').split('?')[0] || '/';
  const parts = hash.split('/').filter(Boolean).map(decodeURIComponent);
  if (!parts.length) return {page: 'dashboard'};
  return {page: parts[0], id: parts[1]};
}

async function route() {
  const r = currentRoute();
  try {
    if (r.page === 'dashboard') { await loadDevices(); renderDashboard(); }
    else if (r.page === 'device') await renderDevicePage(r.id, true);
    else if (r.page === 'add') await renderForm(null);
    else if (r.page === 'edit') await renderForm(r.id);
    else if (r.page === 'settings') await renderSettings();
    else if (r.page === 'health') await renderHealth();
    else if (r.page === 'discover') await renderDiscover();
    else view(h('p', {}, 'No such page.'));
  } catch (e) {
    view(h('div', {class: 'notice error'}, 'The agent did not answer: ' + e.message));
  }
}

async function start() {
  const session = (await api('GET', '/api/session')).body;
  if (session.password_required && !session.authenticated) { location.replace('/login.html'); return; }
  state.csrf = session.csrf_token;
  const logout = document.getElementById('logout');
  logout.hidden = !session.password_required;
  logout.addEventListener('click', async () => { await api('POST', '/api/logout'); location.replace('/login.html'); });
  const [site, health] = await Promise.all([api('GET', '/api/site'), api('GET', '/api/health')]);
  document.getElementById('site-name').textContent = site.body.site_name;
  state.drivers = health.body.drivers;
  state.discovery = health.body.discovery;
  document.getElementById('nav-discover').hidden = !state.discovery.length;
  window.addEventListener('hashchange', route);
  await route();
  connectLive();
}

start();
