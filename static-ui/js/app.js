// The dashboard's entry: theme, tabs, the status bar, sign-in state and the live event stream. Each tab is
// its own module; they share state through store.js and redraw on the topics it publishes.
import { api, rememberCsrf, toast } from './api.js';
import { connectEvents, TYPES } from './events.js';
import { state, on, emit, mergeStatus, setStatus } from './store.js';
import { h, fill, field, sparkName, duration, modal, busy } from './ui.js';
import * as llm from './llm.js';
import * as audio from './audio.js';
import * as hardware from './hardware.js';
import * as setup from './setup.js';

const TABS = ['llm', 'audio', 'hardware', 'setup'];
const IN_FLIGHT = new Set(['STOPPING', 'LAUNCHING', 'LOADING']);

// ---- theme ----------------------------------------------------------------------------------------------

function initTheme() {
  const button = document.getElementById('theme-toggle');
  const modes = ['auto', 'light', 'dark'];
  const label = { auto: 'Theme: automatic (follows the system)', light: 'Theme: light', dark: 'Theme: dark' };
  const current = () => document.documentElement.dataset.themeMode || 'auto';
  const show = () => {
    button.setAttribute('aria-label', `${label[current()]}. Click to change.`);
    button.title = label[current()];
    button.dataset.mode = current();
  };
  button.addEventListener('click', () => {
    const next = modes[(modes.indexOf(current()) + 1) % modes.length];
    try {
      if (next === 'auto') localStorage.removeItem('sc-theme');
      else localStorage.setItem('sc-theme', next);
    } catch (e) { /* storage blocked: the choice lasts for this page */ }
    // theme-init.js owns how a mode becomes html[data-theme]
    window.dispatchEvent(new Event('sc-theme'));
    if (current() !== next) {
      document.documentElement.dataset.themeMode = next;
      document.documentElement.dataset.theme = next === 'auto' ? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light') : next;
    }
    show();
  });
  show();
}

// ---- tabs: a WAI-ARIA tablist with arrow keys, Home/End, and the tab in the URL hash ----------------------

function initTabs() {
  const tabs = TABS.map((t) => document.getElementById(`tab-${t}`));
  const select = (name, focus) => {
    if (!TABS.includes(name)) name = 'llm';
    for (const tab of tabs) {
      const on = tab.dataset.tab === name;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      document.getElementById(tab.getAttribute('aria-controls')).hidden = !on;
      if (on && focus) tab.focus();
    }
    if (location.hash.slice(1) !== name) history.replaceState(null, '', `#${name}`);
    emit('tab', name);
  };
  for (const tab of tabs) {
    tab.addEventListener('click', () => select(tab.dataset.tab));
    tab.addEventListener('keydown', (e) => {
      const i = tabs.indexOf(tab);
      let next = null;
      if (e.key === 'ArrowRight') next = tabs[(i + 1) % tabs.length];
      else if (e.key === 'ArrowLeft') next = tabs[(i - 1 + tabs.length) % tabs.length];
      else if (e.key === 'Home') next = tabs[0];
      else if (e.key === 'End') next = tabs[tabs.length - 1];
      if (next) {
        e.preventDefault();
        select(next.dataset.tab, true);
      }
    });
  }
  window.addEventListener('hashchange', () => select(location.hash.slice(1)));
  return () => select(location.hash.slice(1) || 'llm');
}

// ---- status bar -------------------------------------------------------------------------------------------

function renderStatusBar() {
  const s = state.status;
  const llm = s.llm;
  const item = document.getElementById('sb-llm');
  const name = document.getElementById('sb-llm-name');
  if (!llm || llm.error) {
    name.textContent = llm && llm.error ? 'status unavailable' : '…';
    item.dataset.state = 'unknown';
  } else {
    const active = llm.activeModelName || llm.servedModel;
    name.textContent = active || 'no model loaded';
    item.dataset.state = active ? 'up' : 'none';
  }
  const swap = llm && llm.swap;
  const swapEl = document.getElementById('sb-swap');
  if (swap && IN_FLIGHT.has(swap.state)) {
    swapEl.hidden = false;
    swapEl.dataset.state = 'busy';
    document.getElementById('sb-swap-text').textContent =
      `${swap.state.toLowerCase()} ${swap.modelName || swap.model || ''}${swap.percent != null ? ` · ${Math.round(swap.percent)} %` : ''}${swap.etaSeconds != null ? ` · ~${duration(swap.etaSeconds)}` : ''}`;
    document.getElementById('sb-swap-bar').style.width = `${Math.max(2, Math.min(100, swap.percent || 0))}%`;
  } else if (swap && swap.state === 'FAILED') {
    swapEl.hidden = false;
    swapEl.dataset.state = 'failed';
    document.getElementById('sb-swap-text').textContent = `swap to ${swap.modelName || swap.model} failed`;
    document.getElementById('sb-swap-bar').style.width = '100%';
  } else {
    swapEl.hidden = true;
  }

  const sparksEl = document.getElementById('sb-sparks');
  const sparks = s.sparks && !s.sparks.error ? Object.entries(s.sparks) : [];
  fill(sparksEl, sparks.map(([id, sp]) => {
    const st = (sp && sp.state) || 'unknown';
    const text = st === 'up' ? 'up' : st === 'down' ? 'down' : st === 'not configured' ? 'not set up' : '…';
    return h('a', {
      class: 'sb-item sb-spark', href: '#hardware', dataset: { state: st === 'up' ? 'up' : st === 'down' ? 'down' : 'unknown', spark: id },
      title: st === 'down' && sp.reason ? `${sparkName(id)} is unreachable: ${sp.reason}` : `${sparkName(id)}: ${st}`,
    }, h('span', { class: 'dot', 'aria-hidden': 'true' }), h('span', { class: 'sb-label' }, sparkName(id)), h('span', { class: 'sb-value' }, text));
  }));

  // the Open WebUI deep link (spark-control.open-webui.url), when the server reports one
  const url = (s.links && s.links.openWebui) || (s.openWebui && s.openWebui.url) || null;
  const link = document.getElementById('sb-webui');
  if (url && /^https?:\/\//i.test(url)) {
    link.href = url;
    link.hidden = false;
  } else {
    link.hidden = true;
  }
}

async function loadStatus() {
  try {
    setStatus(await api('/api/status', { quiet: true }));
  } catch (e) {
    if (e.status === 401) {
      // read-only views are closed on this server: nothing to show until the admin signs in
      openSignIn(true);
      return;
    }
    if (!Object.keys(state.status).length) toast('The status snapshot could not be read', 'bad', { detail: e.message });
  }
}

// ---- sign-in state ----------------------------------------------------------------------------------------

async function loadSession() {
  try {
    const session = await api('/api/auth/session', { quiet: true });
    state.session = session;
    state.authUnknown = false;
    rememberCsrf(session && session.csrfToken);
  } catch (e) {
    // no security module on this server (yet): everything is open, and there is no password to warn about
    state.session = null;
    state.authUnknown = e.status === 404 || e.status === 0 || e.status === 405;
  }
  state.sessionKnown = true;
  renderAuth();
  emit('auth', state.session);
}

function renderAuth() {
  const s = state.session;
  const signedOut = !!(s && s.passwordSet && !s.authenticated);
  document.getElementById('pw-banner').hidden = !(s && s.passwordSet === false);
  document.getElementById('login-banner').hidden = !signedOut;
  document.getElementById('auth-signin').hidden = !signedOut;
  document.getElementById('auth-signout').hidden = !(s && s.passwordSet && s.authenticated);
  document.body.classList.toggle('read-only', signedOut);
}

let signInOpen = false;

/** The sign-in dialog (POST /api/auth/login); login.html stays as the page for browsers without scripts. */
function openSignIn(required) {
  if (signInOpen) return;
  signInOpen = true;
  const user = h('input', { type: 'text', autocomplete: 'username', value: 'admin', hidden: true, 'aria-hidden': 'true', tabindex: '-1' });
  const password = h('input', { type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'problem', role: 'alert', hidden: true });
  const submit = h('button', { class: 'btn primary', type: 'submit' }, 'Sign in');
  const form = h('form', { class: 'stack', id: 'signin-form', novalidate: true },
    user, field('Admin password', password), error);
  submit.setAttribute('form', 'signin-form');
  const dlg = modal('Sign in to Spark Control', form, [h('span', { class: 'spacer' }), submit]);
  dlg.classList.add('signin');
  if (required) dlg.addEventListener('cancel', (e) => e.preventDefault());
  dlg.addEventListener('close', () => { signInOpen = false; });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    if (!password.value) {
      password.focus();
      return;
    }
    await busy(submit, async () => {
      try {
        const session = await api('/api/auth/login', { method: 'POST', body: { password: password.value }, quiet: true });
        rememberCsrf(session && session.csrfToken);
      } catch (err) {
        error.textContent = err.status === 401 ? 'That is not the admin password.' : err.detail || err.error;
        error.hidden = false;
        password.select();
        return;
      }
      dlg.close();
      toast('Signed in', 'ok');
      await loadSession();
      loadStatus();
      emit('refresh');
    });
  });
  password.focus();
}

function initAuth() {
  // every "Sign in" link opens the dialog instead of leaving the page
  document.addEventListener('click', (e) => {
    const link = e.target.closest && e.target.closest('a[href="login.html"]');
    if (link) {
      e.preventDefault();
      openSignIn(false);
    }
  });
  document.addEventListener('sc:sign-in', () => openSignIn(false));
  document.getElementById('auth-signout').addEventListener('click', async () => {
    await api('/api/auth/logout', { method: 'POST' }).catch(() => null);
    await loadSession();
    toast('Signed out', 'info');
  });
  const form = document.getElementById('pw-form');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const ok = await setup.setPassword(document.getElementById('pw-new'), document.getElementById('pw-repeat'),
      form.querySelector('button'), document.getElementById('pw-error'));
    if (ok) form.reset();
  });
  document.addEventListener('sc:session-changed', loadSession);
  document.addEventListener('sc:auth-required', loadSession);
}

// ---- start ------------------------------------------------------------------------------------------------

function start() {
  initTheme();
  const showTab = initTabs();
  initAuth();
  on('status', renderStatusBar);
  llm.init(document.getElementById('panel-llm'));
  audio.init(document.getElementById('panel-audio'));
  hardware.init(document.getElementById('panel-hardware'));
  setup.init(document.getElementById('panel-setup'));
  showTab();
  loadSession();
  loadStatus();

  const handlers = {};
  for (const type of TYPES) handlers[type] = (data) => emit(type, data);
  handlers.status = (data) => mergeStatus(data);
  // the server could not replay everything we missed: start from fresh snapshots
  handlers.resync = () => { loadStatus(); emit('refresh'); };
  connectEvents(handlers, (reconnected) => {
    if (reconnected) {
      loadStatus();
      emit('refresh');
    }
  });
  // a safety net for anything no event describes (the snapshot is cheap: no SSH behind it)
  setInterval(() => { if (!document.hidden) loadStatus(); }, 30000);
  document.body.classList.add('ready');
}

start();
