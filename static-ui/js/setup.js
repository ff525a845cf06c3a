// The Setup tab: the SSH key and its install command, each Spark's configuration status, connectivity history,
// health events reported by apps, the admin password and the audit log of control actions.
import { api, toast } from './api.js';
import { on, state } from './store.js';
import { h, fill, field, setFieldError, pill, section, empty, copyButton, busy, sparkName, subjectName, ago, clock, pct, confirmDialog } from './ui.js';

let els;
let reports = [];
let connectivity = null;
let panelEl;

export function init(panel) {
  panelEl = panel;
  els = {
    key: h('div', { class: 'stack' }, empty('Loading…')),
    sparks: h('div'),
    security: h('div', { class: 'stack' }),
    uptime: h('div'),
    transitions: h('div'),
    events: h('div'),
    audit: h('div', null, empty('Loading…')),
  };
  panel.append(
    section('Connect Spark Control to your Sparks',
      h('p', { class: 'lead' }, 'Spark Control reaches each Spark over SSH with its own key. Run the install command once from a machine that can already log in to the Sparks; it asks for each Spark\'s password once.'),
      els.key),
    section('Sparks', els.sparks),
    h('div', { class: 'grid two' },
      section('Connectivity', els.uptime, els.transitions),
      section('Health events', h('p', { class: 'lead' }, 'Failures that apps reported between polls (POST /api/health-event).'), els.events)),
    section('Admin access', els.security),
    section('Audit log', h('p', { class: 'lead' }, 'Who changed what, and how it ended. Newest first.'), els.audit));

  on('status', () => renderSparks());
  on('auth', () => { renderSecurity(); loadAudit(); });
  on('health-event', (r) => {
    reports.unshift(r);
    reports = reports.slice(0, 50);
    renderEvents();
  });
  on('refresh', load);
  on('tab', (tab) => { if (tab === 'setup') { loadConnectivity(); loadAudit(); } });
  load();
  setInterval(() => { if (!panelEl.hidden && !document.hidden) loadAudit(); }, 20000);
}

function load() {
  loadKey();
  loadConnectivity();
  loadAudit();
  renderSparks();
  renderSecurity();
}

// ---- SSH key ----------------------------------------------------------------------------------------------

async function loadKey() {
  let body;
  try {
    body = await api('/api/ssh/public-key', { quiet: true });
  } catch (e) {
    fill(els.key, h('p', { class: 'problem' }, `The public key could not be read: ${e.message}`));
    return;
  }
  fill(els.key,
    h('div', { class: 'copy-block' },
      h('div', { class: 'copy-head' }, h('h3', { id: 'pubkey-label' }, 'Public key'), copyButton(() => body.publicKey, 'Copy key')),
      h('pre', { class: 'mono code', 'aria-labelledby': 'pubkey-label', tabindex: '0' }, body.publicKey || '(no key yet)')),
    body.installCommand
      ? h('div', { class: 'copy-block' },
        h('div', { class: 'copy-head' }, h('h3', { id: 'install-label' }, 'Install command'), copyButton(() => body.installCommand, 'Copy command')),
        h('pre', { class: 'mono code', 'aria-labelledby': 'install-label', tabindex: '0' }, body.installCommand))
      : h('p', { class: 'hint-box' }, body.hint || 'Configure the Sparks\' hosts and users first (StartOS: Actions → Configure Sparks); the install command appears here then.'));
}

// ---- Sparks configuration ---------------------------------------------------------------------------------

function yesNo(value, yes = 'yes', no = 'no', unknown = 'unknown', noKind = 'bad') {
  return value === true ? pill(yes, 'ok') : value === false ? pill(no, noKind) : pill(unknown, 'muted');
}

function renderSparks() {
  const sparks = state.status.sparks;
  if (!sparks || typeof sparks !== 'object' || sparks.error) {
    fill(els.sparks, empty('Spark status is not available yet.'));
    return;
  }
  fill(els.sparks, h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
    h('thead', null, h('tr', null, ['Spark', 'Host', 'Configured', 'Reachable', 'Key accepted', 'Repo dir', 'Detail'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, Object.entries(sparks).map(([id, s]) => sparkRow(id, s || {}))))));
}

function sparkRow(id, s) {
  const configured = s.configured !== false && s.state !== 'not configured';
  const reachable = !configured ? null : s.state === 'up' ? true : s.state === 'down' ? false : null;
  const code = s.reasonCode;
  const keyAccepted = !configured ? null : code === 'AUTHENTICATION_REFUSED' ? false : code === 'HOST_KEY_CHANGED' ? false : reachable ? true : null;
  // only Sparks that run vLLM carry repoDir: {path, found}, found null until a poll has told
  const repoDir = s.repoDir && typeof s.repoDir === 'object' ? s.repoDir : null;
  const forget = code === 'HOST_KEY_CHANGED' ? h('button', { class: 'btn small danger', type: 'button' }, 'Trust the new host key') : null;
  if (forget) {
    forget.addEventListener('click', async () => {
      const ok = await confirmDialog(`Trust ${sparkName(id)}'s new host key?`,
        'Only do this if you reinstalled or replaced that Spark. A changed key can also mean someone is impersonating it.', 'Trust new key', true);
      if (ok) await busy(forget, async () => {
        await api(`/api/ssh/known-hosts/${encodeURIComponent(id)}`, { method: 'DELETE' });
        toast(`${sparkName(id)}'s host key will be pinned again on the next connection`, 'ok');
      }).catch(() => {});
    });
  }
  return h('tr', { dataset: { spark: id } },
    h('th', { scope: 'row' }, sparkName(id)),
    h('td', { class: 'mono' }, s.host || '—'),
    h('td', null, yesNo(configured, 'yes', 'no', 'unknown', 'warn')),
    h('td', null, yesNo(reachable)),
    h('td', null, code === 'HOST_KEY_CHANGED' ? pill('host key changed', 'bad') : yesNo(keyAccepted)),
    h('td', { title: repoDir && repoDir.path ? `launch-cluster.sh in ${repoDir.path}` : null, dataset: { column: 'repo-dir' } },
      repoDir ? yesNo(repoDir.found, 'found', 'missing') : h('span', { class: 'muted' }, 'n/a')),
    h('td', { class: 'detail' }, !configured ? (s.reason || 'host or user not set') : s.state === 'down' ? s.reason || '' : s.since ? `up since ${ago(s.since)}` : '', forget));
}

// ---- connectivity and health events -----------------------------------------------------------------------

async function loadConnectivity() {
  try {
    connectivity = await api('/api/connectivity', { quiet: true });
  } catch (e) {
    // older servers: the status snapshot carries the latest transitions and reports
    const part = state.status.connectivity;
    connectivity = part && !part.error ? { uptime: {}, transitions: [...(part.transitions || [])].reverse(), reports: part.reports || [] } : null;
  }
  if (connectivity) reports = [...(connectivity.reports || [])].reverse().slice(0, 50);
  renderConnectivity();
  renderEvents();
}

function renderConnectivity() {
  if (!connectivity) {
    fill(els.uptime, empty('No connectivity history yet.'));
    fill(els.transitions);
    return;
  }
  const uptime = Object.entries(connectivity.uptime || {});
  fill(els.uptime, uptime.length ? h('table', { class: 'table compact' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Subject'), h('th', { scope: 'col' }, '24 h'), h('th', { scope: 'col' }, '7 days'))),
    h('tbody', null, uptime.map(([subject, u]) => h('tr', null, h('th', { scope: 'row' }, subjectName(subject)),
      h('td', { class: 'num' }, pct(u.last24hPercent, 1)), h('td', { class: 'num' }, pct(u.last7dPercent, 1)))))) : null);
  const transitions = [...(connectivity.transitions || [])].reverse().slice(0, 30);
  fill(els.transitions, transitions.length
    ? h('ol', { class: 'timeline' }, transitions.map((t) => h('li', { class: t.state === 'up' || t.state === 'UP' ? 'ok' : 'bad' },
      h('time', { datetime: t.at, title: clock(t.at) }, ago(t.at)),
      h('span', null, ` ${subjectName(t.subject)} `), pill(String(t.state).toLowerCase(), /up/i.test(t.state) ? 'ok' : 'bad'),
      t.cause ? h('span', { class: 'muted' }, ` ${t.cause}`) : null)))
    : empty('Nothing has gone up or down yet.'));
}

function renderEvents() {
  fill(els.events, reports.length
    ? h('ol', { class: 'timeline' }, reports.map((r) => h('li', { class: 'bad' },
      h('time', { datetime: r.at, title: clock(r.at) }, ago(r.at)),
      h('strong', null, ` ${r.service}`), h('span', { class: 'muted' }, ` from ${r.source}`),
      r.detail ? h('div', { class: 'small' }, r.detail) : null)))
    : empty('No events reported.'));
}

// ---- admin access -----------------------------------------------------------------------------------------

function renderSecurity() {
  const s = state.session;
  if (!s) {
    fill(els.security, empty(state.authUnknown ? 'This server does not report its admin settings.' : 'Loading…'));
    return;
  }
  const status = s.passwordSet
    ? h('p', null, pill('Admin password set', 'ok'), s.authenticated ? ` Signed in${s.user ? ' as ' + s.user : ''}.` : ' You are not signed in: the dashboard is read-only.')
    : h('p', null, pill('No admin password', 'bad'), ' Anyone on your network can control the cluster. Set a password below or in the banner above.');
  const canSet = !s.passwordSet || s.authenticated;
  fill(els.security, status, canSet ? passwordForm(s.passwordSet ? 'Change the admin password' : 'Set an admin password') : h('p', null, h('a', { class: 'btn small', href: 'login.html' }, 'Sign in')));
}

function passwordForm(title) {
  const pw = h('input', { type: 'password', autocomplete: 'new-password', minlength: '8' });
  const again = h('input', { type: 'password', autocomplete: 'new-password' });
  const submit = h('button', { class: 'btn primary', type: 'submit' }, title.startsWith('Change') ? 'Change password' : 'Set password');
  const user = h('input', { type: 'text', autocomplete: 'username', value: 'admin', hidden: true, 'aria-hidden': 'true', tabindex: '-1' });
  const form = h('form', { class: 'form-row', novalidate: true },
    user, field('New password', pw, 'At least 8 characters.'), field('Repeat it', again), h('div', { class: 'field field-button' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (await setPassword(pw, again, submit)) {
      pw.value = '';
      again.value = '';
    }
  });
  return form;
}

/** Shared by the banner and the Setup form: validates, POSTs /api/auth/password, refreshes the session. */
export async function setPassword(pw, again, button, errorSlot) {
  const show = (control, msg) => {
    if (errorSlot) errorSlot.textContent = msg || '';
    else setFieldError(control, msg);
  };
  show(pw, '');
  show(again, '');
  if (pw.value.length < 8) {
    show(pw, 'Use at least 8 characters.');
    pw.focus();
    return false;
  }
  if (pw.value !== again.value) {
    show(again, 'The two passwords differ.');
    again.focus();
    return false;
  }
  return busy(button, async () => {
    try {
      await api('/api/auth/password', { method: 'POST', body: { password: pw.value }, quiet: true });
    } catch (e) {
      show(pw, e.detail || e.error);
      return false;
    }
    toast('Admin password set', 'ok', { detail: 'Control actions now need a signed-in admin.' });
    document.dispatchEvent(new CustomEvent('sc:session-changed'));
    return true;
  });
}

// ---- audit ------------------------------------------------------------------------------------------------

async function loadAudit() {
  const s = state.session;
  if (!state.sessionKnown) return; // asked again once the session is known ('auth')
  if (s && s.passwordSet && !s.authenticated) {
    // the audit log is for the admin: asking without a session only earns a 401
    fill(els.audit, empty('Sign in to see the audit log.'));
    return;
  }
  let body;
  try {
    body = await api('/api/audit?limit=50', { quiet: true });
  } catch (e) {
    fill(els.audit, empty(e.status === 404 ? 'This server keeps no audit log yet.' : e.status === 401 || e.status === 403 ? 'Sign in to see the audit log.' : `The audit log could not be read: ${e.message}`));
    return;
  }
  const entries = Array.isArray(body) ? body : (body && (body.entries || body.items)) || [];
  const sorted = [...entries].sort((a, b) => String(b.at).localeCompare(String(a.at)));
  fill(els.audit, sorted.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'table compact audit' },
    h('thead', null, h('tr', null, ['When', 'Who', 'Action', 'Target', 'Result'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, sorted.map((e) => h('tr', null,
      h('td', null, h('time', { datetime: e.at, title: clock(e.at) }, ago(e.at))),
      h('td', null, e.who || '—'),
      h('td', { class: 'mono' }, e.action || '—'),
      h('td', { class: 'mono' }, e.target || '—'),
      h('td', null, resultPill(e.result))))))) : empty('No control actions recorded yet.'));
}

function resultPill(result) {
  const n = Number(result);
  if (!Number.isNaN(n)) return pill(String(n), n < 300 ? 'ok' : n < 500 ? 'warn' : 'bad');
  return pill(String(result ?? '—'), /ok|succe/i.test(result) ? 'ok' : /fail|error|denied/i.test(result) ? 'bad' : 'muted');
}
