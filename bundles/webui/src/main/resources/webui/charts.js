// The device page's charts, drawn as SVG without a library: the latency/status history of the last checks and the
// trend metrics over days and weeks. Both share a time axis with readable ticks and draw markers at every point
// when there are few, so the first minutes of a device already read as a chart.
import {svg} from './dom.js';
import {ms, clock, day, dateTime} from './format.js';

const W = 1000, LEFT = 60, RIGHT = 16, TOP = 12;
const MARKERS_UP_TO = 90;
const MIN_SPAN_MS = 10_000; // a lone point sits in the middle of ten seconds
const STEPS_MS = [5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800,
  604800, 1209600, 2592000].map(s => s * 1000);
const COLOURS = {ok: '#2e7d32', warning: '#ef8c00', ko: '#c62828', unknown: '#757575'};

/** The time span shown: the points' own span (a few checks fill the frame), inset from its edges. */
function timeScale(times, plotW) {
  let t0 = Math.min(...times), t1 = Math.max(...times);
  if (t1 - t0 < MIN_SPAN_MS) {
    const mid = (t0 + t1) / 2;
    t0 = mid - MIN_SPAN_MS / 2;
    t1 = mid + MIN_SPAN_MS / 2;
  }
  const inset = (t1 - t0) * 0.04;
  t0 -= inset;
  t1 += inset;
  return {t0, t1, x: t => LEFT + plotW * (t - t0) / (t1 - t0)};
}

/** Ticks every "nice" step, about six along the axis, labelled by what the span needs (time, or date). */
function timeAxis(chart, scale, y0, y1) {
  const span = scale.t1 - scale.t0;
  const step = STEPS_MS.find(s => span / s <= 7) || STEPS_MS[STEPS_MS.length - 1];
  const label = span <= 86_400_000 ? (step < 60_000 ? clock : t => clock(t).slice(0, 5))
    : step >= 86_400_000 ? day : dateTime;
  const offset = new Date().getTimezoneOffset() * 60_000; // ticks on local midnights and hours
  for (let t = Math.ceil((scale.t0 - offset) / step) * step + offset; t <= scale.t1; t += step) {
    const x = scale.x(t);
    chart.append(svg('line', {x1: x, x2: x, y1: y0, y2: y1, stroke: '#eef0f3'}));
    chart.append(svg('text', {x, y: y1 + 14, 'text-anchor': 'middle', class: 'tick'}, label(t)));
  }
}

function frame(id, height) {
  return svg('svg', {class: 'chart', viewBox: `0 0 ${W} ${height}`, id});
}

function empty(chart, height, text) {
  chart.append(svg('text', {x: W / 2, y: height / 2, 'text-anchor': 'middle'}, text));
  return chart;
}

/** Horizontal grid lines and their labels at 0, ½ and the top of a value axis. */
function valueAxis(chart, y, lo, hi, format) {
  [0, 0.5, 1].forEach(f => {
    const v = lo + (hi - lo) * f;
    chart.append(svg('line', {x1: LEFT, x2: W - RIGHT, y1: y(v), y2: y(v), stroke: '#e3e6ea'}));
    chart.append(svg('text', {x: LEFT - 6, y: y(v) + 4, 'text-anchor': 'end'}, format(v)));
  });
}

/** A line through [t, v] pairs (a gap where v is null), with markers when there are few points. */
function series(chart, pts, x, y, colour, title) {
  let path = '';
  let pen = false;
  pts.forEach(([t, v]) => {
    if (v === null || v === undefined) { pen = false; return; }
    path += (pen ? 'L' : 'M') + x(t).toFixed(1) + ' ' + y(v).toFixed(1) + ' ';
    pen = true;
  });
  if (path) chart.append(svg('path', {d: path, fill: 'none', stroke: colour, 'stroke-width': 2}));
  if (pts.length > MARKERS_UP_TO) return;
  pts.forEach(([t, v], i) => {
    if (v === null || v === undefined) return;
    chart.append(svg('circle', {cx: x(t), cy: y(v), r: 3.5, fill: colour, class: 'marker'}, svg('title', {}, title(i))));
  });
}

/** Latency as a line, status as a coloured band along the bottom; a gap in the line where there was no answer. */
export function historyChart(points) {
  const H = 240, band = 14, bottom = 26;
  const chart = frame('history-chart', H);
  if (!points.length) return empty(chart, H, 'no history yet: the first checks appear here');
  const plotH = H - TOP - bottom - band - 6;
  const times = points.map(p => Date.parse(p.at));
  const scale = timeScale(times, W - LEFT - RIGHT);
  const maxLat = Math.max(1, ...points.map(p => p.latency_ms || 0)) * 1.15;
  const y = v => TOP + plotH - plotH * v / maxLat;
  timeAxis(chart, scale, TOP, H - bottom);
  valueAxis(chart, y, 0, maxLat, ms);
  const bandY = TOP + plotH + 6;
  const tip = i => day(times[i]) + ' ' + clock(times[i]) + ': ' + points[i].status + ', ' + ms(points[i].latency_ms);
  points.forEach((p, i) => {
    // each check colours the band up to the next one (the last one a typical interval, not to the frame's edge)
    const gap = i + 1 < points.length ? times[i + 1] - times[i] : (times.length > 1 ? times[i] - times[i - 1] : 0);
    const x0 = scale.x(times[i]), x1 = Math.min(W - RIGHT, scale.x(times[i] + gap));
    chart.append(svg('rect', {x: x0, y: bandY, width: Math.max(4, x1 - x0), height: band, fill: COLOURS[p.status]},
      svg('title', {}, tip(i))));
  });
  series(chart, points.map((p, i) => [times[i], p.latency_ms]), scale.x, y, '#1f5fbf', tip);
  return chart;
}

/**
 * A trend metric over days and weeks: {@code points} [[epoch seconds, value]], {@code format} a value as it reads
 * ("1,520 h"), {@code threshold} drawn as a dashed line when known.
 */
export function trendChart(id, points, format, threshold) {
  const H = 200, bottom = 26;
  const chart = frame(id, H);
  if (!points.length) return empty(chart, H, 'no history yet');
  const plotH = H - TOP - bottom;
  const times = points.map(p => p[0] * 1000);
  const values = points.map(p => p[1]);
  const scale = timeScale(times, W - LEFT - RIGHT);
  let lo = Math.min(...values), hi = Math.max(...values);
  if (threshold !== null && threshold !== undefined && threshold <= hi * 1.5) hi = Math.max(hi, threshold);
  const pad = (hi - lo) * 0.1 || Math.max(1, Math.abs(hi) * 0.05);
  lo -= pad;
  hi += pad;
  const y = v => TOP + plotH - plotH * (v - lo) / (hi - lo);
  timeAxis(chart, scale, TOP, H - bottom);
  valueAxis(chart, y, lo, hi, format);
  if (threshold !== null && threshold !== undefined && threshold <= hi) {
    chart.append(svg('line', {x1: LEFT, x2: W - RIGHT, y1: y(threshold), y2: y(threshold), stroke: '#ef8c00',
      'stroke-dasharray': '6 4', class: 'threshold'}, svg('title', {}, 'threshold ' + format(threshold))));
  }
  series(chart, points.map((p, i) => [times[i], p[1]]), scale.x, y, '#1f5fbf',
    i => dateTime(times[i]) + ': ' + format(values[i]));
  return chart;
}
