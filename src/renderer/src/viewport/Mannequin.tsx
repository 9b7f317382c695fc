import { useMemo } from 'react';
import { mannequinParts } from './mannequinParts';
import { MannequinPartMesh } from './MannequinPartMesh';
import type { ViewportPalette } from './palette';
import type { PlacedFigure } from './usePlacedFigures';

export interface MannequinProps {
  figure: PlacedFigure;
  rest: ArrayLike<number>;
  palette: ViewportPalette;
  selectedJoint: number | null;
  hoveredJoint: number | null;
  onSelectJoint?: (joint: number) => void;
  onHoverJoint?: (joint: number | null) => void;
}

/** One posed figure; the highlighted figure is solid and pickable, the others are translucent ghosts. */
export function Mannequin({
  figure,
  rest,
  palette,
  selectedJoint,
  hoveredJoint,
  onSelectJoint,
  onHoverJoint,
}: MannequinProps) {
  const parts = useMemo(
    () => mannequinParts(figure.positions, figure.rotations, rest),
    [figure.positions, figure.rotations, rest],
  );
  const solid = figure.highlighted;
  return (
    <group position={figure.offset} name={`figure-${figure.id}`}>
      {parts.map((part) => {
        let color = part.shape === 'joint' ? palette.joint : palette.body;
        let emissive: string | undefined;
        if (!solid) color = palette.ghost;
        else if (part.joint === selectedJoint) {
          color = part.shape === 'joint' ? palette.selected : palette.selectedPart;
          emissive = part.shape === 'joint' ? palette.selected : undefined;
        } else if (part.joint === hoveredJoint) color = palette.hovered;
        return (
          <MannequinPartMesh
            key={part.key}
            part={part}
            color={color}
            emissive={emissive}
            opacity={solid ? 1 : 0.26}
            interactive={solid && !!onSelectJoint}
            onSelect={onSelectJoint}
            onHover={onHoverJoint}
          />
        );
      })}
    </group>
  );
}
