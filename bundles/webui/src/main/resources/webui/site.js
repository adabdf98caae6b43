// Site settings: name, backend, token (write-only) and the intervals.
import {api} from './api.js';
import {h, view} from './dom.js';
import {field, text, number, showFieldErrors} from './fields.js';

export async function renderSettings() {
  const s = (await api('GET', '/api/site')).body;
  const token = h('input', {type: 'password', autocomplete: 'new-password',
    placeholder: s.site_token_set ? 'set (kept if left empty)' : 'not set'});
  const form = h('form', {class: 'device-form', id: 'site-form', novalidate: true},
    h('div', {id: 'form-errors'}),
    h('fieldset', {}, h('legend', {}, 'Site'),
      field('Site name', 'site_name', text(s.site_name)),
      field('Backend URL', 'backend_url', text(s.backend_url, {placeholder: 'empty: standalone'})),
      field('Site token', 'site_token', token, s.site_token_set ? 'a token is set (never shown)' : 'no token set'),
      field('Collect interval (s)', 'collect_interval_s', number(s.collect_interval_s, {min: 1})),
      field('Report interval, all ok (s)', 'report_interval_ok_s', number(s.report_interval_ok_s, {min: 1})),
      field('Report interval, faults (s)', 'report_interval_ko_s', number(s.report_interval_ko_s, {min: 1})),
      field('Config sync interval (s)', 'config_sync_interval_s', number(s.config_sync_interval_s, {min: 1}))),
    h('div', {class: 'form-actions'}, h('button', {type: 'submit', id: 'save-site'}, 'Save')),
    h('div', {id: 'test-result'}));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = {};
    for (const el of form.querySelectorAll('[name]')) {
      body[el.name] = el.type === 'number' ? (el.value === '' ? undefined : Number(el.value)) : el.value.trim();
    }
    const r = await api('PUT', '/api/site', body);
    if (!r.ok) { showFieldErrors(r.body.errors); return; }
    document.getElementById('site-name').textContent = r.body.site_name;
    showFieldErrors([]);
    document.getElementById('test-result').replaceChildren(h('div', {class: 'notice ok'}, 'Saved.'));
    token.value = '';
    token.placeholder = r.body.site_token_set ? 'set (kept if left empty)' : 'not set';
  });
  view(h('h2', {}, 'Site settings'), form);
}
