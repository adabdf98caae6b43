// The local UI: a small single-page app over the REST API (docs/api.md), one module per view, no build step. Every
// driver-specific word on the pages (types, settings, metric labels and units, discovery) comes from GET /api/drivers.
import {api, setCsrfToken} from './api.js';
import {h, view} from './dom.js';
import {state, loadDevices, loadDrivers} from './state.js';
import {connectLive} from './live.js';
import {renderDashboard} from './dashboard.js';
import {renderDevicePage} from './device.js';
import {renderForm} from './device-form.js';
import {renderSettings} from './site.js';
import {renderHealth} from './health.js';
import {renderDiscover} from './discover.js';
import {renderComingUp} from './coming-up.js';

function currentRoute() {
  const hash = location.hash.replace(/^#/, '').split('?')[0] || '/';
  const parts = hash.split('/').filter(Boolean).map(decodeURIComponent);
  if (!parts.length) return {page: 'dashboard'};
  return {page: parts[0], id: parts[1]};
}

async function route() {
  const r = currentRoute();
  try {
    // drivers come and go while the agent runs
    await loadDrivers();
    document.getElementById('nav-discover').hidden = !state.drivers.some(d => d.discovery);
    if (r.page === 'dashboard') { await loadDevices(); renderDashboard(); }
    else if (r.page === 'device') await renderDevicePage(r.id, true);
    else if (r.page === 'add') { await loadDevices(); await renderForm(null); }
    else if (r.page === 'edit') { await loadDevices(); await renderForm(r.id); }
    else if (r.page === 'settings') await renderSettings();
    else if (r.page === 'health') await renderHealth();
    else if (r.page === 'discover') await renderDiscover();
    else if (r.page === 'coming-up') await renderComingUp();
    else view(h('p', {}, 'No such page.'));
  } catch (e) {
    view(h('div', {class: 'notice error'}, 'The agent did not answer: ' + e.message));
  }
}

function redraw(changedIds) {
  const r = currentRoute();
  if (r.page === 'dashboard') renderDashboard();
  else if (r.page === 'device' && changedIds.has(r.id)) renderDevicePage(r.id, false);
}

function configChanged() {
  if (currentRoute().page === 'dashboard') loadDevices().then(renderDashboard);
}

async function start() {
  const session = (await api('GET', '/api/session')).body;
  if (session.password_required && !session.authenticated) { location.replace('/login.html'); return; }
  setCsrfToken(session.csrf_token);
  const logout = document.getElementById('logout');
  logout.hidden = !session.password_required;
  logout.addEventListener('click', async () => { await api('POST', '/api/logout'); location.replace('/login.html'); });
  const site = await api('GET', '/api/site');
  document.getElementById('site-name').textContent = site.body.site_name;
  window.addEventListener('hashchange', route);
  await route();
  connectLive(redraw, configChanged);
}

start();
