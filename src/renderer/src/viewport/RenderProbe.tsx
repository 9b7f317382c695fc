import { useFrame } from '@react-three/fiber';

/**
 * Counts rendered frames on the viewport's container (data-frames), so tests and tools can tell when a
 * change has actually reached the canvas under the on-demand frame loop.
 */
export function RenderProbe({ target }: { target: React.RefObject<HTMLElement | null> }) {
  // Priority must stay 0: a positive priority would make R3F hand the whole render over to this hook.
  useFrame(() => {
    const el = target.current;
    if (!el) return;
    el.dataset.frames = String(Number(el.dataset.frames ?? '0') + 1);
  });
  return null;
}
