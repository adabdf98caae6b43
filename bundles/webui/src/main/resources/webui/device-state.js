// What qualifies a device's confirmed state, shared by the dashboard and the device page: a failed check not yet
// confirmed, a maintenance window (reason, end), the expected power from the opening hours.
import {h} from './dom.js';
import {dateTime} from './format.js';

/** "1 failed check, not yet confirmed" when the last check observed something else than the confirmed state. */
export function unconfirmedNote(d) {
  const s = d.state;
  if (!s || !s.confirmed || s.confirmed === s.status) return null;
  const n = s.unconfirmed_failures || 0;
  const text = n ? n + ' failed check' + (n === 1 ? '' : 's') + ', not yet confirmed'
    : 'last check ' + s.status + ', not yet confirmed';
  return h('div', {class: 'unconfirmed', title: 'the last check observed ' + s.status}, text);
}

/** The maintenance badge with its reason and end; nothing outside a window. */
export function maintenanceNote(d) {
  const m = d.state && d.state.maintenance;
  if (!m) return null;
  const end = m.until ? ' until ' + dateTime(m.until) : '';
  return h('div', {class: 'maintenance-note'}, h('span', {class: 'badge maintenance'}, 'maintenance'),
    ' ', (m.reason || 'no reason given') + end);
}

/** "expected off (outside opening hours)"; nothing for a device without a schedule. */
export function expectedNote(d) {
  const e = d.state && d.state.expected;
  if (!e) return null;
  return h('div', {class: 'muted expected'}, e === 'off' ? 'expected off (outside opening hours)'
    : 'expected on (opening hours)');
}

/** The three together, under a status badge. */
export function stateNotes(d) {
  return [unconfirmedNote(d), maintenanceNote(d), expectedNote(d)];
}
