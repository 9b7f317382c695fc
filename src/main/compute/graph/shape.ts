/**
 * Static shape arithmetic with symbolic dims. A dim is a number or a symbol ("B", "T"); products of symbols
 * that a reshape creates are written "B*T" (factors sorted) so equal products compare equal as strings.
 */
export type Dim = number | string;
export type Shape = readonly Dim[];

export class ShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShapeError';
  }
}

export function fmtShape(s: Shape): string {
  return `[${s.join(', ')}]`;
}

export function isStatic(s: Shape): s is readonly number[] {
  return s.every((d) => typeof d === 'number');
}

export function dimEq(a: Dim, b: Dim): boolean {
  return a === b;
}

export function shapeEq(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Product of dims: a number when all are static, else a canonical symbolic product. */
export function dimProduct(dims: readonly Dim[]): Dim {
  let n = 1;
  const syms: string[] = [];
  for (const d of dims) {
    if (typeof d === 'number') n *= d;
    else syms.push(...d.split('*'));
  }
  if (syms.length === 0) return n;
  if (n === 0) return 0;
  syms.sort();
  if (n !== 1) syms.unshift(String(n));
  return syms.join('*');
}

/** Numpy-style broadcast of two shapes; mismatched symbols are an error (we cannot prove them equal). */
export function broadcastShapes(a: Shape, b: Shape): Dim[] {
  const n = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)]!;
    const db = i < n - b.length ? 1 : b[i - (n - b.length)]!;
    if (da === db) out.push(da);
    else if (da === 1) out.push(db);
    else if (db === 1) out.push(da);
    else throw new ShapeError(`cannot broadcast ${fmtShape(a)} with ${fmtShape(b)}`);
  }
  return out;
}

export function normAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new ShapeError(`axis ${axis} out of range for rank ${rank}`);
  return a;
}

export function numel(s: readonly number[]): number {
  let n = 1;
  for (const d of s) n *= d;
  return n;
}

function factors(d: Dim): { n: number; syms: string[] } {
  if (typeof d === 'number') return { n: d, syms: [] };
  let n = 1;
  const syms: string[] = [];
  for (const f of d.split('*')) {
    if (/^\d+$/.test(f)) n *= Number(f);
    else syms.push(f);
  }
  return { n, syms };
}

/** total / part for dims, cancelling symbolic factors; throws when the division is not exact. */
export function dimDivide(total: Dim, part: Dim): Dim {
  const t = factors(total);
  const p = factors(part);
  const syms = [...t.syms];
  for (const s of p.syms) {
    const i = syms.indexOf(s);
    if (i < 0) throw new ShapeError(`cannot divide dim ${total} by ${part}`);
    syms.splice(i, 1);
  }
  if (p.n === 0 || t.n % p.n !== 0) throw new ShapeError(`cannot divide dim ${total} by ${part}`);
  return dimProduct([t.n / p.n, ...syms]);
}
