'use strict';
// The login page: fetches the CSRF token, posts the password, and goes to the dashboard once a session is set.
(async function () {
  const session = await (await fetch('/api/session', {credentials: 'same-origin'})).json();
  if (!session.password_required || session.authenticated) {
    location.replace('/');
    return;
  }
  document.getElementById('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const res = await fetch('/api/login', {
      method: 'POST', credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf_token},
      body: JSON.stringify({password: document.getElementById('password').value})
    });
    if (res.ok) {
      location.replace('/');
    } else {
      const body = await res.json();
      document.getElementById('login-error').textContent = body.errors ? body.errors[0].message : 'refused';
    }
  });
})();
