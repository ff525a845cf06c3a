// The LLM tab: a card per catalog model (switch, Advanced overrides), the live swap panel, downloads and the
// cluster update. Cards come from GET /api/models; everything live comes from events.
import { api, toast, needSignIn } from './api.js';
import { createLog } from './logpanel.js';
import { on, state, emit, canControl } from './store.js';
import {
  h, fill, field, setFieldError, pill, progressBar, bytes, duration, tokens, announce, section, empty,
  modal, confirmDialog, busy, sparkName, ago,
} from './ui.js';

const IN_FLIGHT = new Set(['STOPPING', 'LAUNCHING', 'LOADING']);
const REPO = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}\/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;
// typical first loads on DGX Sparks (operator guide): used until this box has timed a load itself
const TYPICAL_LOAD = { solo: 35 * 60, cluster: 58 * 60 };

let models = [];
let modelsLoaded = false;
let grid;
let swap = null; // the current or last swap as /api/swap and swap-progress describe it
let swapLastSeq = -1;
let swapEls;
let downloads = new Map();
let downloadsList;
let update = { state: null, log: [] };
let updateEls;
let versionAsked = false;
let versionKnown = false;

export function init(panel) {
  swapEls = buildSwapPanel();
  grid = h('div', { class: 'grid models', 'aria-busy': 'true' }, empty('Loading the catalog…'));
  panel.append(
    swapEls.root,
    section('Models', h('p', { class: 'lead' }, 'Every model in the catalog. Switching stops the running model and loads the new one; its live log appears above the cards.'), grid),
    buildDownloads(),
    buildUpdate());

  on('swap-progress', onSwapProgress);
  on('swap-log', onSwapLog);
  on('download-progress', onDownloadProgress);
  on('download-log', onDownloadLog);
  on('update-log', onUpdateLog);
  on('status', () => { renderActiveFromStatus(); askVersion(); });
  on('auth', () => renderModels());
  on('refresh', refresh);
  refresh();
}

async function refresh() {
  await Promise.allSettled([loadModels(), loadSwap(), loadDownloads(), loadUpdate()]);
}

// ---- models -----------------------------------------------------------------------------------------------

async function loadModels() {
  try {
    models = await api('/api/models', { quiet: modelsLoaded });
    modelsLoaded = true;
  } catch (e) {
    if (!modelsLoaded) fill(grid, empty(`The model catalog could not be read: ${e.message}`));
    return;
  }
  grid.removeAttribute('aria-busy');
  renderModels();
}

function swapRunning() {
  return !!(swap && IN_FLIGHT.has(swap.state));
}

function activeId() {
  const llm = state.status.llm;
  if (llm && 'activeModel' in llm) return llm.activeModel;
  const card = models.find((m) => m.active);
  return card ? card.id : null;
}

function renderActiveFromStatus() {
  // the status snapshot is the freshest word on which model is active; redraw only when it differs
  const id = activeId();
  if (models.some((m) => m.active !== (m.id === id))) {
    models = models.map((m) => ({ ...m, active: m.id === id }));
    renderModels();
  }
}

const drawn = new Map(); // model id → {el, sig}: cards are redrawn only when what they show changed

function renderModels() {
  if (!modelsLoaded) return;
  if (!models.length) {
    fill(grid, empty('The catalog is empty.'));
    return;
  }
  const running = swapRunning();
  const order = models.map((m) => {
    // a button must not be swapped out under the pointer by a progress event that changes nothing on it
    const sig = JSON.stringify([m, running, running && swap.model === m.id ? swap.state : null]);
    let entry = drawn.get(m.id);
    if (!entry || entry.sig !== sig) {
      const el = card(m);
      if (entry && entry.el.parentNode) entry.el.replaceWith(el);
      entry = { el, sig };
      drawn.set(m.id, entry);
    }
    return entry.el;
  });
  if (order.some((el, i) => grid.children[i] !== el) || grid.children.length !== order.length) fill(grid, order);
}

function card(m) {
  const titleId = `model-${m.id}-title`;
  const loading = swapRunning() && swap.model === m.id;
  const running = swapRunning();
  const notOnDisk = m.onDisk === false;
  const switchBtn = h('button', {
    class: `btn switch${notOnDisk ? '' : ' primary'}`, type: 'button', disabled: m.active || running,
    title: m.active ? 'Already serving' : running ? 'Wait for the current swap to end'
      : notOnDisk ? 'The weights are missing: the swap would stop at its pre-flight check (the running model keeps serving)' : null,
  }, m.active ? 'Active' : loading ? 'Loading…' : 'Switch to this');
  switchBtn.addEventListener('click', () => switchTo(m, switchBtn));
  const advanced = h('button', { class: 'btn advanced', type: 'button' }, 'Advanced');
  advanced.addEventListener('click', () => openAdvanced(m));
  const download = notOnDisk ? h('button', { class: 'btn primary download-weights', type: 'button', title: `Download ${m.repo}` }, 'Download') : null;
  if (download) download.addEventListener('click', () => busy(download, () => startDownload(m.repo)));

  return h('article', {
    class: `card model${m.active ? ' active' : ''}${loading ? ' loading' : ''}`,
    'aria-labelledby': titleId, dataset: { model: m.id },
  },
  h('div', { class: 'card-head' },
    h('h3', { id: titleId }, m.name || m.id),
    m.active ? h('span', { class: 'pill ok active-marker' }, '● Active') : null,
    loading ? h('span', { class: 'pill busy' }, swap.state.toLowerCase()) : null),
  h('div', { class: 'repo mono', title: 'Hugging Face repo' }, m.repo),
  h('div', { class: 'badges' },
    pill(m.mode === 'cluster' ? 'Cluster · all Sparks' : 'Solo · Spark 1', 'info', m.mode === 'cluster' ? 'Runs across every cluster Spark (Ray)' : 'Runs on the head Spark only'),
    pill(`${tokens(m.context)} context`, 'muted', `${(m.context || 0).toLocaleString()} tokens, input + output`),
    diskBadges(m),
    m.overridden && m.bundled ? pill('Customised', 'warn', 'Advanced settings override the bundled recipe') : null,
    !m.bundled ? pill('Added by you', 'muted') : null),
  m.notes ? h('p', { class: 'notes' }, m.notes) : null,
  m.overrideProblem ? h('p', { class: 'problem' }, `Override ignored: ${m.overrideProblem}`) : null,
  h('dl', { class: 'facts' },
    h('dt', null, 'Load time'), h('dd', null, loadEstimate(m)),
    m.sizeGb ? [h('dt', null, 'Weights'), h('dd', null, `≈ ${m.sizeGb} GB`)] : null,
    h('dt', null, 'Image'), h('dd', { class: 'mono' }, m.image || 'vllm-node')),
  h('div', { class: 'card-actions' }, download, switchBtn, advanced));
}

function diskBadges(m) {
  const nodes = m.onDiskNodes || {};
  const errors = m.onDiskErrors || {};
  const entries = Object.entries(nodes);
  if (!entries.length) {
    return m.onDisk === true ? pill('On disk', 'ok') : m.onDisk === false ? pill('Not downloaded', 'muted') : pill('Disk: unknown', 'warn');
  }
  return entries.map(([node, on]) => (on === true
    ? pill(`${sparkName(node)}: on disk`, 'ok', `The weights are in ${sparkName(node)}'s Hugging Face cache`)
    : on === false
      ? pill(`${sparkName(node)}: not downloaded`, 'muted')
      : pill(`${sparkName(node)}: unknown`, 'warn', errors[node] || 'could not be checked')));
}

function loadEstimate(m) {
  if (m.lastLoadSeconds) return `about ${duration(m.lastLoadSeconds)} (last load here)`;
  const typical = TYPICAL_LOAD[m.mode];
  return typical ? `≈ ${duration(typical)} (typical)` : 'not timed yet';
}

async function switchTo(m, button) {
  if (!canControl()) {
    needSignIn('Sign in to switch models');
    return;
  }
  const current = models.find((x) => x.active);
  if (current) {
    const ok = await confirmDialog(`Switch to ${m.name}?`,
      `${current.name} stops serving now; apps get "loading" answers until ${m.name} is ready (${loadEstimate(m)}).`, 'Switch');
    if (!ok) return;
  }
  await busy(button, async () => {
    const started = await api(`/api/models/${encodeURIComponent(m.id)}/switch`, { method: 'POST' }).catch(() => null);
    if (!started) return;
    beginSwap({ swapId: started.swapId, model: m.id, modelName: m.name, state: started.state || 'STOPPING', phase: 'starting', percent: 0 });
    toast(`Switching to ${m.name}`, 'info', { detail: 'The load log streams in the panel above.' });
  });
}

// ---- swap panel -------------------------------------------------------------------------------------------

function buildSwapPanel() {
  const title = h('h2', { id: 'swap-title' }, 'Swap');
  const statePill = h('span', { class: 'pill busy' }, '');
  const phase = h('span', { class: 'swap-phase' }, '');
  const eta = h('span', { class: 'swap-eta muted' }, '');
  const bar = progressBar('Swap progress');
  const error = h('p', { class: 'problem', hidden: true, role: 'alert' });
  const cancel = h('button', { class: 'btn danger small', type: 'button' }, 'Cancel swap');
  const dismiss = h('button', { class: 'btn ghost small', type: 'button', hidden: true }, 'Hide');
  const log = createLog({ label: 'Swap log', max: 3000 });
  cancel.addEventListener('click', async () => {
    const ok = await confirmDialog('Cancel the swap?', 'The load stops; the cluster is left stopped (no model loaded).', 'Cancel swap', true);
    if (ok) await busy(cancel, () => api('/api/swap', { method: 'DELETE' }).catch(() => null));
  });
  dismiss.addEventListener('click', () => { root.hidden = true; });
  const root = h('section', { class: 'card swap-panel', id: 'swap-panel', 'aria-labelledby': 'swap-title', hidden: true },
    h('div', { class: 'card-head' }, title, statePill, h('span', { class: 'spacer' }), cancel, dismiss),
    h('div', { class: 'swap-line', 'aria-live': 'polite' }, phase, eta),
    bar, error, log.el);
  return { root, title, statePill, phase, eta, bar, error, cancel, dismiss, log };
}

async function loadSwap() {
  let view;
  try {
    view = await api('/api/swap', { quiet: true });
  } catch (e) {
    return;
  }
  if (!view || !view.swapId) return;
  const fresh = !swap || swap.swapId !== view.swapId;
  swap = { ...view };
  if (fresh || view.log) {
    swapEls.log.set(view.log || []);
    swapLastSeq = (view.logOffset || 0) + (view.log || []).length - 1;
  }
  // an old successful swap is history, not news: show the panel for running, failed or recent swaps
  const recent = view.endedAt && Date.now() - Date.parse(view.endedAt) < 10 * 60 * 1000;
  renderSwap(IN_FLIGHT.has(view.state) || view.state === 'FAILED' || recent);
}

function beginSwap(progress) {
  if (!swap || swap.swapId !== progress.swapId) {
    swapEls.log.clear();
    swapLastSeq = -1;
    swap = { startedAt: new Date().toISOString() };
  }
  Object.assign(swap, progress);
  renderSwap(true);
  renderModels();
  publishSwap();
}

function onSwapProgress(p) {
  const was = swap && swap.state;
  const sameSwap = swap && swap.swapId === p.swapId;
  beginSwap(p);
  if (sameSwap && was !== p.state) announce(`Swap to ${p.modelName || p.model}: ${p.state.toLowerCase()}`);
  if (p.state === 'READY' && was !== 'READY') {
    toast(`${p.modelName || p.model} is ready`, 'ok');
    loadModels();
  } else if (p.state === 'FAILED' && was !== 'FAILED') {
    toast(`Swap to ${p.modelName || p.model} failed`, 'bad', { detail: p.error || p.errorKind });
    loadModels();
  } else if (p.state === 'CANCELLED' && was !== 'CANCELLED') {
    toast('Swap cancelled', 'warn');
    loadModels();
  }
}

function onSwapLog(d) {
  if (!swap || swap.swapId !== d.swapId) {
    swap = { swapId: d.swapId, state: 'STOPPING', startedAt: new Date().toISOString() };
    swapEls.log.clear();
    swapLastSeq = -1;
    renderSwap(true);
  }
  if (d.seq != null) {
    if (d.seq <= swapLastSeq) return;
    swapLastSeq = d.seq;
  }
  const kind = d.source === 'spark-control' && !/FAILED/.test(d.line) ? 'meta' : undefined;
  swapEls.log.add(d.line, kind);
}

function renderSwap(show) {
  const s = swap;
  const e = swapEls;
  if (!s) return;
  if (show) e.root.hidden = false;
  const running = IN_FLIGHT.has(s.state);
  const name = s.modelName || s.model || 'model';
  e.title.textContent = running ? `Loading ${name}` : s.state === 'READY' ? `${name} is ready` : s.state === 'FAILED' ? `Swap to ${name} failed` : s.state === 'CANCELLED' ? `Swap to ${name} cancelled` : `Swap to ${name}`;
  e.statePill.textContent = (s.state || '').toLowerCase();
  e.statePill.className = `pill ${running ? 'busy' : s.state === 'READY' ? 'ok' : s.state === 'FAILED' ? 'bad' : 'warn'}`;
  e.root.classList.toggle('failed', s.state === 'FAILED');
  e.root.classList.toggle('ready', s.state === 'READY');
  e.phase.textContent = s.phase ? `${capital(s.phase)}${s.percent != null ? ` · ${Math.round(s.percent)} %` : ''}` : '';
  e.eta.textContent = running && s.etaSeconds != null ? `about ${duration(s.etaSeconds)} left` : s.loadSeconds ? `took ${duration(s.loadSeconds)}` : '';
  e.bar.set(s.state === 'READY' ? 100 : s.percent);
  e.bar.classList.toggle('done', s.state === 'READY');
  e.bar.classList.toggle('failed', s.state === 'FAILED' || s.state === 'CANCELLED');
  e.error.hidden = !s.error;
  e.error.textContent = s.error ? `${s.errorKind ? capital(s.errorKind) + ': ' : ''}${s.error}` : '';
  e.cancel.hidden = !running;
  e.dismiss.hidden = running;
}

function publishSwap() {
  // the status bar reads the swap from the llm part of the snapshot
  const llm = state.status.llm || {};
  state.status.llm = { ...llm, swap: { ...swap } };
  emit('status', state.status);
}

// ---- Advanced (overrides) ---------------------------------------------------------------------------------

function flagLines(flags) {
  const lines = [];
  for (const word of flags || []) {
    if (word.startsWith('-') || !lines.length) lines.push(word);
    else lines[lines.length - 1] += ' ' + word;
  }
  return lines.join('\n');
}

const lines = (text) => text.split('\n').map((l) => l.trim()).filter(Boolean);
const SHELL_ACTIVE = /[$`\\;&|<>!]/;

function openAdvanced(m) {
  const ctx = h('input', { type: 'number', min: '1024', max: '10000000', step: '1024', inputmode: 'numeric', value: m.context ?? '' });
  const flags = h('textarea', { rows: '7', spellcheck: 'false', class: 'mono' });
  flags.value = flagLines(m.flags);
  const env = h('textarea', { rows: '3', spellcheck: 'false', class: 'mono', placeholder: 'NAME=value' });
  env.value = (m.env || []).join('\n');
  const image = h('input', { type: 'text', spellcheck: 'false', class: 'mono', value: m.image || '' });
  const mods = h('textarea', { rows: '2', spellcheck: 'false', class: 'mono', placeholder: 'mods/fix-something' });
  mods.value = (m.mods || []).join('\n');
  const timeout = h('input', { type: 'number', min: '1', max: '1440', inputmode: 'numeric', value: m.loadTimeoutMinutes ?? '', placeholder: 'default' });
  const notes = h('textarea', { rows: '2' });
  notes.value = m.notes || '';
  const controls = { context: ctx, flags, env, image, mods, loadTimeoutMinutes: timeout, notes };
  const general = h('p', { class: 'problem', role: 'alert', hidden: true });

  const form = h('form', { class: 'form-grid', novalidate: true },
    field('Context window (tokens)', ctx, 'Input + output, 1024 – 10 000 000. vLLM\'s --max-model-len.'),
    field('Load timeout (minutes)', timeout, 'Give up on a load after this long. Empty: the default.'),
    h('div', { class: 'span2' }, field('vLLM flags', flags, 'One flag per line with its value, e.g. --gpu-memory-utilization 0.8. Spark Control sets --model and --max-model-len itself.')),
    h('div', { class: 'span2' }, field('Container environment', env, 'NAME=value, one per line. No secrets here: they would show in the Spark\'s process list.')),
    field('Image', image, 'The launcher image tag, e.g. vllm-node.'),
    field('Launcher mods', mods, 'mods/<directory>, one per line.'),
    h('div', { class: 'span2' }, field('Notes', notes)),
    general);

  const save = h('button', { class: 'btn primary', type: 'submit' }, 'Save');
  const reset = m.overridden && m.bundled ? h('button', { class: 'btn ghost reset-overrides', type: 'button' }, 'Reset to bundled') : null;
  const cancel = h('button', { class: 'btn', type: 'button' }, 'Cancel');
  save.setAttribute('form', form.id = `adv-${m.id}`);
  const dlg = modal(`Advanced · ${m.name}`, form, [reset, h('span', { class: 'spacer' }), cancel, save], { wide: true });
  dlg.classList.add('advanced');
  cancel.addEventListener('click', () => dlg.close());
  if (reset) {
    reset.addEventListener('click', () => busy(reset, async () => {
      await api(`/api/models/${encodeURIComponent(m.id)}/overrides`, { method: 'DELETE' });
      toast(`${m.name} is back to its bundled settings`, 'ok');
      dlg.close();
      loadModels();
    }).catch(() => {}));
  }
  // validate as the operator types, with the same rules the server applies
  for (const c of Object.values(controls)) c.addEventListener('input', () => setFieldError(c, check(controls)[keyOf(controls, c)]));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const problems = check(controls);
    for (const [k, c] of Object.entries(controls)) setFieldError(c, problems[k]);
    const first = Object.keys(problems)[0];
    if (first) {
      controls[first].focus();
      return;
    }
    const body = overrideBody(m, controls);
    if (!Object.keys(body).length) {
      dlg.close();
      return;
    }
    general.hidden = true;
    await busy(save, async () => {
      try {
        await api(`/api/models/${encodeURIComponent(m.id)}/overrides`, { method: 'PUT', body, quiet: true });
      } catch (e) {
        // "invalid flags" → show the server's words under that field
        const fieldName = /^invalid (\w+)/.exec(e.error || '')?.[1];
        if (fieldName && controls[fieldName]) {
          setFieldError(controls[fieldName], e.detail || e.error);
          controls[fieldName].focus();
        } else {
          general.textContent = e.message;
          general.hidden = false;
        }
        return;
      }
      toast(`Saved ${m.name}'s settings`, 'ok', { detail: m.active ? 'They apply from the next switch to this model.' : null });
      dlg.close();
      loadModels();
    });
  });
  ctx.focus();
}

function keyOf(controls, c) {
  return Object.keys(controls).find((k) => controls[k] === c);
}

function check(c) {
  const p = {};
  const ctx = c.context.value.trim();
  if (!/^\d+$/.test(ctx) || +ctx < 1024 || +ctx > 10_000_000) p.context = 'A whole number of tokens between 1024 and 10000000.';
  const t = c.loadTimeoutMinutes.value.trim();
  if (t && (!/^\d+$/.test(t) || +t < 1 || +t > 1440)) p.loadTimeoutMinutes = 'Between 1 and 1440 minutes, or empty.';
  const words = lines(c.flags.value).flatMap((l) => l.split(/\s+/));
  const bad = words.find((w) => SHELL_ACTIVE.test(w));
  if (bad) p.flags = `"${bad}": flags may not contain $ \` \\ ; & | < > or !`;
  const derived = words.find((w) => /^--(max-model-len|model)(=|$)/.test(w));
  if (derived) p.flags = `${derived.split('=')[0]} is set by Spark Control (change the ${derived.startsWith('--model') && !derived.startsWith('--model-') ? 'repo' : 'context window'} instead).`;
  if (words.length && !words[0].startsWith('-')) p.flags = 'Start each line with a flag such as --enable-prefix-caching.';
  const envBad = lines(c.env.value).find((l) => !/^[A-Za-z_][A-Za-z0-9_]*=.*$/.test(l) || SHELL_ACTIVE.test(l));
  if (envBad) p.env = `"${envBad}": use NAME=value without $ \` \\ ; & | < > or !`;
  const secret = lines(c.env.value).find((l) => /TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|APIKEY/i.test(l.split('=')[0]));
  if (secret) p.env = `${secret.split('=')[0]} looks like a secret: put it in the launcher's .env instead.`;
  if (c.image.value.trim() && !/^[A-Za-z0-9][A-Za-z0-9._\/:@-]*$/.test(c.image.value.trim())) p.image = 'An image name such as vllm-node or registry/name:tag.';
  const modBad = lines(c.mods.value).find((l) => !/^mods\/[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?$/.test(l) || l.includes('..'));
  if (modBad) p.mods = `"${modBad}": entries look like mods/<directory>.`;
  if (c.notes.value.length > 2000) p.notes = 'At most 2000 characters.';
  return p;
}

function overrideBody(m, c) {
  const next = {
    context: +c.context.value.trim(),
    flags: lines(c.flags.value).flatMap((l) => l.split(/\s+/)),
    env: lines(c.env.value),
    image: c.image.value.trim() || undefined,
    mods: lines(c.mods.value),
    loadTimeoutMinutes: c.loadTimeoutMinutes.value.trim() ? +c.loadTimeoutMinutes.value.trim() : undefined,
    notes: c.notes.value.trim(),
  };
  const before = {
    context: m.context, flags: m.flags || [], env: m.env || [], image: m.image || undefined, mods: m.mods || [],
    loadTimeoutMinutes: m.loadTimeoutMinutes ?? undefined, notes: (m.notes || '').trim(),
  };
  const body = {};
  for (const k of Object.keys(next)) {
    // a PUT replaces the whole override: once a model is customised, send every field so nothing set earlier is lost
    if (next[k] !== undefined && (m.overridden || JSON.stringify(next[k]) !== JSON.stringify(before[k]))) body[k] = next[k];
  }
  return body;
}

// ---- downloads --------------------------------------------------------------------------------------------

function buildDownloads() {
  const repo = h('input', { type: 'text', name: 'repo', autocomplete: 'off', spellcheck: 'false', class: 'mono', placeholder: 'Org/Model-Name', required: true });
  const copy = h('select', { name: 'copy' },
    h('option', { value: '' }, 'Automatic (cluster models: every Spark)'),
    h('option', { value: 'false' }, 'Head Spark only'),
    h('option', { value: 'true' }, 'Every cluster Spark'));
  const submit = h('button', { class: 'btn primary', type: 'submit' }, 'Download');
  const form = h('form', { class: 'download-form', novalidate: true },
    field('Hugging Face repo', repo, 'As on huggingface.co, e.g. Qwen/Qwen3-8B. The Spark\'s HF token is used for gated repos.'),
    field('Copy to', copy),
    h('div', { class: 'field field-button' }, submit));
  const validate = () => {
    const v = repo.value.trim();
    const msg = !v ? 'Enter a repo as Org/Name.' : !REPO.test(v) || v.includes('..') ? 'Use Org/Name: letters, digits, . _ - (as in huggingface.co/Org/Name).' : '';
    setFieldError(repo, msg);
    return !msg;
  };
  repo.addEventListener('input', () => { if (repo.getAttribute('aria-invalid')) validate(); });
  repo.addEventListener('blur', () => { if (repo.value.trim()) validate(); });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!validate()) {
      repo.focus();
      return;
    }
    await busy(submit, async () => {
      const ok = await startDownload(repo.value.trim(), copy.value === '' ? undefined : copy.value === 'true', repo);
      if (ok) repo.value = '';
    });
  });
  downloadsList = h('div', { class: 'downloads', 'aria-live': 'off' });
  return section('Download a new model', form, downloadsList);
}

async function startDownload(repo, copyToWorkers, control) {
  if (!canControl()) {
    needSignIn('Sign in to download models');
    return false;
  }
  try {
    const body = { repo };
    if (copyToWorkers !== undefined) body.copyToWorkers = copyToWorkers;
    const started = await api('/api/downloads', { method: 'POST', body, quiet: !!control });
    upsertDownload({ downloadId: started.downloadId, repo, state: 'RUNNING', phase: 'starting', targets: started.targets });
    toast(`Downloading ${repo}`, 'info');
    // started from a model card: bring its progress into view
    if (!control) downloads.get(started.downloadId)?.el.scrollIntoView({ behavior: 'smooth', block: 'center' });
    return true;
  } catch (e) {
    if (control && e.status === 400) setFieldError(control, e.detail || e.error);
    else if (control) toast(e.error, 'bad', { detail: e.detail });
    return false;
  }
}

async function loadDownloads() {
  let list;
  try {
    list = await api('/api/downloads', { quiet: true });
  } catch (e) {
    return;
  }
  for (const d of list || []) upsertDownload(d);
}

function upsertDownload(d) {
  let entry = downloads.get(d.downloadId);
  if (!entry) {
    entry = makeDownload(d);
    downloads.set(d.downloadId, entry);
    downloadsList.prepend(entry.el);
  }
  const before = entry.data.state;
  Object.assign(entry.data, d);
  renderDownload(entry);
  if (before === 'RUNNING' && d.state === 'SUCCEEDED') {
    toast(`${d.repo} downloaded`, 'ok');
    announce(`${d.repo} downloaded`);
    loadModels();
  } else if (before === 'RUNNING' && d.state === 'FAILED') {
    toast(`Download of ${d.repo} failed`, 'bad', { detail: d.error });
  }
}

function makeDownload(d) {
  const title = h('h3', null, d.repo);
  const statePill = h('span', { class: 'pill busy' });
  const bar = progressBar(`Download of ${d.repo}`);
  const figures = h('div', { class: 'dl-figures' });
  const error = h('p', { class: 'problem', hidden: true });
  const cancel = h('button', { class: 'btn danger small', type: 'button' }, 'Cancel');
  const log = createLog({ label: `Download log of ${d.repo}`, max: 500, height: '12rem' });
  const details = h('details', { class: 'log-details' }, h('summary', null, 'Log'), log.el);
  const el = h('article', { class: 'card download', dataset: { download: d.downloadId } },
    h('div', { class: 'card-head' }, title, statePill, h('span', { class: 'spacer' }), cancel),
    bar, figures, error, details);
  const entry = { el, data: { ...d }, statePill, bar, figures, error, cancel, log, details, logLoaded: false };
  cancel.addEventListener('click', () => busy(cancel, () => api(`/api/downloads/${d.downloadId}`, { method: 'DELETE' }).catch(() => null)));
  details.addEventListener('toggle', async () => {
    if (details.open && !entry.logLoaded) {
      entry.logLoaded = true;
      try {
        const full = await api(`/api/downloads/${d.downloadId}`, { quiet: true });
        log.set(full.log || []);
      } catch (e) { /* live lines still arrive */ }
    }
  });
  return entry;
}

function renderDownload(entry) {
  const d = entry.data;
  const running = d.state === 'RUNNING';
  entry.statePill.textContent = running ? (d.phase || 'running') : (d.state || '').toLowerCase();
  entry.statePill.className = `pill ${running ? 'busy' : d.state === 'SUCCEEDED' ? 'ok' : d.state === 'FAILED' ? 'bad' : 'warn'}`;
  entry.bar.set(d.state === 'SUCCEEDED' ? 100 : d.percent);
  entry.bar.classList.toggle('done', d.state === 'SUCCEEDED');
  entry.bar.classList.toggle('failed', d.state === 'FAILED' || d.state === 'CANCELLED');
  const parts = [];
  if (d.percent != null) parts.push(`${Number(d.percent).toFixed(d.percent < 10 ? 1 : 0)} %`);
  if (d.bytes != null) parts.push(d.totalBytes ? `${bytes(d.bytes)} of ${bytes(d.totalBytes)}` : bytes(d.bytes));
  if (running && d.bytesPerSecond) parts.push(`${bytes(d.bytesPerSecond)}/s`);
  if (running && d.etaSeconds != null) parts.push(`${duration(d.etaSeconds)} left`);
  if (!running && d.endedAt) parts.push(`ended ${ago(d.endedAt)}`);
  if (d.targets && d.targets.length) parts.push(`to ${d.targets.map(sparkName).join(', ')}`);
  fill(entry.figures, parts.map((p) => h('span', null, p)));
  entry.error.hidden = !d.error;
  entry.error.textContent = d.error || '';
  entry.cancel.hidden = !running;
  entry.el.classList.toggle('finished', !running);
}

function onDownloadProgress(d) {
  upsertDownload(d);
}

function onDownloadLog(d) {
  const entry = downloads.get(d.downloadId);
  if (entry) entry.log.add(d.line);
  else upsertDownload({ downloadId: d.downloadId, repo: d.repo, state: 'RUNNING' });
}

// ---- cluster update ---------------------------------------------------------------------------------------

function buildUpdate() {
  const version = h('div', { class: 'version' }, 'vLLM in the cluster image: not checked yet');
  const check = h('button', { class: 'btn small', type: 'button' }, 'Check version');
  const run = h('button', { class: 'btn', type: 'button' }, 'Update the cluster');
  const statePill = h('span', { class: 'pill muted', hidden: true });
  const log = createLog({ label: 'Cluster update log', max: 3000, height: '16rem' });
  const logWrap = h('div', { hidden: true }, log.el);
  check.addEventListener('click', () => busy(check, async () => {
    const info = await api('/api/cluster/image?refresh=true').catch(() => null);
    if (info) renderVersion(info);
  }));
  run.addEventListener('click', async () => {
    if (!canControl()) {
      needSignIn('Sign in to update the cluster');
      return;
    }
    const ok = await confirmDialog('Update the cluster?',
      'Pulls the newest spark-vllm-docker and rebuilds the vLLM image on every Spark (git pull, build-and-copy.sh). It can take a long while; the running model keeps serving until you switch again.', 'Update');
    if (!ok) return;
    await busy(run, async () => {
      const started = await api('/api/cluster/update', { method: 'POST' }).catch(() => null);
      if (started) {
        update = { updateId: started.updateId, state: 'RUNNING', log: [] };
        log.clear();
        renderUpdate();
      }
    });
  });
  updateEls = { version, statePill, log, logWrap, run };
  return section('Cluster update',
    h('p', { class: 'lead' }, 'Keeps the community spark-vllm-docker checkout and its vLLM image current on every Spark.'),
    h('div', { class: 'row' }, version, check, h('span', { class: 'spacer' }), statePill, run),
    logWrap);
}

/** Reads the image's vLLM version once (the server keeps it), and only when the head answers: no 503 for nothing. */
function askVersion() {
  if (versionKnown || versionAsked) return;
  const head = Object.values(state.status.sparks || {}).find((s) => s && (s.roles || []).includes('HEAD'));
  if (!head || head.state !== 'up') return;
  versionAsked = true;
  api('/api/cluster/image', { quiet: true }).then(renderVersion).catch(() => { versionAsked = false; });
}

function renderVersion(info) {
  if (!info) return;
  versionKnown = true;
  const e = updateEls;
  if (info.vllmVersion) {
    fill(e.version, 'vLLM in the cluster image: ', h('strong', null, info.vllmVersion),
      info.vllmCommit ? h('span', { class: 'muted mono' }, ` ${String(info.vllmCommit).slice(0, 10)}`) : null,
      info.buildDate ? h('span', { class: 'muted' }, ` · built ${info.buildDate}`) : null,
      info.checkedAt ? h('span', { class: 'muted' }, ` · checked ${ago(info.checkedAt)}`) : null);
  } else {
    fill(e.version, 'vLLM in the cluster image: ', h('strong', null, 'unknown'), info.error ? h('span', { class: 'muted' }, ` (${info.error})`) : null);
  }
}

async function loadUpdate() {
  let view;
  try {
    view = await api('/api/cluster/update', { quiet: true });
  } catch (e) {
    return;
  }
  renderVersion(view.image || state.status.llm?.image);
  askVersion();
  if (view.updateId) {
    update = { updateId: view.updateId, state: view.state, error: view.error, log: view.log || [] };
    updateEls.log.set(update.log);
    renderUpdate();
  }
}

function onUpdateLog(d) {
  if (update.updateId !== d.updateId) {
    update = { updateId: d.updateId, state: d.state, log: [] };
    updateEls.log.clear();
  }
  const before = update.state;
  update.state = d.state;
  updateEls.log.add(d.line);
  renderUpdate();
  if (before === 'RUNNING' && d.state !== 'RUNNING') {
    toast(d.state === 'SUCCEEDED' ? 'Cluster update finished' : 'Cluster update failed', d.state === 'SUCCEEDED' ? 'ok' : 'bad', { detail: d.state === 'SUCCEEDED' ? 'Switch to a model again to run the new image.' : d.line });
    loadUpdate();
  }
}

function renderUpdate() {
  const e = updateEls;
  e.logWrap.hidden = !update.updateId;
  e.statePill.hidden = !update.state;
  e.statePill.textContent = update.state === 'RUNNING' ? 'updating…' : (update.state || '').toLowerCase();
  e.statePill.className = `pill ${update.state === 'RUNNING' ? 'busy' : update.state === 'SUCCEEDED' ? 'ok' : 'bad'}`;
  e.run.disabled = update.state === 'RUNNING';
}

const capital = (s) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);
