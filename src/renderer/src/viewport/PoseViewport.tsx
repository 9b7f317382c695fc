import { useMemo, useRef, useState } from 'react';
import { Canvas } from '@react-three/fiber';
import { REST_JOINTS } from '@shared/body';
import { CameraRig } from './CameraRig';
import { FigureLabel } from './FigureLabel';
import { Mannequin } from './Mannequin';
import { RenderProbe } from './RenderProbe';
import { StageGround } from './StageGround';
import { StageLights } from './StageLights';
import { PALETTES } from './palette';
import type { FigureLayout } from './layout';
import { usePlacedFigures, type ViewportFigure } from './usePlacedFigures';

export interface PoseViewportProps {
  figures: readonly ViewportFigure[];
  layout?: FigureLayout;
  colorScheme: 'light' | 'dark';
  selectedJoint?: number | null;
  onSelectJoint?: (joint: number) => void;
  /** Bump to re-frame the camera on the figures. */
  frameRequest?: number;
  testId?: string;
  style?: React.CSSProperties;
}

/**
 * The 3D viewport: procedural mannequins posed by forward kinematics on a grid floor, an orbit camera that
 * frames them, and joint picking. Renders on demand so an idle studio costs no GPU time.
 */
export function PoseViewport({
  figures,
  layout = 'overlay',
  colorScheme,
  selectedJoint = null,
  onSelectJoint,
  frameRequest = 0,
  testId = 'viewport',
  style,
}: PoseViewportProps) {
  const container = useRef<HTMLDivElement>(null);
  const [hovered, setHovered] = useState<number | null>(null);
  const palette = PALETTES[colorScheme];
  const { placed, bounds } = usePlacedFigures(figures, layout);
  const frameKey = useMemo(
    () => `${layout}|${figures.map((f) => f.id).join(',')}|${frameRequest}`,
    [layout, figures, frameRequest],
  );
  const extent = Math.max(
    Math.abs(bounds.min[0]),
    Math.abs(bounds.max[0]),
    Math.abs(bounds.min[2]),
    Math.abs(bounds.max[2]),
  );

  return (
    <div
      ref={container}
      data-testid={testId}
      data-figures={placed.length}
      data-selected-joint={selectedJoint ?? ''}
      style={{
        position: 'relative',
        width: '100%',
        height: '100%',
        cursor: hovered !== null ? 'pointer' : 'grab',
        ...style,
      }}
    >
      <Canvas
        frameloop="demand"
        dpr={[1, 2]}
        camera={{ fov: 32, near: 0.05, far: 200, position: [1.2, 1.4, 4] }}
        gl={{ preserveDrawingBuffer: true, antialias: true }}
        onPointerMissed={() => setHovered(null)}
      >
        <color attach="background" args={[palette.background]} />
        <fog attach="fog" args={[palette.background, 9, 30]} />
        <StageLights dark={colorScheme === 'dark'} />
        <StageGround palette={palette} extent={extent} />
        {placed.map((figure) => (
          <Mannequin
            key={figure.id}
            figure={figure}
            rest={REST_JOINTS}
            palette={palette}
            selectedJoint={figure.highlighted ? selectedJoint : null}
            hoveredJoint={figure.highlighted ? hovered : null}
            onSelectJoint={onSelectJoint}
            onHoverJoint={setHovered}
          />
        ))}
        {layout !== 'overlay' &&
          placed.length > 1 &&
          placed.map((f) =>
            f.label ? (
              <FigureLabel
                key={`label-${f.id}`}
                position={[f.offset[0], 0.02, f.offset[2] + 0.45]}
                text={f.label}
                dark={colorScheme === 'dark'}
              />
            ) : null,
          )}
        <CameraRig
          bounds={bounds}
          frameKey={frameKey}
          direction={layout !== 'overlay' && placed.length > 1 ? [0.12, 0.2, 1] : undefined}
        />
        <RenderProbe target={container} />
      </Canvas>
    </div>
  );
}
