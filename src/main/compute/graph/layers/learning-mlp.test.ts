/**
 * Proof of learning: the whole stack (layers → autodiff → one-graph AdamW step on ORT) fits a nonlinear
 * function it has to learn, and generalises to points it never saw.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { f32, releaseAll } from '../../runtime';
// The package index registers the gradient rules.
import { Graph, Trainer, cosineWithWarmup, mul, reduceMean, sub } from '../index';
import { MLP, Rng, Scope } from './index';

afterAll(() => releaseAll());

const target = (x1: number, x2: number): number => Math.sin(3 * x1) * x2;

function dataset(rng: Rng, n: number): { x: Float32Array; y: Float32Array } {
  const x = new Float32Array(2 * n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = rng.uniform(-1, 1);
    x[2 * i + 1] = rng.uniform(-1, 1);
    y[i] = target(x[2 * i]!, x[2 * i + 1]!);
  }
  return { x, y };
}

describe('proof of learning: MLP regression', () => {
  it('fits y = sin(3·x1)·x2 to MSE < 5e-4 on held-out points (variance of y ≈ 0.17)', async () => {
    const N = 512;
    const STEPS = 600;
    const g = new Graph();
    const x = g.input('x', ['N', 2]);
    const y = g.input('y', ['N', 1]);
    const pred = new MLP([2, 64, 64, 1], { activation: 'gelu' }).apply(new Scope(g).child('mlp'), x);
    const err = sub(pred, y);
    const loss = reduceMean(mul(err, err));
    const trainer = await Trainer.create(g, {
      loss,
      optimizer: { kind: 'adamw', weightDecay: 1e-4 },
      seed: 1,
      schedule: cosineWithWarmup({ peakLr: 1e-2, warmupSteps: 20, totalSteps: STEPS, minLr: 1e-4 }),
      settings: { intraOpThreads: 2 },
    });
    const train = dataset(new Rng(100), N);
    const test = dataset(new Rng(200), 1000);
    const batch = { x: f32(train.x, [N, 2]), y: f32(train.y, [N, 1]) };
    const first = (await trainer.step(batch)).loss;
    let last = first;
    for (let i = 1; i < STEPS; i++) last = (await trainer.step(batch)).loss;

    const inf = await trainer.inference({ pred });
    const out = (await inf.run({ x: f32(test.x, [1000, 2]) }, trainer.store)).pred!.data as Float32Array;
    let mse = 0;
    let variance = 0;
    const mean = test.y.reduce((a, b) => a + b, 0) / test.y.length;
    for (let i = 0; i < 1000; i++) {
      mse += (out[i]! - test.y[i]!) ** 2;
      variance += (test.y[i]! - mean) ** 2;
    }
    mse /= 1000;
    variance /= 1000;
    console.log(`MLP regression: train MSE ${first.toFixed(4)} → ${last.toExponential(2)}, held-out MSE ${mse.toExponential(2)} (var ${variance.toFixed(3)})`);
    expect(variance).toBeGreaterThan(0.1);
    expect(last).toBeLessThan(first / 50);
    expect(mse).toBeLessThan(5e-4);
    await trainer.release();
  });
});
