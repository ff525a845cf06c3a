// A live log view: follows new lines while the reader is at the bottom, stops following as soon as they
// scroll up (a "new lines" button brings them back), marks failure and warning lines, and keeps a bounded
// number of lines so a long load never slows the page.
import { h } from './ui.js';

const FAILURE = /(\bERROR\b|\bFAILED\b|\bfailed\b|Traceback|Exception|Error:|OutOfMemory|out of memory|NCCL error|died unexpectedly|CUDA error|\bfatal\b|denied|refused)/;
const WARNING = /(\bWARN(ING)?\b|\bwarning\b)/;
const SUCCESS = /(Application startup complete|\bis ready\b|\bdone\b|Download completed|Copy complete|\bSUCCEEDED\b|update finished)/;

export function classify(line) {
  if (FAILURE.test(line)) return 'bad';
  if (WARNING.test(line)) return 'warn';
  if (SUCCESS.test(line)) return 'ok';
  return '';
}

/** createLog({label, max}) → {el, add(line, kind?), set(lines), clear(), size()} */
export function createLog({ label = 'Log', max = 2000, height } = {}) {
  const body = h('div', { class: 'log-body', role: 'log', 'aria-label': label, 'aria-live': 'off', tabindex: '0' });
  if (height) body.style.maxHeight = height;
  const jump = h('button', { class: 'log-jump', type: 'button', hidden: true }, '↓ New lines');
  const el = h('div', { class: 'log' }, body, jump);
  let follow = true;
  let pending = [];
  let scheduled = false;
  let unseen = 0;

  body.addEventListener('scroll', () => {
    const atBottom = body.scrollHeight - body.scrollTop - body.clientHeight < 24;
    follow = atBottom;
    if (atBottom) {
      unseen = 0;
      jump.hidden = true;
    }
  });
  jump.addEventListener('click', () => {
    follow = true;
    unseen = 0;
    jump.hidden = true;
    body.scrollTop = body.scrollHeight;
  });

  function flush() {
    scheduled = false;
    if (!pending.length) return;
    const frag = document.createDocumentFragment();
    for (const [text, kind] of pending) {
      frag.append(h('div', { class: `log-line ${kind || classify(text)}` }, text === '' ? '\u00a0' : text));
    }
    const added = pending.length;
    pending = [];
    body.append(frag);
    while (body.childElementCount > max) body.firstElementChild.remove();
    el.classList.toggle('has-lines', body.childElementCount > 0);
    if (follow) {
      body.scrollTop = body.scrollHeight;
    } else {
      unseen += added;
      jump.textContent = `↓ ${unseen} new line${unseen === 1 ? '' : 's'}`;
      jump.hidden = false;
    }
  }

  const api = {
    el,
    add(line, kind) {
      pending.push([String(line ?? ''), kind]);
      if (!scheduled) {
        scheduled = true;
        requestAnimationFrame(flush);
      }
    },
    set(lines) {
      body.replaceChildren();
      pending = [];
      unseen = 0;
      follow = true;
      jump.hidden = true;
      (lines || []).forEach((l) => api.add(l));
      flush();
    },
    clear() { api.set([]); },
    size: () => body.childElementCount + pending.length,
    following: () => follow,
  };
  return api;
}
