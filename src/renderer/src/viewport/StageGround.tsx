import { ContactShadows, Grid } from '@react-three/drei';
import type { ViewportPalette } from './palette';

export interface StageGroundProps {
  palette: ViewportPalette;
  /** Half-extent of the area the figures stand on (metres). */
  extent: number;
  /** Contact-shadow texture size; small pictures (thumbnails) need less. */
  shadowResolution?: number;
}

/** The floor: a fading metric grid (10 cm cells, 1 m sections) with a soft contact shadow under the figures. */
export function StageGround({ palette, extent, shadowResolution = 512 }: StageGroundProps) {
  const size = Math.max(3, extent * 2 + 1.5);
  return (
    <>
      <Grid
        position={[0, -0.001, 0]}
        args={[size * 4, size * 4]}
        cellSize={0.1}
        cellThickness={0.6}
        cellColor={palette.gridCell}
        sectionSize={1}
        sectionThickness={1.1}
        sectionColor={palette.gridSection}
        fadeDistance={size * 3}
        fadeStrength={1.5}
        infiniteGrid
      />
      <ContactShadows
        position={[0, 0, 0]}
        scale={size}
        resolution={shadowResolution}
        blur={2.2}
        far={1.2}
        opacity={0.55}
        color={palette.shadow}
      />
    </>
  );
}
