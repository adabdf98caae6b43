// Agent health: version, drivers, collector, backend link, config sync, bundles.
import {api} from './api.js';
import {h, view} from './dom.js';
import {state} from './state.js';
import {ago, ms} from './format.js';

function kv(pairs) {
  return h('dl', {class: 'kv'}, pairs.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v === null || v === undefined ? '—' : String(v))]));
}

export async function renderHealth() {
  const hl = (await api('GET', '/api/health')).body;
  const c = hl.collector;
  const link = hl.backend_link;
  const sync = hl.config_sync;
  view(h('h2', {}, 'Agent health'),
    h('div', {class: 'grid'},
      h('div', {class: 'panel'}, h('h3', {}, 'Agent'), kv([['version', hl.version], ['config file', hl.config_file],
        ['discovery', hl.discovery.join(', ') || 'none']])),
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
    h('div', {class: 'panel'}, h('h3', {}, 'Drivers'), h('table', {id: 'drivers'},
      h('thead', {}, h('tr', {}, h('th', {}, 'type'), h('th', {}, 'name'), h('th', {}, 'bundle'), h('th', {}, 'version'),
        h('th', {}, 'describes itself'))),
      h('tbody', {}, state.drivers.length ? state.drivers.map(d => h('tr', {}, h('td', {}, d.type), h('td', {}, d.name),
        h('td', {}, d.bundle), h('td', {}, d.version), h('td', {}, d.description ? 'yes' : 'no (raw settings)')))
        : h('tr', {}, h('td', {colspan: 5, class: 'muted'}, 'No driver installed.'))))),
    h('div', {class: 'panel'}, h('h3', {}, 'Bundles'), h('table', {id: 'bundles'},
      h('thead', {}, h('tr', {}, h('th', {}, 'id'), h('th', {}, 'name'), h('th', {}, 'version'), h('th', {}, 'state'))),
      h('tbody', {}, hl.bundles.map(b => h('tr', {}, h('td', {}, b.id), h('td', {}, b.symbolic_name), h('td', {}, b.version),
        h('td', {}, b.state)))))));
}
