import { useEffect, useState } from 'react';
import { Badge, Button, Collapse, Group, Loader, Text, UnstyledButton } from '@mantine/core';
import type { ApiError, PoseCaption } from '@shared/api';
import { useClient } from '../../api/StudioContext';
import { IconRefresh } from '../../app/icons';
import classes from './Poses.module.css';

/**
 * The automatic posecode caption of a library pose, with the facts it asserts and how many of them the pose
 * satisfies; "New caption" rolls another seed (another wording and choice of facts). With `pose`, the caption is
 * of those numbers alone (a generated pose has no name or tags); `id` then only names what is shown.
 */
export function PoseCaptionBlock({ id, pose }: { id: string; pose?: readonly number[] }) {
  const client = useClient();
  const [seed, setSeed] = useState(1);
  const [state, setState] = useState<{
    caption: PoseCaption | null;
    error: ApiError | null;
    loading: boolean;
  }>({
    caption: null,
    error: null,
    loading: true,
  });
  const [showCodes, setShowCodes] = useState(false);

  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    void client.call('library.caption', pose ? { pose: [...pose], seed } : { id, seed }).then((r) => {
      if (!live) return;
      setState(
        r.ok
          ? { caption: r.value, error: null, loading: false }
          : { caption: null, error: r.error, loading: false },
      );
    });
    return () => {
      live = false;
    };
    // `id` names the pose; a pose given as numbers is captioned once per id.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, id, seed]);

  const { caption, error, loading } = state;
  return (
    <div>
      <Group justify="space-between" mb={4} wrap="nowrap">
        <Text size="xs" c="dimmed" fw={600} tt="uppercase">
          Automatic caption
        </Text>
        <Button
          size="compact-xs"
          variant="subtle"
          leftSection={<IconRefresh size={14} />}
          onClick={() => setSeed((s) => (s + 1) >>> 0)}
          disabled={loading}
          data-testid="caption-reroll"
        >
          New caption
        </Button>
      </Group>
      <div
        className={classes.caption}
        data-testid="pose-caption"
        data-seed={seed}
        data-loading={loading || undefined}
      >
        {error ? (
          <Text size="sm" c="red" data-testid="caption-error">
            {error.message} ({error.code})
          </Text>
        ) : caption ? (
          <Text size="sm" style={{ opacity: loading ? 0.5 : 1 }} data-testid="pose-caption-text">
            {caption.text}
          </Text>
        ) : (
          <Loader size="xs" />
        )}
      </div>
      {caption && !error && (
        <>
          <UnstyledButton onClick={() => setShowCodes((v) => !v)} mt={6} data-testid="caption-codes-toggle">
            <Text size="xs" c="dimmed">
              Asserts {caption.posecodes.length} posecode{caption.posecodes.length === 1 ? '' : 's'} ·{' '}
              {Math.round(caption.agreement * 100)}% satisfied by this pose · seed {seed}{' '}
              {showCodes ? '▴' : '▾'}
            </Text>
          </UnstyledButton>
          <Collapse expanded={showCodes}>
            <Group gap={4} mt={6}>
              {caption.posecodes.map((p) => (
                <Badge key={`${p.code}=${p.category}`} size="xs" variant="light" color="gray" tt="none">
                  {p.code}: {p.category}
                </Badge>
              ))}
            </Group>
          </Collapse>
        </>
      )}
    </div>
  );
}
