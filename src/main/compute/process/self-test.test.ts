import { describe, expect, it } from 'vitest';
import { hostReference, runSelfTest } from './self-test';

describe('compute self-test', () => {
  it('computes relu(x·W + b) on the host', () => {
    // x = [[1, 2]], W = [[1, -1], [0.5, -2]], b = [0.5, 0]: [1 + 1 + 0.5, -1 - 4 + 0] → [2.5, 0]
    expect(hostReference([1, 2], [1, -1, 0.5, -2], [0.5, 0], 1, 2, 2)).toEqual([2.5, 0]);
  });

  it('runs the emitted model through ONNX Runtime and matches the host', async () => {
    const r = await runSelfTest();
    expect(r.detail).toMatch(/^relu\(x·W \+ b\) on [a-z+]+: 8 values match the host/);
    expect(r.ok).toBe(true);
    expect(r.ms).toBeGreaterThan(0);
  });
});
