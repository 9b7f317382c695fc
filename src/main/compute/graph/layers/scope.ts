import type { Graph, ParamInit, Tensor } from '../graph';

/**
 * Where a layer declares its parameters: a graph plus a dotted name prefix ("blocks.0.attn"). Asking twice for
 * the same name returns the same parameter, so train and inference graphs built from one model definition
 * share parameter names (and therefore one ParamStore and one checkpoint).
 */
export class Scope {
  constructor(
    readonly graph: Graph,
    readonly prefix = '',
  ) {}

  child(name: string | number): Scope {
    return new Scope(this.graph, this.qualify(String(name)));
  }

  qualify(name: string): string {
    return this.prefix ? `${this.prefix}.${name}` : name;
  }

  param(name: string, shape: readonly number[], init: ParamInit, trainable = true): Tensor {
    const full = this.qualify(name);
    const existing = this.graph.params.get(full);
    if (existing) {
      if (existing.shape.length !== shape.length || existing.shape.some((d, i) => d !== shape[i])) {
        throw new Error(`param ${full}: already declared with shape [${existing.shape}], asked for [${shape}]`);
      }
      return existing;
    }
    return this.graph.param(full, shape, { init, trainable });
  }
}

/** Reads a static feature dimension, with a readable error when it is symbolic. */
export function staticDim(x: Tensor, axis: number, what: string): number {
  const d = x.shape[axis < 0 ? x.rank + axis : axis];
  if (typeof d !== 'number') throw new Error(`${what}: dim ${axis} of ${x} must be static`);
  return d;
}
