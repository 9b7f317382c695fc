import type { StudioClient } from '../../api/client';
import { valueOrNotify } from '../../api/notify';
import { navigate } from '../../app/router';
import { poseLab } from '../../stores/poseLab';

/**
 * Stores the pose as a new session (so the Pose lab opens a saved document, as the Library's "Open" does) and
 * switches to the Pose lab. Returns false, after telling the user why, when the session could not be created.
 */
export async function openInPoseLab(
  client: StudioClient,
  name: string,
  pose: ArrayLike<number>,
): Promise<boolean> {
  const r = await client.call('sessions.create', {
    name: name.slice(0, 200),
    kind: 'pose',
    pose: Array.from(pose),
  });
  const session = valueOrNotify('Opening the pose in the Pose lab', r);
  if (!session) return false;
  poseLab.loadSession(session);
  navigate('pose-lab');
  return true;
}
