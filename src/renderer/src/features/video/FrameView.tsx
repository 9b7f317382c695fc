import { Text } from '@mantine/core';
import type { VideoFrameEstimate } from '@shared/api';
import { LandmarkOverlay } from './LandmarkOverlay';

/**
 * The frame at the scrubber with its landmarks: the visible video element is seeked by the page; the overlay uses the
 * analysed frame's pixel space, which has the video's aspect ratio, so both fill the same box.
 */
export function FrameView({
  videoRef,
  estimate,
  width,
  height,
  src,
}: {
  videoRef: React.RefObject<HTMLVideoElement | null>;
  estimate: VideoFrameEstimate | null;
  width: number;
  height: number;
  /** The opened file's object URL; null when the estimates were loaded without the file. */
  src: string | null;
}) {
  const hasFile = src !== null;
  return (
    <div
      data-testid="frame-view"
      style={{ position: 'relative', width: '100%', aspectRatio: `${width || 16} / ${height || 9}`, background: '#111', borderRadius: 8, overflow: 'hidden' }}
    >
      <video ref={videoRef} src={src ?? undefined} muted playsInline preload="auto" data-testid="frame-video" style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', display: hasFile ? 'block' : 'none' }} />
      {!hasFile && (
        <Text c="dimmed" size="sm" style={{ position: 'absolute', top: 8, left: 12 }}>
          Open the video file again to see its frames; the stored landmarks are shown on their own.
        </Text>
      )}
      {estimate && width > 0 && <LandmarkOverlay estimate={estimate} width={width} height={height} />}
    </div>
  );
}
