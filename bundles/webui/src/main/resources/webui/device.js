// The device page: its confirmed state and what qualifies it, its definition, its metrics as its driver labels
// them, maintenance, wear forecasts, trend charts, the latency/status history, the last errors; and "test now",
// shared with the form.
import {api} from './api.js';
import {h, view, problemsBox, statusBadge} from './dom.js';
import {state, statusOf, latestOf, driverOf, driverLabel} from './state.js';
import {ago, ms, dateTime, metricRows, forecastText} from './format.js';
import {showFieldErrors} from './fields.js';
import {stateNotes} from './device-state.js';
import {maintenanceBox} from './maintenance.js';
import {trendPanel} from './trends.js';
import {historyChart} from './charts.js';

function metricList(type, metrics, id) {
  return h('dl', {class: 'kv', id}, metricRows(type, metrics).map(r =>
    [h('dt', {title: r.help ? r.key + ': ' + r.help : r.key}, r.label), h('dd', {'data-metric': r.key}, r.value)]));
}

export async function renderDevicePage(id, reload) {
  const page = location.hash;
  if (reload || !state.devices.find(d => d.id === id)) {
    const r = await api('GET', '/api/devices/' + encodeURIComponent(id));
    if (!r.ok) { view(problemsBox(r.body.errors)); return; }
    const i = state.devices.findIndex(d => d.id === id);
    if (i >= 0) state.devices[i] = r.body; else state.devices.push(r.body);
  }
  const d = state.devices.find(x => x.id === id);
  const hist = await api('GET', '/api/devices/' + encodeURIComponent(id) + '/history');
  // a live redraw still loading when the user moved on (to the Edit form) must not replace the new page
  if (location.hash !== page) return;
  const latest = latestOf(d);
  const driver = driverOf(d.type);
  const errors = (state.liveErrors[id] || []).slice();
  if (latest && latest.error && !errors.some(e => e.at === latest.checked_at)) errors.unshift({at: latest.checked_at, error: latest.error});
  const previousTest = document.getElementById('test-result');
  const keptTest = previousTest && previousTest.dataset.device === id ? [...previousTest.childNodes] : [];
  const trends = await trendPanel(d);
  if (location.hash !== page) return;
  const focus = focused();
  view(
    h('h2', {}, d.name || d.id, ' ', statusBadge(statusOf(d)),
      d.read_only ? h('span', {class: 'badge backend'}, 'from backend') : null),
    h('div', {class: 'state-notes', id: 'state-notes'}, stateNotes(d)),
    d.read_only ? h('div', {class: 'notice info'}, 'This device is defined by the backend and is read-only here: '
      + 'config sync would overwrite a local change. Change it in the backend; "test now" still works.') : null,
    h('div', {class: 'form-actions'},
      d.read_only ? null : h('a', {href: '#/edit/' + encodeURIComponent(id)}, h('button', {type: 'button', id: 'edit'}, 'Edit')),
      h('button', {type: 'button', class: 'secondary', id: 'test-now', onclick: () => testNow('/api/devices/' + encodeURIComponent(id) + '/test')}, 'Test now')),
    h('div', {id: 'test-result', class: 'test-result', 'data-device': id}, keptTest),
    maintenanceBox(d, () => renderDevicePage(id, true)),
    h('div', {class: 'grid'},
      h('div', {class: 'panel'}, h('h3', {}, 'Device'), h('dl', {class: 'kv'},
        [['id', d.id], ['type', driver ? driverLabel(driver) : d.type + ' (no driver installed)'],
          ['host', d.host], ['port', d.port || 'driver default'],
          ['interval', d.interval_s ? d.interval_s + ' s' : 'site default'], ['enabled', String(d.enabled !== false)],
          ['source', d.source],
          ['last check observed', d.state ? d.state.status : '—'], ['status since', d.state && d.state.status_since ? ago(d.state.status_since) : '—'],
          ['checks / failures', d.state ? d.state.checks + ' / ' + d.state.failures : '—'],
          ['last check', latest ? ago(latest.checked_at) : '—'], ['latency', ms(latest && latest.latency_ms)]]
          .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))),
      h('div', {class: 'panel'}, h('h3', {}, 'Metrics'), latest && Object.keys(latest.metrics || {}).length
        ? metricList(d.type, latest.metrics, 'metrics')
        : h('p', {class: 'muted'}, 'No result yet.'))),
    forecastPanel(d),
    trends,
    h('div', {class: 'panel'}, h('h3', {}, 'History: latency and status'), historyChart(withLiveChecks(hist.ok ? hist.body.points : [], state.liveChecks[id] || []))),
    h('div', {class: 'panel'}, h('h3', {}, 'Last errors'), errors.length
      ? h('table', {class: 'errors'}, h('tbody', {}, errors.slice(0, 20).map(e => h('tr', {},
        h('td', {class: 'when'}, dateTime(e.at)), h('td', {class: 'error-text'}, e.error)))))
      : h('p', {class: 'muted'}, 'None seen.')));
  restoreFocus(focus);
}

/** The wear forecasts the agent computed for this device ("Lamp 1 reaches 2,800 h around …"); none, no panel. */
function forecastPanel(d) {
  const forecasts = (d.state && d.state.forecasts) || [];
  if (!forecasts.length) return null;
  return h('div', {class: 'panel'}, h('h3', {}, 'Forecasts'), h('ul', {id: 'forecasts', class: 'forecasts'},
    forecasts.map(f => h('li', {'data-metric': f.metric}, forecastText(d.type, f)))));
}

/**
 * The collector's history (one point per check, or per merged slot of a minute or more) followed by the checks seen
 * live since the page opened, so the chart is dense from its first minutes: slots the live checks cover are left out.
 */
function withLiveChecks(points, live) {
  if (!live.length) return points;
  const n = points.length;
  const slotMs = n > 1 ? Date.parse(points[n - 1].at) - Date.parse(points[n - 2].at) : 60_000;
  const firstLive = Date.parse(live[0].at);
  return points.filter(p => Date.parse(p.at) + slotMs <= firstLive).concat(live);
}

/** The field being typed in (live updates redraw the page every few seconds): its id and caret. */
function focused() {
  const el = document.activeElement;
  return el && el.id && el.closest('#view') ? {id: el.id, start: el.selectionStart, end: el.selectionEnd} : null;
}

function restoreFocus(f) {
  const el = f && document.getElementById(f.id);
  if (!el) return;
  el.focus();
  if (typeof f.start === 'number' && el.setSelectionRange) el.setSelectionRange(f.start, f.end);
}

/**
 * Runs one check (of a saved device, or of {@code body}, an unsaved form) and shows its outcome in #test-result;
 * a form's errors go next to their fields, or to the slot {@code fallback}.
 */
export async function testNow(path, body, fallback) {
  const box = document.getElementById('test-result');
  box.replaceChildren(h('div', {class: 'notice info'}, 'Testing…'));
  const r = await api('POST', path, body);
  if (!r.ok) {
    box.replaceChildren(problemsBox(r.body.errors));
    if (body) showFieldErrors(r.body.errors, fallback);
    return;
  }
  const res = r.body.result;
  const type = body ? body.type : (state.devices.find(d => d.id === r.body.id) || {}).type;
  box.replaceChildren(h('div', {class: 'notice ' + (res.status === 'ok' ? 'ok' : 'error'), id: 'test-outcome'},
    h('b', {}, 'Test: '), statusBadge(res.status), ' ', ms(res.latency_ms), res.error ? ' — ' + res.error : '',
    metricList(type, res.metrics)));
}
