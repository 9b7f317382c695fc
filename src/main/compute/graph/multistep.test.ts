import { describe, expect, it } from 'vitest';
import onnxProto from 'onnx-proto';
import { f32, loadSession } from '../runtime';
import { stepName, unrollSteps } from './multistep';

const { onnx } = onnxProto;

/** s' = s·a + x (state s, per-step input x, shared input a), y = s' (per-step output). */
function accumulator(): Uint8Array {
  const F = onnx.TensorProto.DataType.FLOAT;
  const vi = (name: string): onnxProto.onnx.IValueInfoProto => ({ name, type: { tensorType: { elemType: F, shape: { dim: [{ dimValue: 2 }] } } } });
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 18 }],
      graph: {
        name: 'acc',
        node: [
          { opType: 'Mul', input: ['s', 'a'], output: ['t'], name: 'mul' },
          { opType: 'Add', input: ['t', 'x'], output: ['s::new'], name: 'add' },
          { opType: 'Identity', input: ['s::new'], output: ['y'], name: 'out_y' },
        ],
        input: [vi('s'), vi('x'), vi('a')],
        output: [vi('y'), vi('s::new')],
      },
    }),
  ).finish();
}

const spec = { state: [{ input: 's', output: 's::new' }], perStepInputs: ['x'], perStepOutputs: ['y'] };

describe('unrollSteps', () => {
  it('chains the state through K copies and renames per-step inputs and outputs', async () => {
    const session = await loadSession(unrollSteps(accumulator(), 3, spec), { settings: { providers: ['cpu'], intraOpThreads: 1 } });
    expect([...session.inputNames].sort()).toEqual(['a', 's', stepName('x', 0), stepName('x', 1), stepName('x', 2)].sort());
    expect([...session.outputNames].sort()).toEqual(['s::new', 'y@0', 'y@1', 'y@2']);
    const out = await session.run({
      s: f32([1, 2], [2]),
      a: f32([2, 3], [2]),
      'x@0': f32([1, 0], [2]),
      'x@1': f32([0, 1], [2]),
      'x@2': f32([1, 1], [2]),
    });
    // s1 = [3, 6], s2 = [6, 19], s3 = [13, 58]
    expect(Array.from(out['y@0']!.data as Float32Array)).toEqual([3, 6]);
    expect(Array.from(out['y@1']!.data as Float32Array)).toEqual([6, 19]);
    expect(Array.from(out['y@2']!.data as Float32Array)).toEqual([13, 58]);
    expect(Array.from(out['s::new']!.data as Float32Array)).toEqual([13, 58]);
    await session.release();
  });

  it('rejects bad step counts and unknown state names', () => {
    expect(() => unrollSteps(accumulator(), 0, spec)).toThrow(/positive integer/);
    expect(() => unrollSteps(accumulator(), 2, { ...spec, state: [{ input: 'nope', output: 's::new' }] })).toThrow(/no graph input nope/);
    expect(() => unrollSteps(accumulator(), 2, { ...spec, perStepOutputs: [] })).toThrow(/neither per-step nor state/);
  });
});
