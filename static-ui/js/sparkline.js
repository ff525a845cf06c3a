// Sparklines as inline SVG: a line with a soft area under it; unknown points (null) leave a gap rather than
// a made-up value. Scales to its container (viewBox + non-scaling stroke).
const NS = 'http://www.w3.org/2000/svg';
const W = 120;
const H = 32;

/**
 * points: [[epochMillis, value|null], …] oldest first (the shape of /api/hardware's history), or plain values.
 * options: {min, max} fix the scale (e.g. 0–100 for percentages); label for screen readers.
 */
export function sparkline(points, options = {}) {
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('role', 'img');
  draw(svg, points, options);
  return svg;
}

/** Redraws an existing sparkline with new points. */
export function draw(svg, points, options = {}) {
  svg.replaceChildren();
  const values = (points || []).map((p) => (Array.isArray(p) ? p[1] : p));
  const known = values.filter((v) => v != null && !Number.isNaN(v));
  svg.setAttribute('aria-label', options.label
    ? `${options.label}: ${known.length ? `last ${known.length} readings, from ${fmt(Math.min(...known))} to ${fmt(Math.max(...known))}` : 'no readings yet'}`
    : 'history');
  if (known.length < 2) {
    const base = el('line', { x1: 0, y1: H - 1, x2: W, y2: H - 1, class: 'spark-base' });
    svg.append(base);
    return;
  }
  let min = options.min ?? Math.min(...known);
  let max = options.max ?? Math.max(...known);
  if (options.max != null) max = Math.max(max, ...known);
  if (max - min < 1e-9) { max += 1; min -= 1; }
  const n = values.length;
  const x = (i) => (n === 1 ? W : (i / (n - 1)) * W);
  const y = (v) => H - 2 - ((v - min) / (max - min)) * (H - 4);
  let segment = [];
  const segments = [];
  values.forEach((v, i) => {
    if (v == null || Number.isNaN(v)) {
      if (segment.length) segments.push(segment);
      segment = [];
    } else {
      segment.push([x(i), y(v)]);
    }
  });
  if (segment.length) segments.push(segment);
  for (const s of segments) {
    const line = s.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ');
    if (s.length > 1) {
      svg.append(el('polygon', { points: `${s[0][0].toFixed(1)},${H} ${line} ${s[s.length - 1][0].toFixed(1)},${H}`, class: 'spark-area' }));
    }
    svg.append(el('polyline', { points: s.length > 1 ? line : `${line} ${(s[0][0] + 0.5).toFixed(1)},${s[0][1].toFixed(1)}`, class: 'spark-line' }));
  }
  const [lx, ly] = segments[segments.length - 1].slice(-1)[0];
  svg.append(el('circle', { cx: lx.toFixed(1), cy: ly.toFixed(1), r: 1.8, class: 'spark-dot' }));
}

function el(name, attrs) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (name === 'polyline' || name === 'line') e.setAttribute('vector-effect', 'non-scaling-stroke');
  return e;
}

const fmt = (v) => (Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 10) / 10);
