import { describe, expect, it } from 'vitest';
import { f32, f64 } from '../runtime';
import { Graph } from './graph';
import * as O from './ops';
import { ParamStore } from './params';
import { OptimizerState, compileInference, compileTrainStep, emitTrainStep } from './compile';
import { Trainer } from './trainer';
import { cosineWithWarmup } from './schedule';
import './gradients/rules';

/** y = x·W + b on a fixed batch; loss = mean squared error. */
function linearModel(dtype: 'float32' | 'float64' = 'float32') {
  const g = new Graph({ dtype });
  const x = g.input('x', ['B', 3]);
  const y = g.input('y', ['B', 2]);
  const W = g.param('W', [3, 2], { init: { normal: 0.1 } });
  const b = g.param('b', [2]);
  const pred = O.gemm(x, W, b);
  const loss = O.reduceMean(O.square(O.sub(pred, y)));
  return { g, pred, loss, W, b };
}

const X = [1, 2, 3, -1, 0.5, 2, 0, -1, 1, 2, 2, -2];
const trueW = [0.5, -1, 2, 0.25, -0.5, 1];
const Y: number[] = [];
for (let r = 0; r < 4; r++) {
  for (let c = 0; c < 2; c++) {
    let s = c === 0 ? 0.3 : -0.2;
    for (let k = 0; k < 3; k++) s += X[r * 3 + k]! * trueW[k * 2 + c]!;
    Y.push(s);
  }
}

describe('compileTrainStep', () => {
  it('emits one graph whose inputs are batch, params, slots, lr, step', () => {
    const { g, loss } = linearModel();
    const spec = emitTrainStep(g, { loss, optimizer: { kind: 'adamw' } });
    expect(spec.inputNames).toEqual(['x', 'y']);
    expect(spec.paramNames).toEqual(['W', 'b']);
    expect(spec.slots).toEqual(['m', 'v']);
    const names = spec.model.inputs.map((t) => t.name).sort();
    expect(names).toEqual(['W', 'W::m', 'W::v', '__lr', '__step', 'b', 'b::m', 'b::v', 'x', 'y'].sort());
    expect(spec.model.outputNames).toEqual(['loss', 'grad_norm', 'W::new', 'W::m::new', 'W::v::new', 'b::new', 'b::m::new', 'b::v::new']);
  });

  it('one SGD+momentum step matches the update computed by hand (float64)', async () => {
    const { g, loss } = linearModel('float64');
    const store = ParamStore.init(g, 1);
    const W0 = Float64Array.from(store.get('W').data);
    const b0 = Float64Array.from(store.get('b').data);
    const prog = await compileTrainStep(g, { loss, optimizer: { kind: 'sgd', momentum: 0.9 } });
    const state = new OptimizerState('float64');
    // Host reference gradient of mean((XW + b − Y)²).
    const gW = new Float64Array(6);
    const gb = new Float64Array(2);
    for (let r = 0; r < 4; r++) {
      for (let c = 0; c < 2; c++) {
        let p = b0[c]!;
        for (let k = 0; k < 3; k++) p += X[r * 3 + k]! * W0[k * 2 + c]!;
        const d = (2 * (p - Y[r * 2 + c]!)) / 8;
        gb[c]! += d;
        for (let k = 0; k < 3; k++) gW[k * 2 + c]! += d * X[r * 3 + k]!;
      }
    }
    const batch = { x: f64(X, [4, 3]), y: f64(Y, [4, 2]) };
    await prog.run(batch, store, state, 0.1);
    const W1 = store.get('W').data;
    for (let i = 0; i < 6; i++) expect(W1[i]).toBeCloseTo(W0[i]! - 0.1 * gW[i]!, 12);
    for (let i = 0; i < 6; i++) expect(state.arrays.get('W::m')![i]).toBeCloseTo(gW[i]!, 12);
    // Second step: m = 0.9·m + g (new gradient).
    const m1 = Float64Array.from(state.arrays.get('W::m')!);
    const W1c = Float64Array.from(W1);
    await prog.run(batch, store, state, 0.1);
    expect(state.step).toBe(2);
    const m2 = state.arrays.get('W::m')!;
    for (let i = 0; i < 6; i++) expect(store.get('W').data[i]).toBeCloseTo(W1c[i]! - 0.1 * m2[i]!, 12);
    for (let i = 0; i < 6; i++) expect(m2[i]! - 0.9 * m1[i]!).not.toBeCloseTo(0, 6);
    await prog.release();
  });

  it.each([undefined, 0.05])('AdamW steps match a host implementation (bias correction, decoupled decay, clipNorm %s)', async (clipNorm) => {
    const { g, loss, W } = linearModel('float64');
    const store = ParamStore.init(g, 2);
    const prog = await compileTrainStep(g, {
      loss,
      optimizer: { kind: 'adamw', weightDecay: 0.1, beta1: 0.8, beta2: 0.95, eps: 1e-6 },
      params: [W],
      ...(clipNorm !== undefined ? { clipNorm } : {}),
    });
    const state = new OptimizerState('float64');
    const batch = { x: f64(X, [4, 3]), y: f64(Y, [4, 2]) };
    // Reference: get gradients from an SGD(lr=1, no momentum) graph of the same model (W − W' = g).
    const ref = linearModel('float64');
    const refProg = await compileTrainStep(ref.g, { loss: ref.loss, optimizer: { kind: 'sgd' }, params: [ref.W] });
    const m = new Float64Array(6);
    const v = new Float64Array(6);
    const lr = 0.05;
    for (let t = 1; t <= 3; t++) {
      const refStore = store.clone();
      const before = Float64Array.from(store.get('W').data);
      await refProg.run(batch, refStore, new OptimizerState('float64'), 1);
      const raw = before.map((w, i) => w - refStore.get('W').data[i]!);
      const norm = Math.sqrt(raw.reduce((a, v) => a + v * v, 0));
      const scale = clipNorm === undefined ? 1 : Math.min(1, clipNorm / (norm + 1e-6));
      if (clipNorm !== undefined) expect(scale).toBeLessThan(1);
      const gW = raw.map((v) => v * scale);
      const r = await prog.run(batch, store, state, lr);
      expect(r.gradNorm).toBeCloseTo(norm, 10);
      for (let i = 0; i < 6; i++) {
        m[i] = 0.8 * m[i]! + 0.2 * gW[i]!;
        v[i] = 0.95 * v[i]! + 0.05 * gW[i]! * gW[i]!;
        const mh = m[i]! / (1 - 0.8 ** t);
        const vh = v[i]! / (1 - 0.95 ** t);
        const expected = before[i]! * (1 - lr * 0.1) - (lr * mh) / (Math.sqrt(vh) + 1e-6);
        expect(store.get('W').data[i]).toBeCloseTo(expected, 10);
      }
    }
    await prog.release();
    await refProg.release();
  });

  it('SGD with Nesterov momentum and decoupled weight decay follows its update rule', async () => {
    const { g, loss } = linearModel('float64');
    const store = ParamStore.init(g, 5);
    const cfg = { kind: 'sgd' as const, momentum: 0.5, nesterov: true, weightDecay: 0.2 };
    const prog = await compileTrainStep(g, { loss, optimizer: cfg, decay: (name) => name === 'W' });
    const plain = linearModel('float64');
    const gradProg = await compileTrainStep(plain.g, { loss: plain.loss, optimizer: { kind: 'sgd' } });
    const state = new OptimizerState('float64');
    const batch = { x: f64(X, [4, 3]), y: f64(Y, [4, 2]) };
    const lr = 0.1;
    const m: Record<string, Float64Array> = { W: new Float64Array(6), b: new Float64Array(2) };
    for (let t = 0; t < 2; t++) {
      const probe = store.clone();
      await gradProg.run(batch, probe, new OptimizerState('float64'), 1);
      const before = store.clone();
      await prog.run(batch, store, state, lr);
      for (const n of ['W', 'b']) {
        const p0 = before.get(n).data;
        for (let i = 0; i < p0.length; i++) {
          const gi = p0[i]! - probe.get(n).data[i]!;
          m[n]![i] = 0.5 * m[n]![i]! + gi;
          const dir = gi + 0.5 * m[n]![i]!;
          const wd = n === 'W' ? 0.2 : 0;
          expect(store.get(n).data[i]).toBeCloseTo(p0[i]! * (1 - lr * wd) - lr * dir, 12);
        }
      }
    }
    await prog.release();
    await gradProg.release();
  });

  it('flat layout: one input per decay group and per slot, members cut out inside the graph', () => {
    const { g, loss } = linearModel();
    const spec = emitTrainStep(g, { loss, optimizer: { kind: 'adamw' }, flat: true });
    expect(spec.paramNames).toEqual([]);
    expect(spec.trainedNames).toEqual(['W', 'b']);
    expect(spec.packs).toEqual([
      { input: '__flat.decay', members: [{ name: 'W', offset: 0, length: 6, shape: [3, 2] }], total: 6 },
      { input: '__flat.nodecay', members: [{ name: 'b', offset: 0, length: 2, shape: [2] }], total: 2 },
    ]);
    const names = spec.model.inputs.map((t) => t.name).sort();
    expect(names).toEqual(['__flat.decay', '__flat.decay::m', '__flat.decay::v', '__flat.nodecay', '__flat.nodecay::m', '__flat.nodecay::v', '__lr', '__step', 'x', 'y'].sort());
  });

  it.each([
    [undefined, undefined],
    [0.05, undefined],
    [0.05, 4],
  ])('flat layout gives the same AdamW steps as one input per param (clipNorm %s, flatMaxSize %s)', async (clipNorm, flatMaxSize) => {
    const g = new Graph({ dtype: 'float64' });
    const x = g.input('x', ['B', 3]);
    const y = g.input('y', ['B', 2]);
    const W1 = g.param('W1', [3, 4], { init: { normal: 0.5 } });
    const b1 = g.param('b1', [4], { init: { normal: 0.1 } });
    const W2 = g.param('W2', [4, 2], { init: { normal: 0.5 } });
    const b2 = g.param('b2', [2]);
    const unused = g.param('unused', [5], { init: 'ones' });
    const frozen = g.param('frozen', [2], { init: { normal: 1 }, trainable: false });
    const h = O.tanh(O.add(O.matmul(x, W1), b1));
    const pred = O.add(O.add(O.matmul(h, W2), b2), frozen);
    const loss = O.reduceMean(O.square(O.sub(pred, y)));
    const params = [W1, b1, W2, b2, unused];
    const common = {
      loss,
      params,
      optimizer: { kind: 'adamw' as const, weightDecay: 0.1, beta1: 0.8, beta2: 0.95, eps: 1e-6 },
      ...(clipNorm !== undefined ? { clipNorm } : {}),
    };
    const flat = await compileTrainStep(g, { ...common, flat: true, ...(flatMaxSize !== undefined ? { flatMaxSize } : {}) });
    expect(flat.spec.packs.flatMap((p) => p.members.map((m) => m.name)).sort()).toEqual(
      flatMaxSize === undefined ? ['W1', 'W2', 'b1', 'b2', 'unused'] : ['b1', 'b2'],
    );
    const plain = await compileTrainStep(g, common);
    const sFlat = ParamStore.init(g, 7);
    const sPlain = sFlat.clone();
    const stFlat = new OptimizerState('float64');
    const stPlain = new OptimizerState('float64');
    const batch = { x: f64(X, [4, 3]), y: f64(Y, [4, 2]) };
    for (let t = 0; t < 4; t++) {
      if (t === 2) {
        // A value replaced from outside between steps (as a checkpoint load does) must be picked up.
        const w = Float64Array.from(sFlat.get('W2').data, (v) => v * 0.5);
        sFlat.set('W2', w);
        sPlain.set('W2', w.slice());
      }
      const a = await flat.run(batch, sFlat, stFlat, 0.05);
      const b = await plain.run(batch, sPlain, stPlain, 0.05);
      expect(a.loss).toBe(b.loss);
      expect(a.gradNorm).toBeCloseTo(b.gradNorm, 12);
      for (const n of ['W1', 'b1', 'W2', 'b2', 'unused', 'frozen']) {
        const pa = sFlat.get(n).data;
        const pb = sPlain.get(n).data;
        expect(pa.length).toBe(pb.length);
        for (let i = 0; i < pa.length; i++) expect(pa[i]).toBeCloseTo(pb[i]!, 12);
        if (n === 'frozen') continue;
        for (const slot of ['m', 'v']) {
          const ma = stFlat.arrays.get(`${n}::${slot}`)!;
          const mb = stPlain.arrays.get(`${n}::${slot}`)!;
          for (let i = 0; i < ma.length; i++) expect(ma[i]).toBeCloseTo(mb[i]!, 12);
        }
      }
    }
    // Inference feeds the views (non-zero byte offsets) correctly.
    const inf = await compileInference(g, { pred });
    const fa = await inf.run({ x: batch.x }, sFlat);
    const fb = await inf.run({ x: batch.x }, sPlain);
    const pa = fa.pred!.data as Float64Array;
    const pb = fb.pred!.data as Float64Array;
    for (let i = 0; i < pa.length; i++) expect(pa[i]).toBeCloseTo(pb[i]!, 12);
    expect(sFlat.get('b2').data.byteOffset).toBeGreaterThan(0);
    // Packed params are views into one buffer per decay group after a step.
    if (flatMaxSize === undefined) expect(sFlat.get('W1').data.buffer).toBe(sFlat.get('W2').data.buffer);
    else expect(sFlat.get('W1').data.buffer).not.toBe(sFlat.get('W2').data.buffer);
    expect(sFlat.get('b1').data.buffer).toBe(sFlat.get('b2').data.buffer);
    expect(sFlat.get('W1').data.buffer).not.toBe(sFlat.get('b1').data.buffer);
    await flat.release();
    await plain.release();
  });

  it.each([false, true])('stepsPerRun: K steps in one run equal K single steps (flat %s)', async (flat) => {
    const g = new Graph({ dtype: 'float64' });
    const x = g.input('x', ['B', 3]);
    const y = g.input('y', ['B', 2]);
    const W = g.param('W', [3, 2], { init: { normal: 0.5 } });
    const b = g.param('b', [2], { init: { normal: 0.1 } });
    const frozen = g.param('frozen', [2], { init: { normal: 1 }, trainable: false });
    const pred = O.add(O.add(O.tanh(O.matmul(x, W)), b), frozen);
    const loss = O.reduceMean(O.square(O.sub(pred, y)));
    const common = { loss, metrics: { mae: O.reduceMean(O.abs(O.sub(pred, y))) }, optimizer: { kind: 'adamw' as const, weightDecay: 0.1 }, clipNorm: 0.5, flat, ...(flat ? { flatMaxSize: 2 } : {}) };
    const single = await compileTrainStep(g, common);
    const multi = await compileTrainStep(g, { ...common, stepsPerRun: 3 });
    expect(multi.stepsPerRun).toBe(3);
    const s1 = ParamStore.init(g, 11);
    const s3 = s1.clone();
    const st1 = new OptimizerState('float64');
    const st3 = new OptimizerState('float64');
    const batches = [0, 1, 2, 3, 4, 5].map((k) => ({ x: f64(X.map((v, i) => v + 0.1 * k * ((i % 3) - 1)), [4, 3]), y: f64(Y, [4, 2]) }));
    const lrs = [0.1, 0.05, 0.02, 0.1, 0.05, 0.02];
    const one: { loss: number; gradNorm: number; mae: number }[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await single.run(batches[i]!, s1, st1, lrs[i]!);
      one.push({ loss: r.loss, gradNorm: r.gradNorm, mae: Number(r.metrics.mae!.data[0]) });
    }
    const three = [...(await multi.runSteps(batches.slice(0, 3), s3, st3, lrs.slice(0, 3))), ...(await multi.runSteps(batches.slice(3), s3, st3, lrs.slice(3)))];
    expect(three.map((r) => ({ loss: r.loss, gradNorm: r.gradNorm, mae: Number(r.metrics.mae!.data[0]) }))).toEqual(one);
    expect(st3.step).toBe(6);
    for (const n of ['W', 'b', 'frozen']) expect(Array.from(s3.get(n).data)).toEqual(Array.from(s1.get(n).data));
    for (const key of ['W::m', 'W::v', 'b::m', 'b::v']) expect(Array.from(st3.arrays.get(key)!)).toEqual(Array.from(st1.arrays.get(key)!));
    await expect(multi.run(batches[0]!, s3, st3, 0.1)).rejects.toThrow(/runSteps/);
    await single.release();
    await multi.release();
  });

  it('Trainer.steps runs stepsPerRun scheduled steps per call like single steps', async () => {
    const mk = () => linearModel('float64');
    const a = mk();
    const b = mk();
    const schedule = cosineWithWarmup({ peakLr: 0.05, warmupSteps: 2, totalSteps: 8, minLr: 0.005 });
    const one = await Trainer.create(a.g, { loss: a.loss, optimizer: { kind: 'adamw' }, schedule, seed: 3 });
    const two = await Trainer.create(b.g, { loss: b.loss, optimizer: { kind: 'adamw' }, schedule, seed: 3, stepsPerRun: 2 });
    const batch = { x: f64(X, [4, 3]), y: f64(Y, [4, 2]) };
    const l1: number[] = [];
    for (let i = 0; i < 4; i++) l1.push((await one.step(batch)).loss);
    const l2 = [...(await two.steps([batch, batch])), ...(await two.steps([batch, batch]))].map((r) => r.loss);
    expect(l2).toEqual(l1);
    expect(Array.from(two.store.get('W').data)).toEqual(Array.from(one.store.get('W').data));
    expect(two.stepCount).toBe(4);
    await one.release();
    await two.release();
  });

  it('clips gradients by global norm and reports the pre-clip norm', async () => {
    const { g, loss } = linearModel('float64');
    const store = ParamStore.init(g, 3);
    const ref = store.clone();
    const clipped = await compileTrainStep(g, { loss, optimizer: { kind: 'sgd' }, clipNorm: 0.01 });
    const batch = { x: f64(X, [4, 3]), y: f64(Y, [4, 2]) };
    const r = await clipped.run(batch, store, new OptimizerState('float64'), 1);
    expect(r.gradNorm).toBeGreaterThan(0.01);
    // With lr = 1 and plain SGD the parameter change is the clipped gradient: its norm is the clip value.
    let sq = 0;
    for (const n of ['W', 'b']) {
      const a = store.get(n).data;
      const b = ref.get(n).data;
      for (let i = 0; i < a.length; i++) sq += (a[i]! - b[i]!) ** 2;
    }
    expect(Math.sqrt(sq)).toBeCloseTo(0.01, 6);
    await clipped.release();
  });

  it('Trainer learns a linear map and inference shares its parameter store', async () => {
    const { g, loss, pred } = linearModel();
    const trainer = await Trainer.create(g, {
      loss,
      optimizer: { kind: 'adamw' },
      schedule: cosineWithWarmup({ peakLr: 0.1, warmupSteps: 10, totalSteps: 300, minLr: 0.001 }),
      seed: 4,
    });
    const batch = { x: f32(X, [4, 3]), y: f32(Y, [4, 2]) };
    const first = await trainer.step(batch);
    let last = first;
    for (let i = 0; i < 299; i++) last = await trainer.step(batch);
    expect(trainer.stepCount).toBe(300);
    expect(last.loss).toBeLessThan(first.loss * 1e-3);
    // The symbolic batch dim lets the same compiled step take a smaller (last) batch.
    const small = await trainer.step({ x: f32(X.slice(0, 6), [2, 3]), y: f32(Y.slice(0, 4), [2, 2]) });
    expect(Number.isFinite(small.loss)).toBe(true);
    const infer = await compileInference(g, { pred });
    expect(infer.inputNames).toEqual(['x']);
    const out = await infer.run({ x: f32(X, [4, 3]) }, trainer.store);
    const p = out.pred!.data as Float32Array;
    for (let i = 0; i < 8; i++) expect(p[i]).toBeCloseTo(Y[i]!, 1);
    await infer.release();
    await trainer.release();
  });
});
