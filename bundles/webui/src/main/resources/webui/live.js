// The live stream (/api/events) and its badge in the header: results update the devices in place, and bursts (a
// thousand devices report in bursts) are coalesced into one redraw every 300 ms at most.
import {state} from './state.js';

const REDRAW_MS = 300;
const ERRORS_KEPT = 20;

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
    const old = d.state || {checks: 0, failures: 0};
    d.state = {status: ev.result.status, latest: ev.result, checks: old.checks + 1,
      failures: old.failures + (ev.result.status === 'ko' ? 1 : 0),
      status_since: ev.status_changed ? ev.result.checked_at : old.status_since};
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
