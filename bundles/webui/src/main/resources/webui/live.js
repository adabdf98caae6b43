// The live stream (/api/events) and its badge in the header: results update the devices in place, and bursts (a
// thousand devices report in bursts) are coalesced into one redraw every 300 ms at most.
import {state} from './state.js';

const REDRAW_MS = 300;
const ERRORS_KEPT = 20;
// checks seen live per device: the history chart's newest part, finer than the collector's merged slots
const CHECKS_KEPT = 180;

/**
 * Connects once. {@code redraw(changedIds)} is called after results arrived, {@code configChanged()} when the site
 * configuration changed.
 */
export function connectLive(redraw, configChanged) {
  const badge = document.getElementById('live');
  const source = new EventSource('/api/events');
  let refused = false; // the server's word: no live slot left (it ends the stream; the browser retries later)
  source.onopen = () => { refused = false; badge.textContent = 'live'; badge.classList.add('on'); badge.title = ''; };
  source.onerror = () => {
    badge.classList.remove('on');
    if (!refused) badge.textContent = 'reconnecting';
  };
  source.addEventListener('refused', (e) => {
    refused = true;
    const why = JSON.parse(e.data);
    badge.textContent = 'not live: ' + why.reason;
    badge.title = 'The agent serves ' + why.max_clients + ' live pages at once: close another tab of this UI.';
  });
  const changed = new Set();
  let timer = null;
  source.addEventListener('result', (e) => {
    const ev = JSON.parse(e.data);
    if (ev.result.error) {
      const errors = state.liveErrors[ev.id] = state.liveErrors[ev.id] || [];
      errors.unshift({at: ev.result.checked_at, error: ev.result.error});
      errors.length = Math.min(errors.length, ERRORS_KEPT);
    }
    const d = state.devices.find(x => x.id === ev.id);
    if (!d) return;
    const checks = state.liveChecks[ev.id] = state.liveChecks[ev.id] || [];
    checks.push({at: ev.result.checked_at, status: ev.result.status, latency_ms: ev.result.latency_ms});
    if (checks.length > CHECKS_KEPT) checks.shift();
    d.state = nextState(d.state, ev);
    changed.add(ev.id);
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      redraw(new Set(changed));
      changed.clear();
    }, REDRAW_MS);
  });
  source.addEventListener('config', configChanged);
}

/**
 * A device's state after a live result: the result says its observed status, its confirmed state, whether the device
 * is expected on, and (a flag) whether it is under maintenance; the window itself is kept from the last full read.
 */
function nextState(old, ev) {
  const r = ev.result;
  const prev = old || {checks: 0, failures: 0, unconfirmed_failures: 0};
  const confirmed = r.state || null;
  const pending = confirmed && r.status !== confirmed && r.status !== 'ok';
  return {status: r.status, latest: r, checks: prev.checks + 1,
    failures: prev.failures + (r.status === 'ko' ? 1 : 0),
    status_since: ev.status_changed ? r.checked_at : prev.status_since,
    confirmed, unconfirmed_failures: pending ? (prev.unconfirmed_failures || 0) + 1 : 0,
    expected: r.expected || null,
    maintenance: r.maintenance ? prev.maintenance || {until: null, reason: null} : null,
    forecasts: prev.forecasts || []};
}
