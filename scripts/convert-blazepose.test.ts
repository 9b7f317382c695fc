/**
 * The converted BlazePose models against the originals: each ONNX model run by ONNX Runtime (through the runtime
 * façade) and its TensorFlow.js graph run by tfjs's CPU backend on the same input must agree element by element,
 * |onnx − tfjs| ≤ tol · max(1, |tfjs|):
 *
 * - golden photo (in-distribution input: the detector's letterboxed frame, a 256×256 crop around the person for
 *   the landmark models): tol = 1e-3.
 * - seeded uniform noise over the input range: tol = 1e-2. Noise is far from anything these networks were
 *   trained on; they answer it with segmentation logits near ±1500 and detector regressor values near 4·10⁵,
 *   and at those magnitudes float32 rounding alone moves the outputs by a few 10⁻³ (this seed: 1.7·10⁻³ at
 *   most; up to 2.4·10⁻³ over five other noise seeds and 7·10⁻³ over smooth random images, all in the
 *   segmentation and ld_3d outputs). The test logs ONNX Runtime against itself with its graph fusions off on
 *   the same input, which shows that floor without tfjs in the picture. Conversion faults (a wrong pad,
 *   layout or weight order) show up as errors of the order of the outputs themselves, far above either
 *   tolerance.
 *
 * The photo is read from ../shared/fixtures at run time; without it that case is skipped and says so.
 * Runtime: 25–35 s on 2 busy cores, most of it tfjs (heavy: ~6 s per input).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/main/compute/graph';
import { f32, loadSession, type RuntimeSession } from '../src/main/compute/runtime';
import { decodeJpeg, letterbox, squareCrop, type RgbImage } from './lib/blazepose-inputs';
import { BLAZEPOSE_MODELS, ROOT, humanModelsPackage, modelJsonPath, type BlazeposeModel } from './lib/blazepose-models';
import { agreement, formatAgreement } from './lib/tfjs-onnx/agreement';
import { convertTfjsModel, type ConvertedModel } from './lib/tfjs-onnx/convert';
import { parseTfjsModel, readModelFiles } from './lib/tfjs-onnx/tfjs-model';
import { loadTfjsReference, type TfjsReference } from './lib/tfjs-onnx/tfjs-reference';

const GOLDEN_TOL = 1e-3;
const NOISE_TOL = 1e-2;

const FIXTURES = path.join(ROOT, '../shared/fixtures/images');
const GOLDEN_JPG = path.join(FIXTURES, 'blazepose-golden-pose.jpg');
const GOLDEN_JSON = path.join(FIXTURES, 'blazepose-golden-pose.expected.json');
const goldenMissing = [GOLDEN_JPG, GOLDEN_JSON].find((f) => !fs.existsSync(f));

interface Golden {
  image: RgbImage;
  /** Square around the expected body landmarks, 1.25× their larger extent (the landmark models' framing). */
  crop: { cx: number; cy: number; side: number };
}

function loadGolden(): Golden {
  const image = decodeJpeg(fs.readFileSync(GOLDEN_JPG));
  const expected = JSON.parse(fs.readFileSync(GOLDEN_JSON, 'utf8')) as { landmarks_px_xy: [number, number][] };
  const xs = expected.landmarks_px_xy.map((p) => p[0]);
  const ys = expected.landmarks_px_xy.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return { image, crop: { cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, side: 1.25 * Math.max(x1 - x0, y1 - y0) } };
}

const golden = goldenMissing ? null : loadGolden();

function goldenInput(m: BlazeposeModel, g: Golden): Float32Array {
  if (m.id === 'blazepose-detector') return letterbox(g.image, m.size).data;
  return squareCrop(g.image, g.crop.cx, g.crop.cy, g.crop.side, m.size);
}

function noiseInput(m: BlazeposeModel, seed: number): Float32Array {
  const rand = mulberry32(seed);
  const [lo, hi] = m.range;
  return Float32Array.from({ length: m.size * m.size * 3 }, () => lo + (hi - lo) * rand());
}

const pkg = humanModelsPackage();

describe.each(BLAZEPOSE_MODELS.map((m) => [m.id, m] as const))('%s: ONNX Runtime vs TensorFlow.js', (_id, m) => {
  let converted: ConvertedModel;
  let session: RuntimeSession;
  let reference: TfjsReference;
  const inputName = () => converted.inputs[0]!.name;

  beforeAll(async () => {
    const { json, shards } = readModelFiles(modelJsonPath(pkg.dir, m));
    converted = convertTfjsModel(parseTfjsModel(json, shards), { name: m.id });
    session = await loadSession(converted.bytes);
    reference = await loadTfjsReference(json, shards);
  });

  afterAll(async () => {
    reference?.dispose();
    await session?.release();
  });

  /** Runs both and checks every output; returns the log lines. */
  async function compare(data: Float32Array, tol: number, label: string): Promise<string[]> {
    const dims = [1, m.size, m.size, 3];
    const onnx = await session.run({ [inputName()]: f32(data, dims) });
    const ref = await reference.run({ [inputName()]: { data, shape: dims } });
    expect(Object.keys(onnx).sort()).toEqual(Object.keys(ref).sort());
    const lines: string[] = [];
    for (const key of reference.outputKeys) {
      expect(onnx[key]!.dims, `${key} dims`).toEqual(ref[key]!.shape);
      const a = agreement(onnx[key]!.data as Float32Array, ref[key]!.data);
      lines.push(`${m.id} ${label} ${formatAgreement(key, a)}`);
      expect(a.maxScaled, `${m.id} ${label} ${key}: worst element ${a.worst.index} onnx ${a.worst.onnx} vs tfjs ${a.worst.ref}`).toBeLessThanOrEqual(tol);
    }
    return lines;
  }

  it(`agrees on seeded uniform noise within ${NOISE_TOL}·max(1,|tfjs|)`, async () => {
    const data = noiseInput(m, 20240607);
    const lines = await compare(data, NOISE_TOL, 'noise');
    // The float32 floor for this input: the same ONNX model with ORT's graph optimisations (fusions) off.
    const plain = await loadSession(converted.bytes, { key: `${m.id}#unoptimised`, settings: { graphOptimization: 'disabled' } });
    try {
      const dims = [1, m.size, m.size, 3];
      const fused = await session.run({ [inputName()]: f32(data, dims) });
      const unfused = await plain.run({ [inputName()]: f32(data, dims) });
      for (const key of reference.outputKeys) {
        lines.push(`${m.id} noise ORT fused vs unfused ${formatAgreement(key, agreement(fused[key]!.data as Float32Array, unfused[key]!.data as Float32Array))}`);
      }
    } finally {
      await plain.release();
    }
    console.log(lines.join('\n'));
  });

  it.skipIf(!golden)(
    golden ? `agrees on the golden photo within ${GOLDEN_TOL}·max(1,|tfjs|)` : `golden photo: skipped, ${path.relative(ROOT, goldenMissing!)} is absent`,
    async () => {
      console.log((await compare(goldenInput(m, golden!), GOLDEN_TOL, 'golden')).join('\n'));
    },
  );
});
