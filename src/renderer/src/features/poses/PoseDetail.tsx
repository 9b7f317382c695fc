import { useMemo, useState } from 'react';
import { Badge, Button, Group, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useClient } from '../../api/StudioContext';
import { IconOpen } from '../../app/icons';
import { PoseViewport } from '../../viewport/PoseViewport';
import type { ViewportFigure } from '../../viewport/usePlacedFigures';
import { openInPoseLab } from './openInPoseLab';
import classes from './Poses.module.css';

export interface PoseDetailProps {
  /** Identifies what is shown (a library id, a clip frame); the viewport re-frames when it changes. */
  id: string;
  name: string;
  /** Name of the session "Open in Pose lab" creates. */
  sessionName: string;
  pose: ArrayLike<number>;
  /** Badges under the name (category, format…). */
  badges?: string[];
  tags?: readonly string[];
  synonyms?: readonly string[];
  colorScheme: 'light' | 'dark';
  openLabel?: string;
  /** Extra sections (the caption, clip facts). */
  children?: React.ReactNode;
}

/** The selected pose large, in an orbitable viewport, with what the library knows about it. */
export function PoseDetail({
  id,
  name,
  sessionName,
  pose,
  badges = [],
  tags = [],
  synonyms = [],
  colorScheme,
  openLabel = 'Open in Pose lab',
  children,
}: PoseDetailProps) {
  const client = useClient();
  const [opening, setOpening] = useState(false);
  const figures = useMemo<ViewportFigure[]>(() => [{ id, pose, label: name }], [id, pose, name]);

  async function open() {
    setOpening(true);
    try {
      await openInPoseLab(client, sessionName, pose);
    } finally {
      setOpening(false);
    }
  }

  return (
    <>
      <div className={classes.detailViewport}>
        <PoseViewport figures={figures} colorScheme={colorScheme} testId="pose-detail-viewport" />
      </div>
      <ScrollArea className={classes.detailInfo} type="auto">
        <Stack gap="sm" p="md" data-testid="pose-detail" data-pose-id={id}>
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
            <div style={{ minWidth: 0 }}>
              <Title order={4} data-testid="pose-detail-name">
                {name}
              </Title>
              {badges.length > 0 && (
                <Group gap={6} mt={4}>
                  {badges.map((b) => (
                    <Badge key={b} variant="light" size="sm">
                      {b}
                    </Badge>
                  ))}
                </Group>
              )}
            </div>
            <Button
              leftSection={<IconOpen size={16} />}
              onClick={() => void open()}
              loading={opening}
              style={{ flex: 'none' }}
              data-testid="pose-open-lab"
            >
              {openLabel}
            </Button>
          </Group>
          {tags.length > 0 && (
            <div>
              <Text size="xs" c="dimmed" fw={600} tt="uppercase" mb={4}>
                Tags
              </Text>
              <Group gap={6} data-testid="pose-detail-tags">
                {tags.map((t) => (
                  <Badge key={t} variant="outline" color="gray" size="sm" tt="none">
                    {t}
                  </Badge>
                ))}
              </Group>
            </div>
          )}
          {synonyms.length > 0 && (
            <div>
              <Text size="xs" c="dimmed" fw={600} tt="uppercase" mb={2}>
                Also called
              </Text>
              <Text size="sm" data-testid="pose-detail-synonyms">
                {synonyms.join(' · ')}
              </Text>
            </div>
          )}
          {children}
        </Stack>
      </ScrollArea>
    </>
  );
}
