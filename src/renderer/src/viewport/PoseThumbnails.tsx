import { useEffect, useLayoutEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { Canvas, useFrame, useThree } from '@react-three/fiber';
import type { PerspectiveCamera } from 'three';
import { REST_JOINTS } from '@shared/body';
import { mannequinParts, type Vec3 } from './mannequinParts';
import { Mannequin } from './Mannequin';
import { PALETTES } from './palette';
import { StageGround } from './StageGround';
import { StageLights } from './StageLights';
import { frameSpheres, partSpheres, type Sphere } from './thumbnailFraming';
import {
  createThumbnailQueue,
  thumbnailKey,
  type ThumbnailJob,
  type ThumbnailScheme,
} from './thumbnailQueue';
import { usePlacedFigures, type ViewportFigure } from './usePlacedFigures';

/** Size of a thumbnail in CSS pixels; drawn at twice that so it stays sharp on high-density screens. */
export const THUMB_WIDTH = 180;
export const THUMB_HEIGHT = 216;
const THUMB_DPR = 2;
const THUMB_FOV = 30;
/** Front-three-quarter, a little from above: the view the studio viewport opens with. */
const THUMB_DIRECTION: Vec3 = [0.42, 0.22, 1];
/** Room around the body: a little, so the floor and shadow show where it stands. */
const THUMB_MARGIN = 1.1;

/** The one queue every thumbnail cell and the one host share. */
export const poseThumbnails = createThumbnailQueue({ revoke: (url) => URL.revokeObjectURL(url) });

/**
 * The image for a pose (null until drawn); asks the host to draw it. Needs a mounted PoseThumbnailHost.
 * `id` names the pose for the cache; the pose's numbers are part of the key too, so edits are redrawn.
 */
export function usePoseThumbnail(
  id: string,
  pose: ArrayLike<number>,
  scheme: ThumbnailScheme,
): string | null {
  const key = useMemo(() => thumbnailKey(id, pose, scheme), [id, pose, scheme]);
  const url = useSyncExternalStore(poseThumbnails.subscribe, () => poseThumbnails.get(key));
  useEffect(() => {
    if (poseThumbnails.get(key)) return;
    const full = new Float32Array(72);
    for (let i = 0; i < Math.min(72, pose.length); i++) full[i] = pose[i];
    return poseThumbnails.request({ key, pose: full, scheme });
    // The key fingerprints the pose, so it alone says when to ask again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return url ?? null;
}

/** How many thumbnails are still waiting to be drawn (for "rendering…" hints and tests). */
export function usePendingThumbnails(): number {
  return useSyncExternalStore(poseThumbnails.subscribe, () => poseThumbnails.pending());
}

/**
 * Draws the queued thumbnails one by one on a single hidden canvas and hands each back as a PNG object URL.
 * Mount one per page that shows thumbnails. On-demand frames: it renders only while jobs are waiting.
 */
export function PoseThumbnailHost() {
  const job = useSyncExternalStore(poseThumbnails.subscribe, () => poseThumbnails.next());
  return (
    <div
      aria-hidden
      data-testid="thumbnail-host"
      data-busy={job ? 'true' : 'false'}
      style={{
        position: 'fixed',
        left: -10000,
        top: 0,
        width: THUMB_WIDTH,
        height: THUMB_HEIGHT,
        pointerEvents: 'none',
      }}
    >
      <Canvas
        frameloop="demand"
        dpr={THUMB_DPR}
        camera={{ fov: THUMB_FOV, near: 0.05, far: 100, position: [1.2, 1.4, 4] }}
        gl={{ preserveDrawingBuffer: true, antialias: true }}
      >
        {job && <ThumbnailStage job={job} />}
      </Canvas>
    </div>
  );
}

function ThumbnailStage({ job }: { job: ThumbnailJob }) {
  const palette = PALETTES[job.scheme];
  const invalidate = useThree((s) => s.invalidate);
  const figures = useMemo<ViewportFigure[]>(() => [{ id: 'thumb', pose: job.pose }], [job]);
  const { placed } = usePlacedFigures(figures, 'overlay');
  // Framed on the body's own surface (not its joints' box), so every pose fills its picture alike.
  const spheres = useMemo(
    () => placed.flatMap((f) => partSpheres(mannequinParts(f.positions, f.rotations, REST_JOINTS), f.offset)),
    [placed],
  );
  // The job whose figure is in the scene; set after commit so a frame never pairs a new key with an old figure.
  const shown = useRef<{ job: ThumbnailJob; spheres: Sphere[] } | null>(null);
  // By job, not key: a key asked for again (its image was forgotten, or drawing failed) is a new job.
  const captured = useRef<ThumbnailJob | null>(null);

  useLayoutEffect(() => {
    shown.current = { job, spheres };
    invalidate();
  }, [job, spheres, invalidate]);

  // Priority 1: this hook renders the frame itself, then reads the finished picture off the canvas.
  useFrame((state) => {
    const current = shown.current;
    const cam = state.camera as PerspectiveCamera;
    if (current && captured.current !== current.job) {
      const aspect = state.size.width / Math.max(1, state.size.height);
      const f = frameSpheres(current.spheres, cam.fov, aspect, THUMB_DIRECTION, THUMB_MARGIN);
      cam.position.set(...f.position);
      cam.lookAt(...f.target);
      cam.updateMatrixWorld();
    }
    state.gl.render(state.scene, cam);
    if (!current || captured.current === current.job) return;
    const key = current.job.key;
    captured.current = current.job;
    // toBlob snapshots the drawing buffer now; encoding happens off this frame.
    state.gl.domElement.toBlob((blob) => {
      poseThumbnails.complete(key, blob ? URL.createObjectURL(blob) : null);
    }, 'image/png');
  }, 1);

  return (
    <>
      <color attach="background" args={[palette.background]} />
      <StageLights dark={job.scheme === 'dark'} />
      <StageGround palette={palette} extent={1.2} shadowResolution={256} />
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
    </>
  );
}
