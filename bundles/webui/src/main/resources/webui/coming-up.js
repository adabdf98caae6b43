// "Coming up": the wear thresholds devices will reach, across every device, soonest first (GET /api/forecasts).
import {api} from './api.js';
import {h, view} from './dom.js';
import {state, loadDevices} from './state.js';
import {day, forecastText} from './format.js';

export async function renderComingUp() {
  const r = await api('GET', '/api/forecasts');
  await loadDevices();
  const forecasts = r.ok && r.body ? (r.body.forecasts || []).slice() : [];
  forecasts.sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
  const typeOf = id => (state.devices.find(d => d.id === id) || {}).type;
  view(h('h2', {}, 'Coming up'),
    h('p', {class: 'muted'}, 'When each device is expected to reach its wear thresholds (lamp, filter …), from its '
      + 'usage over the last weeks.'),
    !r.ok ? h('div', {class: 'notice error'}, 'This agent computes no forecasts (it answered ' + r.status + ').')
      : h('table', {id: 'coming-up'},
        h('thead', {}, h('tr', {}, h('th', {}, 'Around'), h('th', {}, 'Device'), h('th', {}, 'Forecast'))),
        h('tbody', {}, forecasts.length ? forecasts.map(f => h('tr', {'data-id': f.device_id, 'data-metric': f.metric},
          h('td', {class: 'when'}, day(f.date)),
          h('td', {}, h('a', {href: '#/device/' + encodeURIComponent(f.device_id)}, f.device_name || f.device_id)),
          h('td', {}, forecastText(typeOf(f.device_id), f))))
          : h('tr', {}, h('td', {colspan: 3, class: 'muted'}, 'Nothing forecast yet: forecasts need a few days of '
            + 'lamp or filter hours and a threshold (lamp_hours_warning, filter_hours_warning) on the device.')))));
}
