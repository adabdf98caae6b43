// The client of the agent's REST API (docs/api.md): JSON in and out, the CSRF token on every change.

let csrf = null;

export function setCsrfToken(token) {
  csrf = token;
}

/** {status, ok, body}; a 401 outside the login sends the browser to the login page. */
export async function api(method, path, body) {
  const opts = {method, credentials: 'same-origin', headers: {}};
  if (method !== 'GET') opts.headers['X-CSRF-Token'] = csrf;
  if (body !== undefined) {
    opts.headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  const res = await fetch(path, opts);
  if (res.status === 401 && path !== '/api/login') {
    location.replace('/login.html');
    throw new Error('not logged in');
  }
  const text = await res.text();
  return {status: res.status, ok: res.ok, body: text ? JSON.parse(text) : null};
}
