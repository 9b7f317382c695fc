import type { StudioClient } from '../../api/client';
import { valueOrNotify } from '../../api/notify';
import { navigate } from '../../app/router';
import { poseLab, type VideoFrameOrigin } from '../../stores/poseLab';

/**
 * Stores the pose as a new session (so the Pose lab opens a saved document, as the Library's "Open" does) and
 * switches to the Pose lab. A pose from a video frame remembers the frame, so the Pose lab can write the edit back.
 * Returns false, after telling the user why, when the session could not be created.
 */
export async function openInPoseLab(
  client: StudioClient,
  name: string,
  pose: ArrayLike<number>,
  videoFrame: VideoFrameOrigin | null = null,
): Promise<boolean> {
  const r = await client.call('sessions.create', {
    name: name.slice(0, 200),
    kind: 'pose',
    pose: Array.from(pose),
  });
  const session = valueOrNotify('Opening the pose in the Pose lab', r);
  if (!session) return false;
  poseLab.loadSession(session, videoFrame);
  navigate('pose-lab');
  return true;
}
