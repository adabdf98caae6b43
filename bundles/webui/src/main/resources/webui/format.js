// How values read: times, latencies, durations, and metrics with the labels, units and value labels their driver
// describes ("Lamp 1: 1,520 h", "Input: Digital 1"); a metric no description names shows its raw key and value.
import {descriptionOf, latestOf} from './state.js';

export function ago(iso) {
  if (!iso) return '—';
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (s < 60) return s + ' s ago';
  if (s < 3600) return Math.round(s / 60) + ' min ago';
  if (s < 86400) return Math.round(s / 3600) + ' h ago';
  return dateTime(iso);
}

// Every date on the pages reads one way: ISO date and local time, "2026-12-03 15:08" (unambiguous in every country).
const pad = n => String(n).padStart(2, '0');

/** "2027-02-14" (local), from an ISO string, epoch milliseconds or a Date. */
export function day(t) {
  if (t === null || t === undefined) return '—';
  const d = new Date(t);
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
}

/** "2027-02-14 08:02" (local). */
export function dateTime(t) {
  if (t === null || t === undefined) return '—';
  const d = new Date(t);
  return day(d) + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes());
}

/** "08:02:05" (local): the time axis of a chart spanning minutes. */
export function clock(t) {
  const d = new Date(t);
  return pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
}

export function ms(v) {
  return v === null || v === undefined ? '—' : (v < 10 ? v.toFixed(2) : Math.round(v)) + ' ms';
}

export function duration(seconds) {
  const d = Math.floor(seconds / 86400), hrs = Math.floor(seconds % 86400 / 3600), min = Math.floor(seconds % 3600 / 60);
  return (d ? d + ' d ' : '') + (d || hrs ? hrs + ' h ' : '') + min + ' min';
}

/** Nested metrics as [dotted key, value] pairs; arrays as JSON. */
export function flatten(obj, prefix, out) {
  for (const [k, v] of Object.entries(obj || {})) {
    const key = prefix ? prefix + '.' + k : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v, key, out);
    else out.push([key, Array.isArray(v) ? JSON.stringify(v) : v]);
  }
  return out;
}

// ---- metrics through their descriptions

const INDEX = '{n}';
const patterns = new Map();

/** For a described key: '' when a plain key matches, the index when a {n} key matches ("2"), null otherwise. */
function indexIn(describedKey, key) {
  const at = describedKey.indexOf(INDEX);
  if (at < 0) return describedKey === key ? '' : null;
  let re = patterns.get(describedKey);
  if (!re) {
    const quote = s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    re = new RegExp('^' + quote(describedKey.slice(0, at)) + '([1-9][0-9]{0,3})'
      + quote(describedKey.slice(at + INDEX.length)) + '$');
    patterns.set(describedKey, re);
  }
  const m = re.exec(key);
  return m ? m[1] : null;
}

export function number(v) {
  return v.toLocaleString(undefined, {maximumFractionDigits: 2});
}

/** A value as a person reads it: its value label, its unit, seconds as a duration, yes/no. */
export function metricValue(desc, v) {
  if (v === null || v === undefined) return '—';
  const coded = desc && desc.value_labels.find(c => c.value === String(v));
  if (coded) return coded.label;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v !== 'number') return String(v);
  const unit = desc && desc.unit;
  if (unit === 's' && v >= 60) return duration(v);
  if (!unit) return number(v);
  return number(v) + (unit === '%' ? '' : '\u00a0') + unit; // no break between a number and its unit
}

/** How a device of {@code type} names metric {@code key}: {label, desc, order} (the raw key when undescribed). */
export function describeMetric(type, key) {
  const described = (descriptionOf(type) || {metrics: []}).metrics;
  for (let i = 0; i < described.length; i++) {
    const m = described[i];
    const n = indexIn(m.key, key);
    if (n !== null) return {label: n ? m.label.replaceAll(INDEX, n) : m.label, desc: m, order: i};
  }
  return {label: key, desc: null, order: described.length};
}

/**
 * The metrics of a result for a device of {@code type}, described ones first in their driver's order:
 * [{key, label, value, help, desc}].
 */
export function metricRows(type, metrics) {
  const rows = flatten(metrics, '', []).map(([key, v], position) => {
    const {label, desc, order} = describeMetric(type, key);
    return {key, label, value: metricValue(desc, v), help: desc ? desc.help : null, desc,
      order: desc ? order : order + position};
  });
  return rows.sort((a, b) => a.order - b.order || a.key.localeCompare(b.key, undefined, {numeric: true}));
}

/** "Lamp 1 reaches 2,800 h around 2027-02-14 at 6.2 h/day" for a forecast of a device of {@code type}. */
export function forecastText(type, f) {
  const {label, desc} = describeMetric(type, f.metric);
  const unit = desc && desc.unit ? desc.unit : '';
  return (f.label || label) + ' reaches ' + metricValue(desc, f.threshold) + ' around ' + day(f.date)
    + ' at ' + number(Math.round(f.rate_per_day * 10) / 10) + (unit ? '\u00a0' + unit : '') + '/day';
}

/**
 * The dashboard's few words on a device: the metrics its driver marks as key metrics (a value that reads "ok" says
 * nothing there and is left out; none yet, nothing), or the first three metrics of a driver that marks none.
 */
export function keyMetrics(d) {
  const latest = latestOf(d);
  if (!latest) return '';
  const rows = metricRows(d.type, latest.metrics);
  const description = descriptionOf(d.type);
  const marked = description && description.metrics.some(m => m.key_metric);
  const picked = marked ? rows.filter(r => r.desc && r.desc.key_metric && r.value.toLowerCase() !== 'ok') : rows.slice(0, 3);
  return picked.map(r => r.label + ': ' + r.value).join(' · ');
}
