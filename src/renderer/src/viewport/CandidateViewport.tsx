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
import { mixHex } from './colorMix';
import type { FigureLayout } from './layout';
import type { Vec3 } from './mannequinParts';
import { usePlacedFigures, type ViewportFigure } from './usePlacedFigures';

/** The mean pose's stick figure: teal, apart from the wood body, the blue ghosts and the σ ramp. */
export const MEAN_POSE_COLOR = { light: '#0b7285', dark: '#3bc9db' } as const;

/** One row is seen from the front; several rows from higher up, so the rows behind show over the ones in front. */
function gridDirection(n: number): Vec3 {
  return n <= 4 ? [0.12, 0.2, 1] : [0.1, 0.7, 1];
}

export interface CandidateViewportProps {
  /** The candidates with a pose (their `highlighted` is ignored: the selection decides). */
  figures: readonly ViewportFigure[];
  /** Overlaid, the selected candidate is solid among ghosts; in a grid every figure is solid and its tag marks it. */
  selectedId: string | null;
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
  figures: candidates,
  selectedId,
  layout,
  colorScheme,
  mean = null,
  sigma = null,
  frameRequest = 0,
  testId = 'candidate-viewport',
}: CandidateViewportProps) {
  const container = useRef<HTMLDivElement>(null);
  const base = PALETTES[colorScheme];
  // Many ghosts overlaid add up to a solid blue mass; ghosts nearer the stage's colour stay a faint crowd.
  const palette = useMemo(
    () => (candidates.length > 3 ? { ...base, ghost: mixHex(base.ghost, base.background, 0.45) } : base),
    [base, candidates.length],
  );
  const figures = useMemo<ViewportFigure[]>(
    () =>
      candidates.map((f) => {
        const isSelected = f.id === selectedId;
        return {
          ...f,
          highlighted: layout === 'overlay' && isSelected,
          label: isSelected && f.label ? `${f.label} · selected` : f.label,
        };
      }),
    [candidates, selectedId, layout],
  );
  const { placed, bounds } = usePlacedFigures(figures, layout);
  const meanFigures = useMemo<ViewportFigure[]>(() => (mean ? [{ id: 'mean', pose: mean }] : []), [mean]);
  const { placed: meanPlaced } = usePlacedFigures(meanFigures, 'overlay');
  const selected = placed.find((p) => p.id === selectedId);
  // Framing follows the set of candidates and the layout, not the selection.
  const frameKey = useMemo(
    () => `${layout}|${candidates.map((f) => f.id).join(',')}|${frameRequest}`,
    [layout, candidates, frameRequest],
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
          <PoseSkeleton positions={meanFigure.positions} offset={meanOffset} color={MEAN_POSE_COLOR[colorScheme]} name="mean-pose" />
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
          direction={layout === 'grid' && placed.length > 1 ? gridDirection(placed.length) : undefined}
        />
        <RenderProbe target={container} />
      </Canvas>
    </div>
  );
}
