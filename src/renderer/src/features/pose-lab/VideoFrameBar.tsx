import { useState } from 'react';
import { Button, CloseButton, Group, Text } from '@mantine/core';
import { useClient } from '../../api/StudioContext';
import { notifySuccess, valueOrNotify } from '../../api/notify';
import { navigate } from '../../app/router';
import { poseLab } from '../../stores/poseLab';
import { usePoseLab } from './usePoseLab';

/**
 * Shown while the document came from a video frame ("Edit in Pose lab" on the Video page): writes the edited pose
 * back as that frame's correction (the estimate itself is kept; exports use the correction) and returns to the video.
 */
export function VideoFrameBar() {
  const client = useClient();
  const origin = usePoseLab((s) => s.videoFrame);
  const [busy, setBusy] = useState(false);
  if (!origin) return null;

  async function writeBack() {
    if (!origin) return;
    setBusy(true);
    const pose = Array.from(poseLab.get().pose.subarray(0, 66));
    const r = valueOrNotify('Saving the pose to the video frame', await client.call('video.correct', { videoId: origin.videoId, frame: origin.frame, pose }));
    setBusy(false);
    if (!r) return;
    notifySuccess('Frame corrected', `${origin.label} now uses this pose; exports of the video use it too.`);
    poseLab.clearVideoFrame();
    navigate('video');
  }

  return (
    <Group px="md" py={6} gap="sm" justify="space-between" wrap="nowrap" data-testid="video-frame-bar" style={{ background: 'var(--mantine-color-blue-light)' }}>
      <Text size="sm">
        Editing <b>{origin.label}</b> from the Video page.
      </Text>
      <Group gap="xs" wrap="nowrap">
        <Button size="compact-sm" loading={busy} onClick={() => void writeBack()} data-testid="save-to-video-frame">
          Save as the frame’s pose
        </Button>
        <Button size="compact-sm" variant="default" onClick={() => navigate('video')}>
          Back to the video
        </Button>
        <CloseButton size="sm" aria-label="Stop linking this pose to the video frame" onClick={() => poseLab.clearVideoFrame()} />
      </Group>
    </Group>
  );
}
