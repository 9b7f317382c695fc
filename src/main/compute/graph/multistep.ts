/**
 * K optimisation steps in one ONNX graph: the train-step graph repeated K times, each copy's updated params
 * and optimizer slots wired into the next copy's inputs. The state then stays inside ONNX Runtime between
 * the K steps and crosses the Node binding (which copies every output into a fresh JS array) once per K
 * steps. Each copy is the unchanged step graph, so K steps here compute exactly what K single steps do.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** Name of step i's copy of a per-step input or output (batch inputs, lr, step, loss, metrics). */
export const stepName = (name: string, i: number): string => `${name}@${i}`;

export interface UnrollSpec {
  /** Inputs carried from step to step: each is replaced by `next(input)` of the previous copy. */
  state: readonly { input: string; output: string }[];
  /** Inputs fed once per step (renamed `name@i`). */
  perStepInputs: readonly string[];
  /** Outputs returned once per step (renamed `name@i`). */
  perStepOutputs: readonly string[];
}

export function unrollSteps(model: Uint8Array, k: number, u: UnrollSpec): Uint8Array {
  if (!Number.isInteger(k) || k < 1) throw new Error(`unrollSteps: steps must be a positive integer, got ${k}`);
  const m = onnx.ModelProto.decode(model);
  const g = m.graph!;
  const initializers = new Set((g.initializer ?? []).map((t) => t.name!));
  const stateIn = new Map(u.state.map((s) => [s.input, s.output]));
  const stateOut = new Set(u.state.map((s) => s.output));
  const perStepIn = new Set(u.perStepInputs);
  const perStepOut = new Set(u.perStepOutputs);
  const graphInputs = g.input ?? [];
  const shared = new Set(graphInputs.map((v) => v.name!).filter((n) => !stateIn.has(n) && !perStepIn.has(n)));
  for (const s of u.state) {
    if (!graphInputs.some((v) => v.name === s.input)) throw new Error(`unrollSteps: no graph input ${s.input}`);
    if (!(g.output ?? []).some((v) => v.name === s.output)) throw new Error(`unrollSteps: no graph output ${s.output}`);
  }

  const rename = (name: string, i: number): string => {
    if (name === '' || initializers.has(name) || shared.has(name)) return name;
    const carried = stateIn.get(name);
    if (carried !== undefined) return i === 0 ? name : stepName(carried, i - 1);
    // The last copy's state outputs keep their names: they are the graph's final outputs.
    if (i === k - 1 && stateOut.has(name)) return name;
    return stepName(name, i);
  };

  const nodes: onnxProto.onnx.INodeProto[] = [];
  for (let i = 0; i < k; i++) {
    for (const n of g.node ?? []) {
      nodes.push({
        ...n,
        name: n.name ? stepName(n.name, i) : n.name,
        input: (n.input ?? []).map((x) => rename(x, i)),
        output: (n.output ?? []).map((x) => rename(x, i)),
      });
    }
  }
  const inputs: onnxProto.onnx.IValueInfoProto[] = [];
  for (const v of graphInputs) {
    if (perStepIn.has(v.name!)) for (let i = 0; i < k; i++) inputs.push({ ...v, name: stepName(v.name!, i) });
    else inputs.push(v);
  }
  const outputs: onnxProto.onnx.IValueInfoProto[] = [];
  for (const v of g.output ?? []) {
    if (perStepOut.has(v.name!)) for (let i = 0; i < k; i++) outputs.push({ ...v, name: stepName(v.name!, i) });
    else if (stateOut.has(v.name!)) outputs.push(v);
    else throw new Error(`unrollSteps: output ${v.name} is neither per-step nor state`);
  }
  const unrolled = onnx.ModelProto.create({
    ...m,
    graph: { ...g, name: `${g.name ?? 'graph'}_x${k}`, node: nodes, input: inputs, output: outputs },
  });
  return onnx.ModelProto.encode(unrolled).finish();
}
