// The device page: its definition, its metrics as its driver labels them, the latency/status history, the last
// errors; and "test now", shared with the form.
import {api} from './api.js';
import {h, svg, view, problemsBox, statusBadge} from './dom.js';
import {state, statusOf, latestOf, driverOf, driverLabel} from './state.js';
import {ago, ms, metricRows} from './format.js';
import {showFieldErrors} from './fields.js';

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
        [['id', d.id], ['type', driver ? driverLabel(driver) : d.type + ' (no driver installed)'],
          ['host', d.host], ['port', d.port || 'driver default'],
          ['interval', d.interval_s ? d.interval_s + ' s' : 'site default'], ['enabled', String(d.enabled !== false)],
          ['source', d.source], ['status since', d.state && d.state.status_since ? ago(d.state.status_since) : '—'],
          ['checks / failures', d.state ? d.state.checks + ' / ' + d.state.failures : '—'],
          ['last check', latest ? ago(latest.checked_at) : '—'], ['latency', ms(latest && latest.latency_ms)]]
          .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))),
      h('div', {class: 'panel'}, h('h3', {}, 'Metrics'), latest && Object.keys(latest.metrics || {}).length
        ? metricList(d.type, latest.metrics, 'metrics')
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
