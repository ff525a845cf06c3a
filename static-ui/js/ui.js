// Small DOM and formatting helpers shared by every tab. Text always goes in as text nodes, never as HTML,
// so nothing a Spark or a model prints can inject markup.

/** h('div', {class: 'x', onclick: fn}, child, 'text', [more]) → an element. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v == null || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'class') el.className = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
      else if (v === true) el.setAttribute(k, '');
      else el.setAttribute(k, v);
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const $ = (sel, root = document) => root.querySelector(sel);

let idSeq = 0;
export const uid = (prefix = 'id') => `${prefix}-${++idSeq}`;

/** A labelled control: <label for> + control (+ hint and an error slot). */
export function field(label, control, hint) {
  if (!control.id) control.id = uid('f');
  const error = h('span', { class: 'field-error', id: control.id + '-err', 'aria-live': 'polite' });
  control.setAttribute('aria-describedby', control.id + '-err' + (hint ? ' ' + control.id + '-hint' : ''));
  return h('div', { class: 'field' },
    h('label', { for: control.id }, label),
    control,
    hint ? h('span', { class: 'hint', id: control.id + '-hint' }, hint) : null,
    error);
}

export function setFieldError(control, message) {
  const slot = document.getElementById(control.id + '-err');
  if (slot) slot.textContent = message || '';
  if (message) control.setAttribute('aria-invalid', 'true');
  else control.removeAttribute('aria-invalid');
}

/** A status pill: kind is ok | bad | warn | busy | muted | info. */
export const pill = (text, kind = 'muted', title) => h('span', { class: `pill ${kind}`, title }, text);

/** A progress bar with an accessible value. */
export function progressBar(label) {
  const bar = h('span', { class: 'bar-fill' });
  const el = h('div', { class: 'bar', role: 'progressbar', 'aria-label': label, 'aria-valuemin': '0', 'aria-valuemax': '100' }, bar);
  el.set = (percent) => {
    if (percent == null || Number.isNaN(percent)) {
      el.classList.add('indeterminate');
      el.removeAttribute('aria-valuenow');
      bar.style.width = '';
    } else {
      const p = Math.max(0, Math.min(100, percent));
      el.classList.remove('indeterminate');
      el.setAttribute('aria-valuenow', String(Math.round(p)));
      bar.style.width = p + '%';
    }
  };
  return el;
}

// ---- formatting ----------------------------------------------------------------------------------------

export function bytes(n, digits = 1) {
  if (n == null || Number.isNaN(n)) return '—';
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let i = 0;
  let v = Math.abs(n);
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  return `${n < 0 ? '-' : ''}${v.toFixed(i === 0 ? 0 : v < 10 ? digits : 0)} ${units[i]}`;
}

export function duration(seconds) {
  if (seconds == null || Number.isNaN(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min${s % 60 && m < 10 ? ' ' + (s % 60) + ' s' : ''}`;
  const hrs = Math.floor(m / 60);
  if (hrs < 48) return `${hrs} h ${m % 60} min`;
  return `${Math.floor(hrs / 24)} d ${hrs % 24} h`;
}

export function ago(iso) {
  if (!iso) return '—';
  const t = typeof iso === 'number' ? iso : Date.parse(iso);
  if (Number.isNaN(t)) return '—';
  const s = (Date.now() - t) / 1000;
  if (s < 5) return 'just now';
  if (s < 0) return 'just now';
  return duration(s) + ' ago';
}

export function clock(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const today = new Date().toDateString() === d.toDateString();
  return today ? d.toLocaleTimeString() : d.toLocaleString();
}

export const pct = (v, digits = 0) => (v == null || Number.isNaN(v) ? '—' : `${Number(v).toFixed(digits)}%`);

export function tokens(n) {
  if (n == null) return '—';
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024}K`;
  if (n >= 1000) return `${Math.round(n / 1000)}K`;
  return String(n);
}

/** Announces a short message to screen readers (progress milestones, results). */
export function announce(text) {
  const el = document.getElementById('announcer');
  if (!el) return;
  el.textContent = '';
  setTimeout(() => { el.textContent = text; }, 30);
}

/** Copies text, with a fallback for plain-HTTP pages where the async clipboard API is missing. */
export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = h('textarea', { class: 'sr-only', readonly: true });
  area.value = text;
  document.body.append(area);
  area.select();
  try { document.execCommand('copy'); } finally { area.remove(); }
}

/** A button that copies the text returned by getText(), saying so for a moment. */
export function copyButton(getText, label = 'Copy') {
  const btn = h('button', { class: 'btn small', type: 'button' }, label);
  btn.addEventListener('click', async () => {
    try {
      await copyText(getText());
      btn.textContent = 'Copied ✓';
      announce('Copied to the clipboard');
    } catch (e) {
      btn.textContent = 'Copy failed';
    }
    setTimeout(() => { btn.textContent = label; }, 1600);
  });
  return btn;
}

/** A card section with a heading. */
export function section(title, ...children) {
  const id = uid('sec');
  return h('section', { class: 'section', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

/** Renders an empty/placeholder line. */
export const empty = (text) => h('p', { class: 'empty' }, text);

/** A modal dialog (native <dialog>: focus trapped, Escape closes) built from a title, a body and buttons. */
export function modal(title, body, buttons, { wide } = {}) {
  const titleId = uid('dlg');
  const dlg = h('dialog', { class: `dialog${wide ? ' wide' : ''}`, 'aria-labelledby': titleId },
    h('div', { class: 'dialog-head' },
      h('h2', { id: titleId }, title),
      h('button', { class: 'btn ghost icon', type: 'button', 'aria-label': 'Close', onclick: () => dlg.close() }, '×')),
    h('div', { class: 'dialog-body' }, body),
    h('div', { class: 'dialog-actions' }, buttons));
  dlg.addEventListener('close', () => setTimeout(() => dlg.remove(), 0));
  document.body.append(dlg);
  dlg.showModal();
  return dlg;
}

/** Asks before something disruptive; resolves true when confirmed. */
export function confirmDialog(title, text, okLabel = 'Continue', danger = false) {
  return new Promise((resolve) => {
    let answer = false;
    const ok = h('button', { class: `btn ${danger ? 'danger' : 'primary'} dialog-ok`, type: 'button' }, okLabel);
    const cancel = h('button', { class: 'btn dialog-cancel', type: 'button' }, 'Cancel');
    const dlg = modal(title, h('p', null, text), [cancel, ok]);
    ok.addEventListener('click', () => { answer = true; dlg.close(); });
    cancel.addEventListener('click', () => dlg.close());
    dlg.addEventListener('close', () => resolve(answer));
    ok.focus();
  });
}

/** Disables a button while an async action runs (no double submits), then restores it. */
export async function busy(button, fn) {
  if (button.disabled) return undefined;
  button.disabled = true;
  button.classList.add('working');
  try {
    return await fn();
  } finally {
    button.disabled = false;
    button.classList.remove('working');
  }
}

/** "spark1" → "Spark 1" */
export const sparkName = (id) => (/^spark\d+$/.test(id || '') ? `Spark ${id.slice(5)}` : id || '?');

const BACKENDS = { llm: 'LLM (vLLM)', stt: 'Speech to text', tts: 'Text to speech', diarization: 'Diarization', embeddings: 'Embeddings' };
/** A Spark or a backend as people call it: "spark2" → "Spark 2", "tts" → "Text to speech". */
export const subjectName = (id) => BACKENDS[id] || sparkName(id);
