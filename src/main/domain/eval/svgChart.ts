/** A small, dependency-free SVG line chart for training curves in evaluation reports. */

/** One named line: points as [x, y]. */
export interface Series {
  name: string;
  points: [number, number][];
  /** Optional error bar per point: [low, high] in y units (e.g. a 95% interval). */
  errors?: [number, number][];
}

/** Chart labels and an optional horizontal reference line (e.g. the oracle's reward). */
export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  reference?: { y: number; label: string };
  /** Optional x-axis ticks in place of the five even ones (e.g. a log scale's labels). */
  xTicks?: { at: number; label: string }[];
  width?: number;
  height?: number;
}

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2'];

/** Escape text for SVG/XML content and attributes. */
export function xmlEscape(s: string): string {
  return s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );
}

/** Render the series as a standalone SVG document. */
export function lineChart(series: readonly Series[], o: ChartOptions): string {
  const W = o.width ?? 760;
  const H = o.height ?? 420;
  const m = { l: 64, r: 170, t: 36, b: 48 };
  const all = series.flatMap((s) => s.points);
  const ys = all
    .map((p) => p[1])
    .concat(o.reference ? [o.reference.y] : [], ...series.map((s) => (s.errors ?? []).flat()));
  const xMax = Math.max(1, ...all.map((p) => p[0]));
  const yMin = Math.min(0, ...ys);
  const yMax = Math.max(1, ...ys);
  const x = (v: number) => m.l + (v / xMax) * (W - m.l - m.r);
  const y = (v: number) => m.t + (1 - (v - yMin) / (yMax - yMin || 1)) * (H - m.t - m.b);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2 - m.r / 2}" y="20" text-anchor="middle" font-size="14">${xmlEscape(o.title)}</text>`,
    `<line x1="${m.l}" y1="${H - m.b}" x2="${W - m.r}" y2="${H - m.b}" stroke="#333"/>`,
    `<line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${H - m.b}" stroke="#333"/>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const v = yMin + ((yMax - yMin) * i) / 5;
    const xv = (xMax * i) / 5;
    out.push(`<text x="${m.l - 6}" y="${y(v) + 4}" text-anchor="end">${v.toFixed(1)}</text>`);
    out.push(`<line x1="${m.l}" y1="${y(v)}" x2="${W - m.r}" y2="${y(v)}" stroke="#eee"/>`);
    if (!o.xTicks)
      out.push(`<text x="${x(xv)}" y="${H - m.b + 16}" text-anchor="middle">${compact(xv)}</text>`);
  }
  for (const t of o.xTicks ?? [])
    out.push(
      `<text x="${x(t.at)}" y="${H - m.b + 16}" text-anchor="middle">${xmlEscape(t.label)}</text>`,
    );
  out.push(
    `<text x="${(m.l + W - m.r) / 2}" y="${H - 10}" text-anchor="middle">${xmlEscape(o.xLabel)}</text>`,
  );
  out.push(
    `<text x="16" y="${(m.t + H - m.b) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(m.t + H - m.b) / 2})">${xmlEscape(o.yLabel)}</text>`,
  );
  if (o.reference) {
    const ry = y(o.reference.y);
    out.push(
      `<line x1="${m.l}" y1="${ry}" x2="${W - m.r}" y2="${ry}" stroke="#555" stroke-dasharray="6 4"/>`,
    );
    out.push(
      `<text x="${W - m.r - 4}" y="${ry + 14}" text-anchor="end" fill="#555">${xmlEscape(o.reference.label)}</text>`,
    );
  }
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const pts = s.points.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ');
    if (pts)
      out.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${pts}"/>`);
    s.errors?.forEach(([lo, hi], j) => {
      const px = s.points[j]?.[0];
      if (px === undefined) return;
      const xe = x(px).toFixed(1);
      out.push(
        `<line x1="${xe}" y1="${y(lo).toFixed(1)}" x2="${xe}" y2="${y(hi).toFixed(1)}" stroke="${colour}"/>`,
      );
    });
    out.push(
      `<rect x="${W - m.r + 6}" y="${m.t + 18 * i}" width="12" height="3" fill="${colour}"/>`,
    );
    out.push(`<text x="${W - m.r + 24}" y="${m.t + 18 * i + 5}">${xmlEscape(s.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function compact(v: number): string {
  return v >= 1e6
    ? `${(v / 1e6).toFixed(1)}M`
    : v >= 1e3
      ? `${(v / 1e3).toFixed(0)}k`
      : v.toFixed(0);
}
