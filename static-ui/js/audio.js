// The Audio / Speech tab: a card per service (health, container, breaker and queue, lifecycle actions with
// their live output) and two try-it panels: Kokoro speaking typed text, and a WAV transcribed with speakers.
import { api, toast, needSignIn } from './api.js';
import { createLog } from './logpanel.js';
import { on, state, canControl } from './store.js';
import { h, fill, field, setFieldError, pill, section, empty, busy, confirmDialog, sparkName, ago, bytes, announce } from './ui.js';

const ACTION_ORDER = ['install', 'start', 'stop', 'restart', 'reapply-patches', 'remove'];
const ACTION_LABEL = { install: 'Install', start: 'Start', stop: 'Stop', restart: 'Restart', 'reapply-patches': 'Reapply patches', remove: 'Remove' };
const NAMES = { parakeet: 'Parakeet', kokoro: 'Kokoro', diarizer: 'Diarizer', embeddings: 'Embeddings' };
const SPEAKER_COLOURS = 8;

let services = [];
let loaded = false;
let grid;
const cards = new Map(); // name → {el, log, details, lastActionId}
let panelEl;
let voicesLoaded = false;
let speakEls;
let transcribeEls;
let lastSpeech = null;

export function init(panel) {
  panelEl = panel;
  grid = h('div', { class: 'grid services', 'aria-busy': 'true' }, empty('Loading services…'));
  panel.append(
    section('Services', h('p', { class: 'lead' }, 'Speech and embedding services on the audio Spark. Actions run over SSH; their output streams into the card.'), grid),
    h('div', { class: 'grid two' }, buildSpeak(), buildTranscribe()));
  on('service-state', onServiceState);
  on('service-log', onServiceLog);
  on('status', () => { if (loaded) renderAll(); });
  on('refresh', load);
  on('tab', (tab) => { if (tab === 'audio') load(); });
  load();
  // container state and health change without an action (a crash, a restart policy): look again now and then
  setInterval(() => { if (!panelEl.hidden && !document.hidden) load(); }, 15000);
}

async function load() {
  try {
    services = await api('/api/services', { quiet: loaded });
    loaded = true;
  } catch (e) {
    if (!loaded) fill(grid, empty(`The services could not be read: ${e.message}`));
    return;
  }
  grid.removeAttribute('aria-busy');
  renderAll();
  // ask Kokoro for its voices once it answers (asking a stopped Kokoro only earns a 503)
  const kokoro = services.find((s) => s.name === 'kokoro');
  if (!voicesLoaded && kokoro && kokoro.health && kokoro.health.ok) loadVoices();
}

function renderAll() {
  if (!services.length) {
    fill(grid, empty('No services are defined.'));
    return;
  }
  const seen = new Set();
  const order = [];
  for (const s of services) {
    seen.add(s.name);
    let c = cards.get(s.name);
    if (!c) {
      c = makeCard(s);
      cards.set(s.name, c);
    }
    c.data = s;
    renderCard(c);
    order.push(c.el);
  }
  for (const name of [...cards.keys()]) if (!seen.has(name)) cards.delete(name);
  // keep nodes (and so open logs and focus) in place; only reorder when needed
  if (order.some((el, i) => grid.children[i] !== el) || grid.children.length !== order.length) fill(grid, order);
}

const displayName = (name) => NAMES[name] || name;

function makeCard(s) {
  const titleId = `svc-${s.name}-title`;
  const c = { data: s, lastActionId: null };
  c.title = h('h3', { id: titleId }, displayName(s.name));
  c.pills = h('div', { class: 'badges' });
  c.desc = h('p', { class: 'notes' });
  c.facts = h('dl', { class: 'facts' });
  c.problem = h('div', { class: 'problem', hidden: true });
  c.actions = h('div', { class: 'card-actions' });
  c.last = h('div', { class: 'last-action' });
  c.log = createLog({ label: `${displayName(s.name)} action output`, max: 800, height: '14rem' });
  c.details = h('details', { class: 'log-details' }, h('summary', null, 'Action output'), c.log.el);
  c.details.addEventListener('toggle', () => { if (c.details.open) loadActionLog(c); });
  c.el = h('article', { class: 'card service', 'aria-labelledby': titleId, dataset: { service: s.name } },
    h('div', { class: 'card-head' }, c.title, h('span', { class: 'spacer' }), c.stateBadge = h('span')),
    c.desc, c.pills, c.facts, c.problem, c.actions, c.last, c.details);
  return c;
}

function breakerOf(name) {
  const audio = state.status.audio;
  if (!audio || typeof audio !== 'object') return null;
  return Object.values(audio).find((part) => part && typeof part === 'object' && part.service === name) || null;
}

function renderCard(c) {
  const s = c.data;
  c.desc.textContent = s.description || (s.builtIn === false ? 'Custom service' : '');
  if (s.valid === false) {
    fill(c.stateBadge, pill('invalid', 'bad'));
    fill(c.pills);
    fill(c.facts, h('dt', null, 'Defined in'), h('dd', { class: 'mono' }, s.source || 'services-overrides.yaml'));
    c.problem.hidden = false;
    fill(c.problem, h('strong', null, 'This entry did not load:'),
      h('ul', null, (s.errors || []).map((e) => h('li', null, e.field ? `${e.field}: ${e.message}` : e.message || String(e)))));
    fill(c.actions);
    c.actionsKey = null;
    c.details.hidden = true;
    return;
  }
  const running = s.lastAction && s.lastAction.result === 'running';
  const st = s.state || 'unknown';
  fill(c.stateBadge, pill(running ? `${s.lastAction.action}…` : st, running ? 'busy' : st === 'running' ? 'ok' : st === 'absent' ? 'muted' : st === 'unknown' ? 'warn' : 'bad',
    s.stateDetail || null));

  const health = s.health || {};
  const healthPill = st === 'absent' ? pill('Not installed', 'muted', health.detail)
    : health.ok === true ? pill('Healthy', 'ok', health.detail || health.url)
      : health.ok === false ? pill('Unhealthy', 'bad', health.detail || null) : pill('Health unknown', 'warn', health.detail);
  const breaker = breakerOf(s.name);
  let breakerPill = null;
  let queuePill = null;
  if (breaker) {
    const open = breaker.breaker && breaker.breaker !== 'CLOSED';
    breakerPill = pill(open ? `Breaker ${breaker.breaker.toLowerCase().replace('_', ' ')}${breaker.retryAfterSeconds ? ` · ${breaker.retryAfterSeconds} s` : ''}` : 'Breaker closed',
      open ? 'bad' : 'ok', breaker.lastFailure ? `Last failure: ${typeof breaker.lastFailure === 'string' ? breaker.lastFailure : JSON.stringify(breaker.lastFailure)}` : 'Calls flow normally');
    queuePill = pill(`Queue ${breaker.queued ?? 0}${breaker.queueLimit ? '/' + breaker.queueLimit : ''} · ${breaker.inFlight ?? 0} in flight`,
      breaker.queued > 0 ? 'warn' : 'muted', breaker.meanWaitSeconds != null ? `mean wait ${breaker.meanWaitSeconds} s, max ${breaker.maxWaitSeconds} s` : null);
  }
  const overlay = s.overlay;
  const overlayPill = overlay ? (overlay.present === true ? pill('Patches applied', 'ok', overlay.detail)
    : overlay.present === false ? pill('Patches missing', 'bad', overlay.detail) : pill('Patches: unknown', 'warn', overlay.detail)) : null;
  fill(c.pills, healthPill, overlayPill, breakerPill, queuePill);

  fill(c.facts,
    h('dt', null, 'Spark'), h('dd', null, sparkName(s.node)),
    s.container ? [h('dt', null, 'Container'), h('dd', { class: 'mono' }, s.container)] : null,
    s.hostedBy ? [h('dt', null, 'Runs inside'), h('dd', null, displayName(s.hostedBy))] : null,
    s.image ? [h('dt', null, 'Image'), h('dd', { class: 'mono wrap' }, s.image)] : null,
    s.ports && s.ports.length ? [h('dt', null, 'Ports'), h('dd', { class: 'mono' }, s.ports.join(', '))] : null,
    s.stateDetail ? [h('dt', null, 'Status'), h('dd', null, s.stateDetail)] : null);

  c.problem.hidden = !(overlay && overlay.present === false);
  if (!c.problem.hidden) fill(c.problem, overlay.detail || 'The diarizer patches are missing: run Reapply patches.');

  const suggested = st === 'absent' ? 'install' : (st === 'exited' || st === 'created') ? 'start' : overlay && overlay.present === false ? 'reapply-patches' : null;
  // rebuild the buttons only when they change, so a refresh never swaps one out under the pointer
  const actionsKey = JSON.stringify([visibleActions(s, st), suggested, running, st]);
  if (c.actionsKey !== actionsKey) {
    c.actionsKey = actionsKey;
    fill(c.actions, actionButtons(c, s, st, suggested, running));
  }
  renderLastAction(c, s);
}

function actionButtons(c, s, st, suggested, running) {
  return visibleActions(s, st).map((a) => {
    const label = a === 'install' && st !== 'absent' && st !== 'unknown' ? 'Reinstall' : ACTION_LABEL[a] || a;
    const btn = h('button', {
      class: `btn small${a === suggested ? ' primary' : a === 'remove' ? ' ghost danger' : ''}`, type: 'button',
      disabled: running, dataset: { action: a }, 'aria-label': `${label} ${displayName(s.name)}`,
    }, label);
    btn.addEventListener('click', () => act(c, a, btn));
    return btn;
  });
}

function renderLastAction(c, s) {
  const la = s.lastAction;
  if (la) {
    const result = la.result || 'running';
    fill(c.last, pill(result === 'running' ? 'running' : result, result === 'succeeded' ? 'ok' : result === 'failed' ? 'bad' : 'busy'),
      h('span', null, ` ${ACTION_LABEL[la.action] || la.action}`),
      h('span', { class: 'muted' }, result === 'running' ? (la.step ? ` · ${la.step}` : '') : ` · ${ago(la.finishedAt || la.at)}`),
      la.detail && result === 'failed' ? h('div', { class: 'problem' }, la.detail) : null);
  } else {
    fill(c.last);
  }
  c.details.hidden = !la && !c.log.size();
}

/** The actions that make sense in the container's state (all of them when the state is unknown). */
function visibleActions(s, st) {
  const allowed = ACTION_ORDER.filter((a) => (s.actions || []).includes(a));
  let shown;
  if (st === 'absent') shown = allowed.filter((a) => a === 'install' || a === 'reapply-patches');
  else if (st === 'running' || st === 'restarting') shown = allowed.filter((a) => a !== 'start');
  else if (st === 'unknown') shown = allowed;
  else shown = allowed.filter((a) => a !== 'stop' && a !== 'restart');
  // a reinstall is rarely what one wants: after the everyday actions
  if (st !== 'absent' && shown.includes('install')) shown = [...shown.filter((a) => a !== 'install' && a !== 'remove'), 'install', ...shown.filter((a) => a === 'remove')];
  return shown;
}

async function act(c, action, btn) {
  if (!canControl()) {
    needSignIn('Sign in to manage services');
    return;
  }
  const name = displayName(c.data.name);
  if (action === 'remove' || (action === 'stop' && c.data.state === 'running')) {
    const ok = await confirmDialog(`${ACTION_LABEL[action]} ${name}?`,
      action === 'remove' ? `The ${c.data.container} container is deleted (downloaded images stay). Install brings it back.` : `${name} stops answering until it is started again.`,
      ACTION_LABEL[action], action === 'remove');
    if (!ok) return;
  }
  await busy(btn, async () => {
    const started = await api(`/api/services/${encodeURIComponent(c.data.name)}/${action}`, { method: 'POST' }).catch(() => null);
    if (!started) return;
    c.lastActionId = started.actionId;
    c.log.clear();
    c.details.hidden = false;
    c.details.open = true;
    c.data = { ...c.data, lastAction: { actionId: started.actionId, action, result: 'running', at: new Date().toISOString() } };
    renderCard(c);
  });
}

async function loadActionLog(c) {
  if (c.log.size()) return;
  try {
    const last = await api(`/api/services/${encodeURIComponent(c.data.name)}/last-action`, { quiet: true });
    c.lastActionId = last.actionId;
    c.log.set((last.log || []).map((l) => l.line));
  } catch (e) { /* no action yet */ }
}

function onServiceState(d) {
  const c = cards.get(d.service);
  if (!c) {
    load();
    return;
  }
  const before = c.data.lastAction;
  c.data = { ...c.data, lastAction: { ...d } };
  if (d.result === 'running' && c.lastActionId !== d.actionId) {
    c.lastActionId = d.actionId;
    c.log.clear();
    c.details.hidden = false;
    c.details.open = true;
  }
  renderCard(c);
  const finished = d.result === 'succeeded' || d.result === 'failed';
  if (finished && (!before || before.result === 'running' || before.actionId !== d.actionId)) {
    const what = `${ACTION_LABEL[d.action] || d.action} ${displayName(d.service)}`;
    toast(`${what} ${d.result}`, d.result === 'succeeded' ? 'ok' : 'bad', { detail: d.result === 'failed' ? d.detail : null });
    announce(`${what} ${d.result}`);
    load();
  }
}

function onServiceLog(d) {
  const c = cards.get(d.service);
  if (!c) return;
  if (c.lastActionId !== d.actionId) {
    c.lastActionId = d.actionId;
    c.log.clear();
  }
  c.details.hidden = false;
  c.log.add(d.line, d.stream === 'stderr' ? undefined : d.stream === 'info' ? 'meta' : undefined);
}

// ---- try it: Kokoro ---------------------------------------------------------------------------------------

function apiKeyHeaders() {
  let key = '';
  try { key = sessionStorage.getItem('sc-api-key') || ''; } catch (e) { /* storage blocked */ }
  return key ? { Authorization: `Bearer ${key}` } : {};
}

function apiKeyField() {
  const input = h('input', { type: 'password', autocomplete: 'off', placeholder: 'only if inference keys are set' });
  try { input.value = sessionStorage.getItem('sc-api-key') || ''; } catch (e) { /* ignore */ }
  input.addEventListener('change', () => {
    try { sessionStorage.setItem('sc-api-key', input.value.trim()); } catch (e) { /* ignore */ }
  });
  return h('details', { class: 'api-key' }, h('summary', null, 'API key'), field('Inference API key', input, 'Kept in this tab only. Needed when Spark Control requires keys for /v1 and /api/audio.'));
}

function buildSpeak() {
  const text = h('textarea', { rows: '4', maxlength: '4000' });
  text.value = 'Hello from Spark Control. This is Kokoro, speaking from your DGX Spark.';
  const voice = h('select', { disabled: true }, h('option', { value: 'bm_george' }, 'bm_george'));
  const speed = h('input', { type: 'range', min: '0.5', max: '2', step: '0.1', value: '1' });
  const speedOut = h('output', null, '1.0×');
  speed.addEventListener('input', () => { speedOut.textContent = `${Number(speed.value).toFixed(1)}×`; });
  const go = h('button', { class: 'btn primary', type: 'submit' }, 'Speak');
  const audio = h('audio', { controls: true, preload: 'auto', class: 'player', hidden: true });
  const meta = h('div', { class: 'muted small' });
  const useIt = h('button', { class: 'btn small', type: 'button', hidden: true }, 'Transcribe this');
  const save = h('a', { class: 'btn small ghost', hidden: true, download: 'kokoro.wav' }, 'Download WAV');
  const form = h('form', { class: 'stack', novalidate: true },
    field('Text', text),
    h('div', { class: 'row wrap' }, field('Voice', voice), h('div', { class: 'field' }, h('label', { for: speed.id = 'speak-speed' }, 'Speed ', speedOut), speed)),
    apiKeyField(),
    h('div', { class: 'row' }, go, h('span', { class: 'spacer' }), useIt, save),
    audio, meta);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    speak();
  });
  useIt.addEventListener('click', () => {
    if (lastSpeech) transcribe(lastSpeech, 'kokoro.wav');
  });
  speakEls = { text, voice, speed, go, audio, meta, useIt, save };
  return h('section', { class: 'card tryit', 'aria-labelledby': 'speak-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'speak-title' }, 'Try it: text to speech'), h('span', { class: 'pill muted' }, 'Kokoro')), form);
}

async function loadVoices() {
  const e = speakEls;
  let body;
  try {
    // the gateway's discovery carries Kokoro's /v1/audio/voices list, and answers 200 even while Kokoro is
    // down (a direct call would then log a 503 in the browser console)
    const endpoints = await api('/api/endpoints', { quiet: true });
    const tts = endpoints && endpoints.services ? endpoints.services.tts : null;
    if (!tts || !tts.ready) return;
    body = { voices: tts.voices || [] };
  } catch (err) {
    e.voice.disabled = false;
    e.voice.title = `Voices could not be listed: ${err.message}`;
    return;
  }
  // Kokoro ≥ 0.4 lists {id, name} objects, older releases plain strings
  const ids = (body && body.voices ? body.voices : []).map((v) => (typeof v === 'string' ? v : v.id || v.name)).filter(Boolean);
  if (!ids.length) return;
  const current = e.voice.value || 'bm_george';
  fill(e.voice, ids.map((id) => h('option', { value: id }, voiceLabel(id))));
  e.voice.value = ids.includes(current) ? current : ids.includes('bm_george') ? 'bm_george' : ids[0];
  e.voice.disabled = false;
  e.voice.title = '';
  voicesLoaded = true;
}

const ACCENTS = { a: 'American', b: 'British', e: 'Spanish', f: 'French', h: 'Hindi', i: 'Italian', j: 'Japanese', p: 'Portuguese', z: 'Mandarin' };
function voiceLabel(id) {
  const m = /^([a-z])([fm])_(.+)$/.exec(id);
  if (!m) return id;
  return `${m[3].charAt(0).toUpperCase() + m[3].slice(1)} — ${ACCENTS[m[1]] || m[1]} ${m[2] === 'f' ? 'female' : 'male'} (${id})`;
}

async function speak() {
  const e = speakEls;
  const input = e.text.value.trim();
  setFieldError(e.text, input ? '' : 'Type something to say.');
  if (!input) {
    e.text.focus();
    return;
  }
  await busy(e.go, async () => {
    e.meta.textContent = 'Speaking…';
    let blob;
    try {
      blob = await api('/v1/audio/speech', {
        method: 'POST', as: 'blob', headers: apiKeyHeaders(),
        body: { model: 'kokoro', input, voice: e.voice.value || 'bm_george', response_format: 'wav', speed: Number(e.speed.value) },
      });
    } catch (err) {
      e.meta.textContent = `No audio: ${err.message}`;
      return;
    }
    if (e.audio.src) URL.revokeObjectURL(e.audio.src);
    lastSpeech = blob;
    const url = URL.createObjectURL(blob);
    e.audio.src = url;
    e.audio.hidden = false;
    e.save.href = url;
    e.save.hidden = false;
    e.useIt.hidden = false;
    e.meta.textContent = `${bytes(blob.size)} of ${blob.type || 'audio'}`;
    e.audio.addEventListener('loadedmetadata', () => {
      if (Number.isFinite(e.audio.duration)) e.meta.textContent = `${e.audio.duration.toFixed(1)} s · ${bytes(blob.size)} · voice ${e.voice.value}`;
    }, { once: true });
    announce('Speech ready');
    e.audio.play().catch(() => { /* autoplay refused: the controls are there */ });
  });
}

// ---- try it: transcript with speakers ---------------------------------------------------------------------

function buildTranscribe() {
  const file = h('input', { type: 'file', accept: '.wav,audio/wav,audio/x-wav,audio/*' });
  const go = h('button', { class: 'btn primary', type: 'submit' }, 'Transcribe');
  const status = h('div', { class: 'muted small', 'aria-live': 'polite' });
  const result = h('div', { class: 'transcript', hidden: true });
  const form = h('form', { class: 'stack', novalidate: true },
    field('WAV recording', file, 'Speech with one or more speakers; long files are split into chunks on the server.'),
    h('div', { class: 'row' }, go, status),
    result);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = file.files && file.files[0];
    setFieldError(file, f ? '' : 'Choose a WAV file first.');
    if (f) transcribe(f, f.name);
  });
  transcribeEls = { file, go, status, result };
  return h('section', { class: 'card tryit transcribe', 'aria-labelledby': 'stt-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'stt-title' }, 'Try it: transcript with speakers'), h('span', { class: 'pill muted' }, 'Parakeet + diarizer')), form);
}

async function transcribe(blob, name) {
  const e = transcribeEls;
  await busy(e.go, async () => {
    e.status.textContent = `Transcribing ${name}…`;
    const form = new FormData();
    form.append('file', blob, name);
    let body;
    try {
      body = await api('/api/audio/transcribe-with-speakers', { method: 'POST', body: form, headers: apiKeyHeaders() });
    } catch (err) {
      e.status.textContent = `Failed: ${err.message}`;
      return;
    }
    e.status.textContent = `${name} · ${body.duration != null ? body.duration.toFixed(1) + ' s' : ''}`;
    renderTranscript(body);
    announce(`Transcript ready: ${(body.speakers || []).length} speakers`);
  });
}

function renderTranscript(t) {
  const e = transcribeEls;
  const speakers = (t.speakers || []).map((s) => (typeof s === 'string' ? s : s.id || s.speaker || s.name)).filter(Boolean);
  for (const seg of t.segments || []) if (seg.speaker && !speakers.includes(seg.speaker)) speakers.push(seg.speaker);
  const colour = (sp) => `spk-${Math.max(0, speakers.indexOf(sp)) % SPEAKER_COLOURS}`;
  const segments = t.segments || [];
  e.result.hidden = false;
  fill(e.result,
    h('div', { class: 'speakers', 'aria-label': 'Speakers' },
      h('span', { class: 'muted' }, `${speakers.length} speaker${speakers.length === 1 ? '' : 's'}:`),
      speakers.map((sp) => h('span', { class: `speaker ${colour(sp)}` }, sp))),
    segments.length
      ? h('ol', { class: 'segments' }, segments.map((s) => h('li', { class: 'segment' },
        h('span', { class: `speaker ${colour(s.speaker)}` }, s.speaker || '?'),
        h('span', { class: 'time mono' }, `${ts(s.start)}–${ts(s.end)}`),
        h('span', { class: 'text' }, (s.text || '').trim()))))
      : h('p', null, t.text || 'No speech was heard.'));
}

const ts = (sec) => {
  if (sec == null) return '?';
  const m = Math.floor(sec / 60);
  const s = sec - m * 60;
  return `${m}:${s.toFixed(1).padStart(4, '0')}`;
};
