// The Hardware tab: a card per Spark with CPU, unified memory, GPU utilisation, temperature, power and disk,
// each with a sparkline of recent history. GET /api/hardware gives the figures and history; every `health`
// tick (one per poll) adds a point, so the sparklines move without a reload.
import { api } from './api.js';
import { on, state } from './store.js';
import { h, fill, pill, bytes, pct, section, empty, sparkName, subjectName, ago } from './ui.js';
import { sparkline, draw } from './sparkline.js';

const KEEP_POINTS = 120;

let grid;
let backendsEl;
let hw = null;
const cards = new Map();
let loaded = false;

const METRICS = [
  { key: 'cpuPercent', label: 'CPU', scale: { min: 0, max: 100 } },
  { key: 'memoryUsedBytes', label: 'Memory', scale: { min: 0 } },
  { key: 'gpuUtilPercent', label: 'GPU', scale: { min: 0, max: 100 } },
  { key: 'gpuTemperatureC', label: 'GPU temp', scale: {} },
  { key: 'gpuPowerW', label: 'GPU power', scale: { min: 0 } },
  { key: 'diskFreeBytes', label: 'Disk free', scale: { min: 0 } },
];

export function init(panel) {
  grid = h('div', { class: 'grid sparks', 'aria-busy': 'true' }, empty('Waiting for the first health poll…'));
  backendsEl = h('div', { class: 'backends' });
  panel.append(
    section('Sparks', grid),
    section('Backends', h('p', { class: 'lead' }, 'What the gateway sends requests to, as the last health poll found it.'), backendsEl));
  on('health', onTick);
  on('status', () => { renderBackends(); syncReachability(); });
  on('refresh', load);
  load();
}

async function load() {
  try {
    hw = await api('/api/hardware', { quiet: loaded });
  } catch (e) {
    if (!loaded) fill(grid, empty(`Hardware figures are not available: ${e.message}`));
    return;
  }
  loaded = true;
  grid.removeAttribute('aria-busy');
  renderAll();
  renderBackends();
}

function renderAll() {
  const sparks = Object.values(hw.sparks || {});
  if (!sparks.length) {
    fill(grid, empty('No Sparks are configured.'));
    return;
  }
  const order = [];
  for (const s of sparks) {
    let c = cards.get(s.id);
    if (!c) {
      c = makeCard(s);
      cards.set(s.id, c);
    }
    c.data = s;
    renderCard(c);
    order.push(c.el);
  }
  if (order.some((el, i) => grid.children[i] !== el) || grid.children.length !== order.length) fill(grid, order);
}

function makeCard(s) {
  const titleId = `hw-${s.id}-title`;
  const c = { tiles: {} };
  c.title = h('h3', { id: titleId }, sparkName(s.id));
  c.badge = h('span');
  c.sub = h('div', { class: 'muted small' });
  c.alert = h('div', { class: 'down-reason', role: 'status', hidden: true });
  const tiles = h('div', { class: 'tiles' });
  for (const m of METRICS) {
    const value = h('div', { class: 'tile-value' }, '—');
    const detail = h('div', { class: 'tile-detail' });
    const spark = sparkline([], { ...m.scale, label: m.label });
    const tile = h('div', { class: 'tile', dataset: { metric: m.key } }, h('div', { class: 'tile-label' }, m.label), value, detail, spark);
    c.tiles[m.key] = { tile, value, detail, spark, meta: m };
    tiles.append(tile);
  }
  c.containers = h('div', { class: 'containers' });
  c.notes = h('p', { class: 'muted small', hidden: true });
  c.el = h('article', { class: 'card spark-card', 'aria-labelledby': titleId, dataset: { spark: s.id } },
    h('div', { class: 'card-head' }, c.title, c.badge, h('span', { class: 'spacer' }), c.sub),
    c.alert, tiles, c.containers, c.notes);
  return c;
}

function renderCard(c) {
  const s = c.data;
  const st = s.state || (s.configured === false ? 'not configured' : s.reachable ? 'up' : 'down');
  fill(c.badge, pill(st === 'up' ? '● up' : st === 'down' ? '● down' : st, st === 'up' ? 'ok' : st === 'down' ? 'bad' : 'muted'));
  fill(c.sub, s.host ? h('span', { class: 'mono' }, s.host) : null, s.roles && s.roles.length ? ` · ${s.roles.map((r) => r.toLowerCase()).join(', ')}` : '',
    s.uptime && s.uptime.last24hPercent != null ? ` · ${pct(s.uptime.last24hPercent, 1)} up (24 h)` : '');
  c.el.classList.toggle('down', st === 'down');
  c.el.classList.toggle('unconfigured', st === 'not configured');
  if (st === 'down' || st === 'not configured' || st === 'unknown') {
    c.alert.hidden = false;
    c.alert.className = `down-reason ${st === 'down' ? 'bad' : 'muted'}`;
    fill(c.alert,
      h('strong', null, st === 'down' ? 'Unreachable' : st === 'unknown' ? 'Not polled yet' : 'Not configured'),
      s.reason ? h('span', null, `: ${s.reason}`) : null,
      st === 'down' && s.since ? h('span', { class: 'muted' }, ` (since ${ago(s.since)})`) : null,
      st === 'down' && s.cpu && s.cpu.percent != null ? h('div', { class: 'small muted' }, 'The figures below are the last ones read.') : null,
      st === 'not configured' ? h('span', null, ' — ', h('a', { href: '#setup' }, 'see Setup')) : null);
  } else {
    c.alert.hidden = true;
  }
  const cpu = s.cpu || {};
  const mem = s.memory || {};
  const gpu = s.gpu || {};
  const disk = s.disk || {};
  const series = (s.history && s.history.series) || {};
  const t = c.tiles;
  set(t.cpuPercent, pct(cpu.percent), [cpu.load1 != null ? `load ${cpu.load1.toFixed(2)}` : null, cpu.cores ? `${cpu.cores} cores` : null], cpu.percent, series.cpuPercent);
  const memPct = mem.totalBytes ? (100 * mem.usedBytes) / mem.totalBytes : null;
  set(t.memoryUsedBytes, mem.usedBytes != null ? `${bytes(mem.usedBytes)}` : '—',
    [mem.totalBytes ? `of ${bytes(mem.totalBytes)} · ${pct(memPct)}` : null, mem.unified ? 'unified' : null], memPct, series.memoryUsedBytes,
    { min: 0, max: mem.totalBytes || undefined });
  t.memoryUsedBytes.tile.title = mem.unified ? 'Unified memory: one pool shared by the CPU and the GPU' : '';
  set(t.gpuUtilPercent, pct(gpu.utilPercent), [gpu.name || null], gpu.utilPercent, series.gpuUtilPercent);
  set(t.gpuTemperatureC, gpu.temperatureC != null ? `${Math.round(gpu.temperatureC)} °C` : '—', [], null, series.gpuTemperatureC, null,
    gpu.temperatureC >= 90 ? 'bad' : gpu.temperatureC >= 80 ? 'warn' : '');
  set(t.gpuPowerW, gpu.powerW != null ? `${gpu.powerW.toFixed(gpu.powerW < 10 ? 1 : 0)} W` : '—', [], null, series.gpuPowerW);
  const diskUsedPct = disk.totalBytes ? (100 * (disk.totalBytes - disk.freeBytes)) / disk.totalBytes : null;
  set(t.diskFreeBytes, disk.freeBytes != null ? bytes(disk.freeBytes) : '—',
    [disk.totalBytes ? `of ${bytes(disk.totalBytes)}` : null, disk.path ? disk.path : null], diskUsedPct, series.diskFreeBytes,
    null, disk.totalBytes && disk.freeBytes / disk.totalBytes < 0.05 ? 'bad' : disk.totalBytes && disk.freeBytes / disk.totalBytes < 0.15 ? 'warn' : '');
  const containers = s.containers || [];
  fill(c.containers, containers.length ? [h('span', { class: 'muted small' }, 'Containers: '), containers.map((k) => pill(`${k.name} · ${k.state}`, k.state === 'running' ? 'ok' : 'muted', k.status || k.image))] : null);
  c.notes.hidden = !(s.notes && s.notes.length);
  c.notes.textContent = (s.notes || []).join(' · ');
}

function set(tile, value, details, meterPct, points, scale, level = '') {
  tile.value.textContent = value;
  fill(tile.detail, details.filter(Boolean).join(' · '));
  tile.tile.className = `tile ${level}`;
  tile.points = (points || []).slice(-KEEP_POINTS);
  tile.scale = scale || tile.meta.scale;
  draw(tile.spark, tile.points, { ...tile.scale, label: tile.meta.label });
  tile.tile.style.setProperty('--meter', meterPct == null ? '0%' : `${Math.max(0, Math.min(100, meterPct))}%`);
}

/** One poll's figures: update the numbers and push a point onto each sparkline. */
function onTick(tick) {
  if (!hw) return;
  let reachabilityChanged = false;
  for (const [id, f] of Object.entries(tick.sparks || {})) {
    const s = hw.sparks && hw.sparks[id];
    if (!s) continue;
    if (!!s.reachable !== !!f.reachable) reachabilityChanged = true;
    s.reachable = f.reachable;
    if (f.reachable) s.state = 'up';
    const c = cards.get(id);
    if (!f.reachable) {
      // keep the last figures read (shown dimmed) rather than blanking the card
      if (c) renderCard(c);
      continue;
    }
    s.cpu = { ...(s.cpu || {}), percent: f.cpuPercent };
    s.memory = { ...(s.memory || {}), usedBytes: f.memoryUsedBytes, totalBytes: f.memoryTotalBytes ?? s.memory?.totalBytes };
    s.gpu = { ...(s.gpu || {}), utilPercent: f.gpuUtilPercent, temperatureC: f.gpuTemperatureC, powerW: f.gpuPowerW };
    s.disk = { ...(s.disk || {}), freeBytes: f.diskFreeBytes };
    const t = Date.parse(tick.at) || Date.now();
    s.history = s.history || { series: {} };
    const series = s.history.series = s.history.series || {};
    for (const m of METRICS) {
      const list = series[m.key] = series[m.key] || [];
      list.push([t, f[m.key] ?? null]);
      if (list.length > KEEP_POINTS) list.splice(0, list.length - KEEP_POINTS);
    }
    if (c) {
      c.data = s;
      renderCard(c);
    }
  }
  // a Spark went down or came back: fetch the reason and the rest of its figures
  if (reachabilityChanged) load();
  for (const [key, f] of Object.entries(tick.backends || {})) {
    const b = state.status.backends && state.status.backends[key];
    if (b) {
      b.latencyMs = f.latencyMs;
      if (f.tokensPerSecond != null) b.load = { ...(b.load || {}), tokensPerSecond: f.tokensPerSecond, requestsRunning: f.requestsRunning, requestsWaiting: f.requestsWaiting, kvCachePercent: f.kvCachePercent };
    }
  }
  renderBackends();
}

/** A status event said a Spark's reachability changed: redraw its badge and reason now. */
function syncReachability() {
  if (!hw || !hw.sparks) return;
  for (const [id, entry] of Object.entries(state.status.sparks || {})) {
    const s = hw.sparks[id];
    if (!s || !entry || entry.state === s.state) continue;
    Object.assign(s, { state: entry.state, reachable: entry.reachable, reason: entry.reason, since: entry.since });
    const c = cards.get(id);
    if (c) {
      c.data = s;
      renderCard(c);
    }
  }
}

function renderBackends() {
  const backends = state.status.backends;
  if (!backends || typeof backends !== 'object' || backends.error) {
    fill(backendsEl, empty('Backend health is not available yet.'));
    return;
  }
  fill(backendsEl, h('table', { class: 'table' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Backend'), h('th', { scope: 'col' }, 'State'), h('th', { scope: 'col' }, 'Latency'), h('th', { scope: 'col' }, 'Detail'))),
    h('tbody', null, Object.entries(backends).map(([key, b]) => h('tr', null,
      h('th', { scope: 'row' }, subjectName(key)),
      h('td', null, pill(b.state || (b.up ? 'up' : 'down'), b.up ? 'ok' : b.state === 'not configured' || b.state === 'unknown' ? 'muted' : 'bad')),
      h('td', { class: 'num' }, b.latencyMs != null ? `${Math.round(b.latencyMs)} ms` : '—'),
      h('td', { class: 'detail' }, [b.model ? `${b.model}` : null, b.load && b.load.tokensPerSecond != null ? `${b.load.tokensPerSecond.toFixed(1)} tok/s` : null,
        !b.up && b.detail ? b.detail : null].filter(Boolean).join(' · ') || (b.url ? b.url : '')))))));
}
