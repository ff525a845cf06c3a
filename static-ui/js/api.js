// The one way the dashboard calls the server: JSON in and out, the CSRF header on every state-changing call,
// and failures shown as toasts with the server's own {"error","detail"} words.
import { h } from './ui.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A failed call: status, the short error and the detail the server gave. */
export class ApiError extends Error {
  constructor(status, error, detail, body) {
    super(detail ? `${error}: ${detail}` : error);
    this.status = status;
    this.error = error;
    this.detail = detail;
    this.body = body;
  }
}

let csrfFallback = null;

/** The token Spring Security's CookieCsrfTokenRepository puts in the XSRF-TOKEN cookie (readable on purpose). */
export function csrfToken() {
  const match = document.cookie.split(';').map((c) => c.trim()).find((c) => c.startsWith('XSRF-TOKEN='));
  return match ? decodeURIComponent(match.slice('XSRF-TOKEN='.length)) : csrfFallback;
}

/** The session endpoint also hands out the token; kept for when the cookie is not (yet) set. */
export function rememberCsrf(token) {
  if (token) csrfFallback = token;
}

/**
 * api('/api/models') → parsed JSON. Options: method, body (object → JSON, FormData as is), as ('json' | 'blob' |
 * 'text' | 'response'), quiet (no toast on failure), headers.
 */
export async function api(path, options = {}) {
  const method = (options.method || (options.body ? 'POST' : 'GET')).toUpperCase();
  const response = await send(path, method, options, true);
  if (!response.ok) {
    const failure = await readError(response);
    if (!options.quiet) reportFailure(failure, method, path);
    throw failure;
  }
  const as = options.as || 'json';
  if (as === 'response') return response;
  if (as === 'blob') return response.blob();
  if (as === 'text') return response.text();
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

async function send(path, method, options, mayRetry) {
  const headers = new Headers(options.headers || {});
  headers.set('Accept', options.as === 'blob' ? '*/*' : 'application/json');
  let body = options.body;
  if (body != null && !(body instanceof FormData) && !(body instanceof Blob) && typeof body !== 'string') {
    body = JSON.stringify(body);
    headers.set('Content-Type', 'application/json');
  }
  if (UNSAFE.has(method)) {
    const token = csrfToken();
    if (token) headers.set('X-XSRF-TOKEN', token);
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
  } catch (e) {
    const failure = new ApiError(0, 'Spark Control did not answer', 'check that it is running and the network is up');
    if (!options.quiet) reportFailure(failure, method, path);
    throw failure;
  }
  // a CSRF refusal right after the session changed: fetch a fresh token once and try again
  if (response.status === 403 && UNSAFE.has(method) && mayRetry) {
    await refreshCsrf();
    return send(path, method, options, false);
  }
  return response;
}

async function refreshCsrf() {
  try {
    const r = await fetch('/api/auth/session', { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } });
    if (r.ok) rememberCsrf((await r.json()).csrfToken);
  } catch (e) { /* the retry will fail and say why */ }
}

async function readError(response) {
  let body = null;
  let error = `HTTP ${response.status}`;
  let detail = response.statusText || null;
  try {
    body = await response.json();
    if (body && typeof body.error === 'string') {
      error = body.error;
      detail = body.detail ?? null;
    } else if (body && body.error && typeof body.error === 'object') {
      // the OpenAI envelope of /v1
      error = body.error.message || error;
      detail = body.error.code || body.error.type || null;
    }
  } catch (e) { /* not JSON: keep the status line */ }
  const retryAfter = response.headers.get('Retry-After');
  if (retryAfter && response.status === 503) detail = `${detail || 'busy'} (try again in ${retryAfter} s)`;
  return new ApiError(response.status, error, detail, body);
}

function reportFailure(failure, method, path) {
  if (failure.status === 401) {
    document.dispatchEvent(new CustomEvent('sc:auth-required'));
    needSignIn('Sign in to do that', 'An admin password is set: this action needs a signed-in admin.');
    return;
  }
  const what = `${method} ${path.replace(/\?.*/, '')}`;
  toast(failure.error, 'bad', { detail: failure.detail ? `${failure.detail} — ${what}` : what });
}

/** Says an action needs a signed-in admin, with a button that opens the sign-in dialog. */
export function needSignIn(message, detail) {
  toast(message, 'warn', { detail, link: ['Sign in', () => document.dispatchEvent(new CustomEvent('sc:sign-in'))] });
}

/** A short notice in the corner: kind ok | bad | warn | info. Errors stay until dismissed. */
export function toast(message, kind = 'info', { detail, link, timeout } = {}) {
  const box = document.getElementById('toasts');
  if (!box) return;
  const close = h('button', { class: 'toast-close', type: 'button', 'aria-label': 'Dismiss' }, '×');
  const el = h('div', { class: `toast ${kind}`, role: kind === 'bad' ? 'alert' : null },
    h('div', { class: 'toast-body' },
      h('strong', null, message),
      detail ? h('div', { class: 'toast-detail' }, detail) : null,
      link ? (typeof link[1] === 'function'
        ? h('button', { class: 'btn small toast-action', type: 'button', onclick: () => { el.remove(); link[1](); } }, link[0])
        : h('a', { href: link[1] }, link[0])) : null),
    close);
  close.addEventListener('click', () => el.remove());
  box.append(el);
  while (box.children.length > 5) box.firstElementChild.remove();
  const ms = timeout ?? (kind === 'bad' ? 12000 : 5000);
  if (ms > 0) setTimeout(() => el.remove(), ms);
}
