// The sign-in page: fetch a CSRF token (GET /api/auth/session), POST the password to /api/auth/login with it,
// then go back where the user came from (?next=, same-origin paths only). Owned by the security module.

const form = document.getElementById('login-form');
const password = document.getElementById('login-password');
const submit = document.getElementById('login-submit');
const error = document.getElementById('login-error');
const lead = document.getElementById('login-lead');

/** Only a path on this server: never "//evil.example" or "https://…" (no open redirect). */
function nextPage() {
  const next = new URLSearchParams(location.search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : './';
}

function cookie(name) {
  const match = document.cookie.split(';').map((c) => c.trim()).find((c) => c.startsWith(`${name}=`));
  return match ? decodeURIComponent(match.slice(name.length + 1)) : null;
}

async function session() {
  const r = await fetch('/api/auth/session', { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } });
  if (!r.ok) throw new Error(`the server answered ${r.status}`);
  return r.json();
}

function show(message) {
  error.textContent = message || '';
}

async function signIn(event) {
  event.preventDefault();
  show('');
  if (!password.value) {
    show('Enter the admin password.');
    password.focus();
    return;
  }
  submit.disabled = true;
  try {
    const token = cookie('XSRF-TOKEN') || (await session()).csrfToken;
    const r = await fetch('/api/auth/login', {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-XSRF-TOKEN': token || '' },
      body: JSON.stringify({ password: password.value }),
    });
    if (r.ok) {
      location.replace(nextPage());
      return;
    }
    const body = await r.json().catch(() => ({}));
    if (r.status === 429) {
      show(`Too many failed attempts: try again in ${r.headers.get('Retry-After') || 'a few'} s.`);
    } else if (r.status === 401) {
      show('That is not the admin password.');
      password.select();
    } else if (r.status === 403) {
      await session(); // a fresh CSRF cookie for the next try
      show('The page was out of date: try again.');
    } else {
      show(body.detail || body.error || `Sign-in failed (${r.status}).`);
    }
  } catch (e) {
    show(`Spark Control did not answer: ${e.message}`);
  } finally {
    submit.disabled = false;
  }
}

async function start() {
  form.addEventListener('submit', signIn);
  try {
    const s = await session();
    if (!s.passwordSet) {
      lead.textContent = 'No admin password is set yet, so there is nothing to sign in to. Set one on the dashboard.';
      submit.disabled = true;
    } else if (s.authenticated) {
      location.replace(nextPage());
    }
  } catch (e) {
    show(`Spark Control did not answer: ${e.message}`);
  }
}

start();
