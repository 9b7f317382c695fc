import { useMemo } from 'react';
import { forwardKinematics } from '@shared/body';
import { gridSpacing, groundLift, layoutOffsets, toFullPose, type FigureLayout } from './layout';
import { boundsOf, type Vec3 } from './mannequinParts';

export interface ViewportFigure {
  id: string;
  /** 66 or 72 axis-angle values (radians). */
  pose: ArrayLike<number>;
  /** Solid and pickable; the others are drawn as translucent ghosts. */
  highlighted?: boolean;
  label?: string;
}

export interface PlacedFigure {
  id: string;
  label?: string;
  highlighted: boolean;
  positions: Float32Array;
  rotations: Float32Array;
  offset: Vec3;
}

/** Poses each figure by forward kinematics, stands it on the ground and places it by the layout. */
export function usePlacedFigures(figures: readonly ViewportFigure[], layout: FigureLayout) {
  return useMemo(() => {
    const anyHighlighted = figures.some((f) => f.highlighted);
    const posed = figures.map((f) => forwardKinematics(toFullPose(f.pose), 1));
    const widths = posed.map((fk) => {
      const b = boundsOf(fk.positions);
      return b.max[0] - b.min[0] + 0.2; // hands and arms reach past the wrist joints
    });
    const offsets = layoutOffsets(figures.length, layout, gridSpacing(widths));
    const placed: PlacedFigure[] = figures.map((f, i) => {
      const fk = posed[i];
      const positions = fk.positions;
      const rotations = fk.rotations;
      const lift = groundLift(positions);
      const o = offsets[i];
      return {
        id: f.id,
        label: f.label,
        // With nothing highlighted every figure is solid (a plain grid of candidates).
        highlighted: anyHighlighted ? !!f.highlighted : true,
        positions,
        rotations,
        offset: [o[0], o[1] + lift, o[2]] as Vec3,
      };
    });
    let min: Vec3 = [Infinity, Infinity, Infinity];
    let max: Vec3 = [-Infinity, -Infinity, -Infinity];
    for (const p of placed) {
      const b = boundsOf(p.positions, p.offset);
      min = min.map((m, k) => Math.min(m, b.min[k])) as Vec3;
      max = max.map((m, k) => Math.max(m, b.max[k])) as Vec3;
    }
    if (placed.length === 0) {
      min = [-0.5, 0, -0.5];
      max = [0.5, 1.8, 0.5];
    }
    // Joints are inside the body; pad by the body's volume (head top, hands, feet) and include the floor.
    const pad = 0.16;
    const bounds = {
      min: [min[0] - pad, Math.min(0, min[1] - pad), min[2] - pad] as Vec3,
      max: [max[0] + pad, max[1] + pad, max[2] + pad] as Vec3,
    };
    return { placed, bounds };
  }, [figures, layout]);
}
