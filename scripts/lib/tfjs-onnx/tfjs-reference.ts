/**
 * Runs a TensorFlow.js graph model on tfjs's pure-JavaScript CPU backend: the reference the converted ONNX
 * models are checked against. Used by the verification tests only (tfjs is a devDependency).
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelJson } from './tfjs-model';

export interface ReferenceOutput {
  data: Float32Array;
  shape: number[];
}

export interface TfjsReference {
  /** Output keys in signature order. */
  outputKeys: string[];
  run(feeds: Record<string, { data: Float32Array; shape: number[] }>): Promise<Record<string, ReferenceOutput>>;
  dispose(): void;
}

let backendReady: Promise<void> | null = null;

/** The CPU backend, chosen once per process (tfjs would otherwise pick the first registered, maybe WebGL). */
export function tfjsCpuBackend(): Promise<void> {
  backendReady ??= (async () => {
    // The CPU backend advertises tfjs-node on its first tensor; the reference wants exactly these plain JS
    // kernels, so the advert is silenced by making that first tensor here.
    const warn = console.warn;
    console.warn = () => {};
    try {
      if (!(await tf.setBackend('cpu'))) throw new Error('tfjs could not start its CPU backend');
      await tf.ready();
      tf.tensor([0]).dispose();
    } finally {
      console.warn = warn;
    }
  })();
  return backendReady;
}

/** Loads model.json and its shards from memory (no fetch, no file:// handler needed). */
export async function loadTfjsReference(json: ModelJson, shards: Uint8Array): Promise<TfjsReference> {
  await tfjsCpuBackend();
  const weightData = shards.buffer.slice(shards.byteOffset, shards.byteOffset + shards.byteLength) as ArrayBuffer;
  const model = await tf.loadGraphModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights) as tf.io.WeightsManifestEntry[], weightData }),
  );
  const sigOut = Object.entries(json.signature?.outputs ?? {});
  const sigIn = Object.entries(json.signature?.inputs ?? {});
  const outputKeys = sigOut.map(([key]) => key);
  const outputNames = sigOut.map(([, e]) => e.name);
  return {
    outputKeys,
    async run(feeds) {
      const named: tf.NamedTensorMap = {};
      for (const [key, e] of sigIn) {
        const f = feeds[key];
        if (!f) throw new Error(`no feed for input ${key}`);
        named[e.name.replace(/:0$/, '')] = tf.tensor(f.data, f.shape, 'float32');
      }
      const result = model.execute(named, outputNames);
      const list = Array.isArray(result) ? result : [result];
      const out: Record<string, ReferenceOutput> = {};
      for (let i = 0; i < list.length; i++) {
        const t = list[i]!;
        out[outputKeys[i]!] = { data: (await t.data()) as Float32Array, shape: [...t.shape] };
      }
      tf.dispose([...Object.values(named), ...list]);
      return out;
    },
    dispose: () => model.dispose(),
  };
}
