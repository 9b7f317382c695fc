import type { Graph, Tensor } from '../graph';
import { add, concat, gather, mul, split, sub } from '../ops';

/** One pair of tables per graph and geometry, however many layers rotate. */
const tableCache = new WeakMap<Graph, Map<string, { cos: Tensor; sin: Tensor }>>();

/**
 * Rotary position embedding (RoPE, "rotate half" layout): channel pairs (i, i + dh/2) of queries and keys are
 * rotated by angle pos·base^(-2i/dh), so q·k depends only on the relative position. No parameters.
 */
export class RotaryPositions {
  constructor(
    readonly headDim: number,
    readonly maxLen: number,
    readonly base = 10000,
  ) {
    if (headDim % 2 !== 0) throw new Error(`RotaryPositions: head dim must be even, got ${headDim}`);
  }

  /** cos and sin tables [maxLen, dh/2] as graph constants, computed in float64 on the host. */
  tables(g: Graph): { cos: Tensor; sin: Tensor } {
    const key = `${this.headDim}:${this.maxLen}:${this.base}`;
    let perGraph = tableCache.get(g);
    if (!perGraph) tableCache.set(g, (perGraph = new Map()));
    const hit = perGraph.get(key);
    if (hit) return hit;
    const half = this.headDim / 2;
    const cos = new Float64Array(this.maxLen * half);
    const sin = new Float64Array(this.maxLen * half);
    for (let p = 0; p < this.maxLen; p++) {
      for (let i = 0; i < half; i++) {
        const angle = p * Math.pow(this.base, (-2 * i) / this.headDim);
        cos[p * half + i] = Math.cos(angle);
        sin[p * half + i] = Math.sin(angle);
      }
    }
    const made = {
      cos: g.constant(cos, [this.maxLen, half], g.floatType),
      sin: g.constant(sin, [this.maxLen, half], g.floatType),
    };
    perGraph.set(key, made);
    return made;
  }

  /** Rotates x [..., T, dh] whose T positions are `positions` (int64 [T]). */
  apply(x: Tensor, positions: Tensor): Tensor {
    const half = this.headDim / 2;
    const { cos: cosT, sin: sinT } = this.tables(x.graph);
    const cos = gather(cosT, positions, 0); // [T, dh/2], broadcasts over leading axes
    const sin = gather(sinT, positions, 0);
    const [x1, x2] = split(x, [half, half], -1) as [Tensor, Tensor];
    return concat([sub(mul(x1, cos), mul(x2, sin)), add(mul(x1, sin), mul(x2, cos))], -1);
  }
}
