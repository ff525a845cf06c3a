// The dashboard's shared state: the last /api/status snapshot (kept current by `status` events), the auth
// session, and a tiny publish/subscribe so each tab redraws only what changed.
const listeners = new Map();

export const state = {
  status: {},
  session: null,
  /** true when the server has no security module yet (no /api/auth/session) */
  authUnknown: true,
  /** set once /api/auth/session has answered (or is known to be missing) */
  sessionKnown: false,
};

export function on(topic, fn) {
  if (!listeners.has(topic)) listeners.set(topic, new Set());
  listeners.get(topic).add(fn);
  return () => listeners.get(topic).delete(fn);
}

export function emit(topic, data) {
  for (const fn of listeners.get(topic) || []) {
    try {
      fn(data);
    } catch (e) {
      console.warn(`dashboard: a ${topic} listener failed`, e);
    }
  }
}

/**
 * Folds a `status` event into the snapshot. Events carry parts: {llm: {...}} replaces the llm part;
 * {sparks: {spark1: {...}}} and {backends: {...}} update one entry of a keyed part.
 */
export function mergeStatus(delta) {
  for (const [key, value] of Object.entries(delta || {})) {
    if ((key === 'sparks' || key === 'backends') && value && typeof value === 'object') {
      state.status[key] = { ...(state.status[key] || {}), ...value };
    } else {
      state.status[key] = value;
    }
  }
  emit('status', state.status);
}

export function setStatus(snapshot) {
  state.status = snapshot || {};
  emit('status', state.status);
}

/** May this browser change things? Unknown security (no module) or no password or signed in: yes. */
export function canControl() {
  const s = state.session;
  return !s || !s.passwordSet || !!s.authenticated;
}
