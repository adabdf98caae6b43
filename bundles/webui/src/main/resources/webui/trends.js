// The device page's trend charts: the metrics its driver marks as trend metrics (lamp and filter hours,
// temperatures), over the days and weeks the agent keeps (GET /api/devices/{id}/trend?metric=key).
import {api} from './api.js';
import {h} from './dom.js';
import {latestOf} from './state.js';
import {describeMetric, metricValue} from './format.js';
import {trendChart} from './charts.js';

// a coarse history changes slowly: read again at most every five minutes, not on every live redraw
const FRESH_MS = 300_000;
const MAX_CACHED = 200;
const cache = new Map();

async function trendOf(id, key) {
  const name = id + '\n' + key;
  const hit = cache.get(name);
  if (hit && Date.now() - hit.at < FRESH_MS) return hit.points;
  const r = await api('GET', '/api/devices/' + encodeURIComponent(id) + '/trend?metric=' + encodeURIComponent(key));
  const points = r.ok && r.body && Array.isArray(r.body.points) ? r.body.points : null;
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value);
  cache.set(name, {at: Date.now(), points});
  return points;
}

/** The trend metrics among the device's latest metrics: [{key, label, desc}], in the driver's order. */
function trendMetrics(d) {
  const latest = latestOf(d);
  return Object.entries((latest && latest.metrics) || {})
    .filter(([, v]) => typeof v === 'number')
    .map(([key]) => ({key, ...describeMetric(d.type, key)}))
    .filter(m => m.desc && m.desc.trend)
    .sort((a, b) => a.order - b.order || a.key.localeCompare(b.key, undefined, {numeric: true}));
}

/** A panel with one chart per trend metric; null when there is none or the agent keeps no trends. */
export async function trendPanel(d) {
  const metrics = trendMetrics(d);
  if (!metrics.length) return null;
  const charts = [];
  for (const m of metrics) {
    const points = await trendOf(d.id, m.key);
    if (points === null) continue;
    const forecast = ((d.state && d.state.forecasts) || []).find(f => f.metric === m.key);
    charts.push(h('div', {class: 'trend', 'data-metric': m.key}, h('h4', {}, m.label),
      trendChart('trend-' + m.key, points, v => metricValue(m.desc, Math.round(v * 10) / 10), forecast ? forecast.threshold : null)));
  }
  return charts.length ? h('div', {class: 'panel'}, h('h3', {}, 'Trends'), charts) : null;
}
