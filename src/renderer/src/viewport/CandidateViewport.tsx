import { useMemo, useRef } from 'react';
import { Canvas } from '@react-three/fiber';
import { REST_JOINTS } from '@shared/body';
import { CameraRig } from './CameraRig';
import { FigureLabel } from './FigureLabel';
import { Mannequin } from './Mannequin';
import { PoseSkeleton } from './PoseSkeleton';
import { RenderProbe } from './RenderProbe';
import { SigmaJoints } from './SigmaJoints';
import { StageGround } from './StageGround';
import { StageLights } from './StageLights';
import { PALETTES } from './palette';
import type { FigureLayout } from './layout';
import type { Vec3 } from './mannequinParts';
import { usePlacedFigures, type ViewportFigure } from './usePlacedFigures';

/** The mean pose's stick figure: teal, apart from the wood body, the blue ghosts and the σ ramp. */
const MEAN_COLOR = { light: '#0b7285', dark: '#3bc9db' } as const;

export interface CandidateViewportProps {
  /** The candidates with a pose; the highlighted one (the selection) is solid, the others ghosts. */
  figures: readonly ViewportFigure[];
  layout: FigureLayout;
  colorScheme: 'light' | 'dark';
  /** The selected candidate's mean pose μ, drawn as a stick figure where the selected candidate stands. */
  mean?: ArrayLike<number> | null;
  /** The selected candidate's per-joint σ and their colours, drawn on its joints. */
  sigma?: { values: readonly number[]; colors: readonly string[] } | null;
  /** Bump to re-frame the camera. */
  frameRequest?: number;
  testId?: string;
}

/**
 * A group of generated candidates in one scene: overlaid (ghosts around the solid selection) or in a grid with
 * name tags, the selection's mean pose μ as a stick figure and its joints coloured by σ. Built from the same
 * stage, camera and mannequin as the Pose lab's viewport; renders on demand.
 */
export function CandidateViewport({
  figures,
  layout,
  colorScheme,
  mean = null,
  sigma = null,
  frameRequest = 0,
  testId = 'candidate-viewport',
}: CandidateViewportProps) {
  const container = useRef<HTMLDivElement>(null);
  const palette = PALETTES[colorScheme];
  const { placed, bounds } = usePlacedFigures(figures, layout);
  const meanFigures = useMemo<ViewportFigure[]>(() => (mean ? [{ id: 'mean', pose: mean }] : []), [mean]);
  const { placed: meanPlaced } = usePlacedFigures(meanFigures, 'overlay');
  const selected = figures.some((f) => f.highlighted) ? placed.find((p) => p.highlighted) : undefined;
  const frameKey = useMemo(
    () => `${layout}|${figures.map((f) => f.id).join(',')}|${frameRequest}`,
    [layout, figures, frameRequest],
  );
  const extent = Math.max(Math.abs(bounds.min[0]), Math.abs(bounds.max[0]), Math.abs(bounds.min[2]), Math.abs(bounds.max[2]));
  const meanFigure = meanPlaced[0];
  const meanOffset: Vec3 | null =
    meanFigure && selected ? [selected.offset[0], meanFigure.offset[1], selected.offset[2]] : null;
  const showSigma = !!(sigma && selected && sigma.values.length > 0);
  return (
    <div
      ref={container}
      data-testid={testId}
      data-figures={placed.length}
      data-selected-id={selected?.id ?? ''}
      data-mean={meanOffset ? 'shown' : 'hidden'}
      data-sigma={showSigma ? 'shown' : 'hidden'}
      data-layout={layout}
      style={{ position: 'relative', width: '100%', height: '100%', cursor: 'grab' }}
    >
      <Canvas
        frameloop="demand"
        dpr={[1, 2]}
        camera={{ fov: 32, near: 0.05, far: 200, position: [1.2, 1.4, 4] }}
        gl={{ preserveDrawingBuffer: true, antialias: true }}
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
            selectedJoint={null}
            hoveredJoint={null}
          />
        ))}
        {showSigma && selected && sigma && (
          <SigmaJoints positions={selected.positions} offset={selected.offset} sigma={sigma.values} colors={sigma.colors} />
        )}
        {meanFigure && meanOffset && (
          <PoseSkeleton positions={meanFigure.positions} offset={meanOffset} color={MEAN_COLOR[colorScheme]} name="mean-pose" />
        )}
        {layout === 'grid' &&
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
          direction={layout === 'grid' && placed.length > 1 ? [0.12, 0.2, 1] : undefined}
        />
        <RenderProbe target={container} />
      </Canvas>
    </div>
  );
}
