// What the pages share: the devices and drivers last read from the API, the dashboard's filter and sort, and the
// errors and checks seen on the live stream.
import {api} from './api.js';

export const state = {devices: [], drivers: [], filter: {status: '', type: '', text: ''},
  sort: {key: 'status', desc: true}, liveErrors: {}, liveChecks: {}};

export async function loadDevices() {
  const r = await api('GET', '/api/devices');
  state.devices = r.body.devices;
}

/** Drivers come and go while the agent runs: read again on every page change. */
export async function loadDrivers() {
  const r = await api('GET', '/api/drivers');
  state.drivers = r.ok ? r.body.drivers : [];
}

/** The installed driver of a type, or null. */
export function driverOf(type) {
  return state.drivers.find(d => d.type === type) || null;
}

/** The description of a type's driver, or null (no driver, or one that does not describe itself). */
export function descriptionOf(type) {
  const driver = driverOf(type);
  return driver ? driver.description : null;
}

/** "PJLink projector (pjlink)"; the type alone for a driver that gives no other name. */
export function driverLabel(driver) {
  return driver.name === driver.type ? driver.type : driver.name + ' (' + driver.type + ')';
}

/** The device's confirmed state (what it is shown as); the observed status of the last check while none is sent. */
export function statusOf(d) {
  return d.state ? d.state.confirmed || d.state.status : 'unknown';
}

export function latestOf(d) {
  return d.state && d.state.latest ? d.state.latest : null;
}
