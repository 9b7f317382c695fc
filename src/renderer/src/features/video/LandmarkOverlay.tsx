import type { VideoFrameEstimate } from '@shared/api';
import { BLAZEPOSE_CONNECTIONS, landmarkSide } from './blazeposeConnections';

const COLORS = { left: '#ff8c1a', right: '#2f9bff', centre: '#f5f5f5' } as const;
/** Landmarks BlazePose thinks are hidden are drawn faint rather than dropped, so the analyst sees the guess. */
const VISIBLE = 0.5;

/** The 2D landmarks over the frame, in the analysed frame's pixel space (the SVG scales with the picture). */
export function LandmarkOverlay({ estimate, width, height }: { estimate: VideoFrameEstimate; width: number; height: number }) {
  const { image, visibility } = estimate.landmarks;
  const stroke = Math.max(1.5, Math.max(width, height) / 250);
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      data-testid="landmark-overlay"
      data-frame={estimate.frame}
      style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', pointerEvents: 'none' }}
    >
      {BLAZEPOSE_CONNECTIONS.map(([a, b]) => (
        <line
          key={`${a}-${b}`}
          x1={image[a * 3]}
          y1={image[a * 3 + 1]}
          x2={image[b * 3]}
          y2={image[b * 3 + 1]}
          stroke={COLORS[landmarkSide(b)]}
          strokeWidth={stroke}
          strokeOpacity={Math.min(visibility[a]!, visibility[b]!) >= VISIBLE ? 0.95 : 0.35}
          strokeLinecap="round"
        />
      ))}
      {Array.from({ length: 33 }, (_, k) => (
        <circle
          key={k}
          cx={image[k * 3]}
          cy={image[k * 3 + 1]}
          r={stroke * 1.4}
          fill={COLORS[landmarkSide(k)]}
          fillOpacity={visibility[k]! >= VISIBLE ? 1 : 0.35}
          stroke="#111"
          strokeWidth={stroke * 0.4}
        />
      ))}
    </svg>
  );
}
