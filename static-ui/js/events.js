// Live updates: one EventSource on /api/events. The browser reconnects by itself (sending Last-Event-ID, so
// the server replays what was missed); when the stream is closed for good (a proxy error, a restart that
// answered with an error) we open a new one with ?lastEventId=. A banner shows while the stream is down.

export const TYPES = ['status', 'health', 'swap-progress', 'swap-log', 'download-progress', 'download-log',
  'service-state', 'service-log', 'health-event', 'update-log', 'resync'];

const BANNER_GRACE_MS = 2500;

/**
 * handlers: {type: (data, envelope) => void}; onOpen(reconnected) runs on every (re)connection, so the caller
 * can refetch snapshots that events alone might not rebuild.
 */
export function connectEvents(handlers, onOpen) {
  let source = null;
  let lastId = null;
  let opened = false;
  let lostAt = null;
  let bannerTimer = null;
  let retryTimer = null;
  let attempts = 0;
  const banner = document.getElementById('conn-banner');
  const text = document.getElementById('conn-text');

  function open() {
    clearTimeout(retryTimer);
    if (source) source.close();
    const url = '/api/events' + (lastId ? `?lastEventId=${encodeURIComponent(lastId)}` : '');
    source = new EventSource(url);
    source.onopen = () => {
      const reconnected = opened;
      opened = true;
      attempts = 0;
      lostAt = null;
      clearTimeout(bannerTimer);
      bannerTimer = null;
      banner.hidden = true;
      document.body.classList.remove('offline');
      onOpen(reconnected);
    };
    source.onerror = () => {
      if (!lostAt) lostAt = Date.now();
      if (!bannerTimer && banner.hidden) bannerTimer = setTimeout(showBanner, BANNER_GRACE_MS);
      if (source.readyState === EventSource.CLOSED) {
        // the browser gave up (an HTTP error rather than a dropped connection): retry with back-off
        attempts++;
        const wait = Math.min(15000, 1000 * 2 ** Math.min(attempts - 1, 4));
        text.textContent = `Reconnecting in ${Math.round(wait / 1000)} s…`;
        retryTimer = setTimeout(open, wait);
      } else {
        text.textContent = 'Reconnecting…';
      }
    };
    for (const type of TYPES) {
      source.addEventListener(type, (e) => {
        if (e.lastEventId) lastId = e.lastEventId;
        let envelope;
        try {
          envelope = JSON.parse(e.data);
        } catch (err) {
          return;
        }
        const handler = handlers[type];
        if (handler) {
          try {
            handler(envelope.data ?? {}, envelope);
          } catch (err) {
            console.warn(`dashboard: the ${type} event could not be shown`, err);
          }
        }
      });
    }
  }

  function showBanner() {
    bannerTimer = null;
    if (source && source.readyState === EventSource.OPEN) return;
    banner.hidden = false;
    document.body.classList.add('offline');
  }

  // back on the network, or the tab woke up: do not wait for the back-off
  window.addEventListener('online', () => { if (!source || source.readyState !== EventSource.OPEN) open(); });
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && source && source.readyState === EventSource.CLOSED) open();
  });

  open();
  return { reconnect: open, connected: () => source && source.readyState === EventSource.OPEN };
}
