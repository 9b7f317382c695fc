// Small self-contained SVG charts for the reports (line charts of training curves, overlaid histograms), so
// docs show pictures without a plotting dependency.

export interface Series {
  name: string;
  color: string;
  points: readonly (readonly [number, number])[];
}

interface Frame {
  title: string;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** "Nice" tick values covering [lo, hi]. */
function ticks(lo: number, hi: number, count = 5): number[] {
  const span = hi - lo || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * span; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function frame(f: Frame, xr: [number, number], yr: [number, number], body: (x: (v: number) => number, y: (v: number) => number) => string, legend: { name: string; color: string }[]): string {
  const W = f.width ?? 640;
  const H = f.height ?? 360;
  const m = { l: 64, r: 16, t: 36, b: 48 };
  const x = (v: number) => m.l + ((v - xr[0]) / (xr[1] - xr[0] || 1)) * (W - m.l - m.r);
  const y = (v: number) => H - m.b - ((v - yr[0]) / (yr[1] - yr[0] || 1)) * (H - m.t - m.b);
  const fmt = (v: number) => (Math.abs(v) >= 1000 ? v.toLocaleString('en-US') : String(Number(v.toPrecision(3))));
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${esc(f.title)}</text>`,
  ];
  for (const t of ticks(yr[0], yr[1])) {
    parts.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${y(t)}" y2="${y(t)}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${m.l - 6}" y="${y(t) + 4}" text-anchor="end" fill="#444">${fmt(t)}</text>`);
  }
  for (const t of ticks(xr[0], xr[1])) parts.push(`<text x="${x(t)}" y="${H - m.b + 16}" text-anchor="middle" fill="#444">${fmt(t)}</text>`);
  parts.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${H - m.b}" y2="${H - m.b}" stroke="#888"/>`);
  parts.push(`<line x1="${m.l}" x2="${m.l}" y1="${m.t}" y2="${H - m.b}" stroke="#888"/>`);
  parts.push(`<text x="${(m.l + W - m.r) / 2}" y="${H - 10}" text-anchor="middle">${esc(f.xLabel)}</text>`);
  parts.push(`<text transform="translate(16 ${(m.t + H - m.b) / 2}) rotate(-90)" text-anchor="middle">${esc(f.yLabel)}</text>`);
  parts.push(body(x, y));
  legend.forEach((s, i) => {
    const ly = m.t + 8 + i * 18;
    parts.push(`<rect x="${W - m.r - 190}" y="${ly - 9}" width="12" height="12" fill="${s.color}" opacity="0.8"/>`);
    parts.push(`<text x="${W - m.r - 172}" y="${ly + 1}">${esc(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

export function lineChart(f: Frame & { series: Series[]; yMin?: number; yMax?: number }): string {
  const all = f.series.flatMap((s) => s.points);
  const xr: [number, number] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
  const yr: [number, number] = [f.yMin ?? Math.min(...all.map((p) => p[1])), f.yMax ?? Math.max(...all.map((p) => p[1]))];
  return frame(
    f,
    xr,
    yr,
    (x, y) =>
      f.series
        .map((s) => `<polyline fill="none" stroke="${s.color}" stroke-width="1.8" points="${s.points.map(([a, b]) => `${x(a).toFixed(1)},${y(b).toFixed(1)}`).join(' ')}"/>`)
        .join('\n'),
    f.series,
  );
}

/** Overlaid histograms on shared bin edges (counts normalised to fractions of each series). */
export function histogram(f: Frame & { edges: readonly number[]; series: { name: string; color: string; counts: readonly number[] }[] }): string {
  const norm = f.series.map((s) => {
    const total = s.counts.reduce((a, b) => a + b, 0) || 1;
    return s.counts.map((c) => c / total);
  });
  const yMax = Math.max(...norm.flat());
  return frame(
    f,
    [f.edges[0]!, f.edges.at(-1)!],
    [0, yMax],
    (x, y) =>
      f.series
        .map((s, si) =>
          norm[si]!
            .map((v, i) => `<rect x="${x(f.edges[i]!).toFixed(1)}" y="${y(v).toFixed(1)}" width="${(x(f.edges[i + 1]!) - x(f.edges[i]!) - 1).toFixed(1)}" height="${(y(0) - y(v)).toFixed(1)}" fill="${s.color}" opacity="0.55"/>`)
            .join(''),
        )
        .join('\n'),
    f.series,
  );
}
