import { useEffect, useState } from 'react';
import { notifications } from '@mantine/notifications';
import { useClient } from '../api/StudioContext';
import { poseLab } from '../stores/poseLab';
import { AppShell, Group, NavLink, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { navigate, useRoute, type Route } from './router';
import { ThemeToggle } from './ThemeToggle';
import { ComputeStatusBadge } from './ComputeStatusBadge';
import { IconChip, IconCurve, IconFigure, IconLibrary, IconPoses } from './icons';
import { PoseLabPage } from '../features/pose-lab/PoseLabPage';
import { LibraryPage } from '../features/library/LibraryPage';
import { PosesPage } from '../features/poses/PosesPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { GeneratePage } from '../features/generate/GeneratePage';
import { FinetunePage } from '../features/finetune/FinetunePage';
import { IconSparkle } from '../features/generate/GenerateIcons';
import { VideoPage } from '../features/video/VideoPage';
import { IconVideo } from '../features/video/VideoIcon';

const NAV: { route: Route; label: string; description: string; icon: React.ReactNode }[] = [
  { route: 'generate', label: 'Generate', description: 'Poses from a description', icon: <IconSparkle /> },
  { route: 'pose-lab', label: 'Pose lab', description: 'Pose a figure joint by joint', icon: <IconFigure /> },
  { route: 'video', label: 'Video', description: 'Poses from a video clip', icon: <IconVideo /> },
  { route: 'poses', label: 'Poses', description: 'Pose library & motion import', icon: <IconPoses /> },
  { route: 'library', label: 'Library', description: 'Saved pose sessions', icon: <IconLibrary /> },
  { route: 'finetune', label: 'Fine-tune', description: 'HyGRPO runs & checkpoints', icon: <IconCurve /> },
  {
    route: 'settings',
    label: 'Models & settings',
    description: 'Compute, storage, theme',
    icon: <IconChip />,
  },
];

/** When the session open in the Pose lab is deleted (here, in another window or by the CLI), keep the pose unsaved. */
function useDetachDeletedSession() {
  const client = useClient();
  useEffect(
    () =>
      client.subscribe('sessions.changed', (e) => {
        const open = poseLab.get().session;
        if (e.change !== 'deleted' || open?.id !== e.id) return;
        poseLab.detachSession(e.id);
        notifications.show({
          color: 'yellow',
          title: 'Session deleted',
          message: `“${open.name}” was deleted. The Pose lab keeps its pose as an unsaved document.`,
          withBorder: true,
        });
      }),
    [client],
  );
}

/** Tells the user when the compute process crashes (in-flight work fails with that reason) and when it is back. */
function useComputeCrashNotices() {
  const client = useClient();
  useEffect(() => {
    let crashed = false;
    return client.subscribe('compute.status', (s) => {
      if (s.state === 'crashed' || (s.state === 'stopped' && crashed)) {
        crashed = true;
        notifications.show({
          id: 'compute-status',
          color: 'red',
          title: s.state === 'crashed' ? 'The compute process crashed' : 'The compute process is stopped',
          message: s.message,
          autoClose: false,
          withBorder: true,
        });
      } else if (s.state === 'ready' && crashed) {
        crashed = false;
        notifications.hide('compute-status');
        notifications.show({
          color: 'teal',
          title: 'Compute process restarted',
          message: `${s.message} (restart ${s.restarts})`,
          withBorder: true,
        });
      }
    });
  }, [client]);
}

/** True from the first render where `now` is true on. */
function useOpenedOnce(now: boolean): boolean {
  const [opened, setOpened] = useState(now);
  if (now && !opened) setOpened(true);
  return opened || now;
}

export function App() {
  const route = useRoute();
  const videoOpened = useOpenedOnce(route === 'video');
  useDetachDeletedSession();
  useComputeCrashNotices();
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 232, breakpoint: 'sm' }} padding={0}>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <ThemeIcon
              size={32}
              radius="md"
              variant="gradient"
              gradient={{ from: 'indigo', to: 'orange', deg: 135 }}
            >
              <IconFigure size={20} />
            </ThemeIcon>
            <div>
              <Title order={4} lh={1.1} data-testid="app-title">
                Pose-RFT Studio
              </Title>
              <Text size="xs" c="dimmed" lh={1.1}>
                3D human pose generation &amp; fine-tuning
              </Text>
            </div>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <ComputeStatusBadge />
            <ThemeToggle />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" data-testid="nav">
        <Stack gap={4}>
          {NAV.map((n) => (
            <NavLink
              key={n.route}
              href={`#/${n.route}`}
              data-testid={`nav-${n.route}`}
              active={route === n.route}
              label={n.label}
              description={n.description}
              leftSection={n.icon}
              onClick={(e) => {
                e.preventDefault();
                navigate(n.route);
              }}
              style={{ borderRadius: 'var(--mantine-radius-md)' }}
            />
          ))}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main
        data-testid={`page-${route}`}
        style={{ height: '100dvh', display: 'flex', flexDirection: 'column' }}
      >
        {route === 'generate' && <GeneratePage />}
        {route === 'pose-lab' && <PoseLabPage />}
        {/* Kept mounted once opened, so an analysis goes on and the review survives a trip to the Pose lab. */}
        {videoOpened && (
          <div style={{ display: route === 'video' ? 'flex' : 'none', flex: 1, minHeight: 0, flexDirection: 'column' }}>
            <VideoPage />
          </div>
        )}
        {route === 'poses' && <PosesPage />}
        {route === 'library' && <LibraryPage />}
        {route === 'finetune' && <FinetunePage />}
        {route === 'settings' && <SettingsPage />}
      </AppShell.Main>
    </AppShell>
  );
}
