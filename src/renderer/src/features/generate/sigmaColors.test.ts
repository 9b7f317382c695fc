import { describe, expect, it } from 'vitest';
import { formatAngle, mostUncertainJoint, niceSigmaMax, sigmaColor, sigmaGradientCss } from './sigmaColors';

describe('σ colours', () => {
  it('rounds the scale top up to a round number', () => {
    expect(niceSigmaMax([0.12, 0.07])).toBe(0.15);
    expect(niceSigmaMax([0.3])).toBe(0.3);
    expect(niceSigmaMax([0.31])).toBe(0.4);
    expect(niceSigmaMax([0.9])).toBe(1);
    expect(niceSigmaMax([1.7])).toBe(2);
    expect(niceSigmaMax([0.0042])).toBe(0.005);
    expect(niceSigmaMax([])).toBe(0.1);
    expect(niceSigmaMax([0, Number.NaN])).toBe(0.1);
  });

  it('rounds in degrees when the legend shows degrees', () => {
    // 0.95 rad is 54.4°: the top is 60°, in radians.
    expect(niceSigmaMax([0.95], 'deg')).toBeCloseTo(Math.PI / 3, 12);
    expect(formatAngle(niceSigmaMax([0.95], 'deg'), 'deg')).toBe('60°');
    expect(formatAngle(niceSigmaMax([0.95], 'deg') / 2, 'deg')).toBe('30°');
    expect(formatAngle(niceSigmaMax([], 'deg'), 'deg')).toBe('5°');
  });

  it('maps 0 to green, the top to red and the middle to amber, clamping outside', () => {
    expect(sigmaColor(0, 0.4)).toBe('#2f9e44');
    expect(sigmaColor(0.2, 0.4)).toBe('#f59f00');
    expect(sigmaColor(0.4, 0.4)).toBe('#e03131');
    expect(sigmaColor(9, 0.4)).toBe('#e03131');
    expect(sigmaColor(-1, 0.4)).toBe('#2f9e44');
    // A quarter of the way: halfway between green and amber.
    expect(sigmaColor(0.1, 0.4)).toBe('#929f22');
  });

  it('formats angles in radians or degrees', () => {
    expect(formatAngle(Math.PI / 2, 'deg')).toBe('90°');
    expect(formatAngle(0.1, 'deg')).toBe('5.7°');
    expect(formatAngle(0, 'deg')).toBe('0°');
    expect(formatAngle(0.1234, 'rad')).toBe('0.12 rad');
  });

  it('finds the most uncertain joint and builds a legend gradient', () => {
    expect(mostUncertainJoint([0.1, 0.5, 0.2])).toBe(1);
    expect(mostUncertainJoint(null)).toBeNull();
    expect(sigmaGradientCss()).toMatch(/^linear-gradient\(90deg, rgb\(47, 158, 68\) 0%, .* 100%\)$/);
  });
});
