import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Loader,
  ScrollArea,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  useMantineColorScheme,
} from '@mantine/core';
import type { ApiError } from '@shared/api';
import { useCallQuery } from '../../api/useCallQuery';
import { useEffect } from 'react';
import { useClient, useComputeStatus } from '../../api/StudioContext';
import { IconRefresh } from '../../app/icons';
import { SpeedTestCard } from './SpeedTestCard';

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

function Row({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md" py={4}>
      <Text size="sm" c="dimmed" style={{ flex: 'none' }}>
        {label}
      </Text>
      <Text size="sm" ta="right" style={{ overflowWrap: 'anywhere' }} data-testid={testId} component="div">
        {children}
      </Text>
    </Group>
  );
}

function SectionCard({
  title,
  subtitle,
  onReload,
  loading,
  error,
  children,
  testId,
}: {
  title: string;
  subtitle: string;
  onReload?: () => void;
  loading: boolean;
  error: ApiError | null;
  children: React.ReactNode;
  testId: string;
}) {
  return (
    <Card withBorder radius="md" padding="lg" data-testid={testId}>
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <div>
          <Title order={5}>{title}</Title>
          <Text size="xs" c="dimmed">
            {subtitle}
          </Text>
        </div>
        {onReload && (
          <Button
            size="xs"
            variant="subtle"
            leftSection={loading ? <Loader size={12} /> : <IconRefresh size={14} />}
            onClick={onReload}
          >
            Refresh
          </Button>
        )}
      </Group>
      {error ? (
        <Alert color="red" variant="light" title="Unavailable">
          {error.message} ({error.code})
        </Alert>
      ) : (
        children
      )}
    </Card>
  );
}

/** Models & settings: what the compute process runs on, the state of storage, the app, and the theme. */
export function SettingsPage() {
  const compute = useCallQuery('compute.info', {});
  const storage = useCallQuery('storage.status', {});
  const app = useCallQuery('app.info', {});
  const status = useComputeStatus();
  const client = useClient();
  const reloadCompute = compute.reload;
  // A restarted compute process has a new pid and restart count; show them without a manual refresh.
  useEffect(
    () =>
      client.subscribe('compute.status', (s) => {
        if (s.state === 'ready') reloadCompute();
      }),
    [client, reloadCompute],
  );
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const c = compute.data;
  const s = storage.data;
  const a = app.data;

  return (
    <ScrollArea h="100%" type="auto">
      <Stack p="lg" gap="lg" maw={1200}>
        <div>
          <Title order={3}>Models &amp; settings</Title>
          <Text size="sm" c="dimmed">
            The inference runtime, the local database and this installation.
          </Text>
        </div>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <SectionCard
            title="Compute"
            subtitle="ONNX Runtime in its own process"
            onReload={compute.reload}
            loading={compute.loading}
            error={compute.error}
            testId="compute-card"
          >
            {c ? (
              <Stack gap={2}>
                <Row label="ONNX Runtime" testId="ort-version">
                  <Code>{c.ort}</Code>
                </Row>
                <Row label="Status">
                  <Badge
                    variant="light"
                    color={status.state === 'ready' ? 'teal' : status.state === 'crashed' ? 'red' : 'yellow'}
                  >
                    {status.state}
                  </Badge>
                </Row>
                <Row label="Active providers" testId="providers-active">
                  <Group gap={4} justify="flex-end">
                    {c.active.map((p) => (
                      <Badge key={p} variant="filled" size="sm">
                        {p}
                      </Badge>
                    ))}
                  </Group>
                </Row>
                <Row label="Available providers" testId="providers-available">
                  <Group gap={4} justify="flex-end">
                    {c.providers.map((p) => (
                      <Badge
                        key={p}
                        variant={c.active.includes(p) ? 'light' : 'outline'}
                        color="gray"
                        size="sm"
                      >
                        {p}
                      </Badge>
                    ))}
                  </Group>
                </Row>
                <Row label="Threads">
                  {c.threads.intraOp} intra-op · {c.threads.interOp} inter-op
                </Row>
                <Row label="Process" testId="compute-process">
                  pid {c.pid} · {c.restarts} restart{c.restarts === 1 ? '' : 's'}
                </Row>
                <Row label="Self-test" testId="self-test">
                  <Badge variant="light" color={c.selfTest.ok ? 'teal' : 'red'}>
                    {c.selfTest.ok ? 'passed' : 'failed'}
                  </Badge>{' '}
                  <Text span size="xs" c="dimmed">
                    {c.selfTest.ms.toFixed(1)} ms · {c.selfTest.detail}
                  </Text>
                </Row>
              </Stack>
            ) : (
              <Loader size="sm" />
            )}
          </SectionCard>

          <SectionCard
            title="Storage"
            subtitle="SQLite database (WAL) with numbered migrations"
            onReload={storage.reload}
            loading={storage.loading}
            error={storage.error}
            testId="storage-card"
          >
            {s ? (
              <Stack gap={2}>
                <Row label="Data directory" testId="data-dir">
                  <Code>{s.dataDir}</Code>
                </Row>
                <Row label="Database">
                  <Code>{s.dbPath}</Code>
                </Row>
                <Row label="Integrity" testId="integrity">
                  <Badge variant="light" color={s.integrity === 'ok' ? 'teal' : 'red'}>
                    {s.integrity}
                  </Badge>
                </Row>
                <Row label="Journal · foreign keys">
                  {s.journalMode} · {s.foreignKeys ? 'on' : 'off'}
                </Row>
                <Row label="Size">{formatBytes(s.sizeBytes)}</Row>
                <Table mt="sm" withTableBorder fz="xs" data-testid="migrations">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>#</Table.Th>
                      <Table.Th>Migration</Table.Th>
                      <Table.Th>Hash</Table.Th>
                      <Table.Th>Applied</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {s.migrations.map((m) => (
                      <Table.Tr key={m.id}>
                        <Table.Td>{m.id}</Table.Td>
                        <Table.Td>{m.name}</Table.Td>
                        <Table.Td>
                          <Code fz="xs">{m.hash.slice(0, 10)}</Code>
                        </Table.Td>
                        <Table.Td>
                          {m.appliedAt ? (
                            m.appliedAt.replace('T', ' ').slice(0, 19)
                          ) : (
                            <Badge color="orange" size="xs">
                              pending
                            </Badge>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Stack>
            ) : (
              <Loader size="sm" />
            )}
          </SectionCard>

          <SectionCard
            title="Application"
            subtitle="This installation"
            loading={app.loading}
            error={app.error}
            testId="app-card"
          >
            {a ? (
              <Stack gap={2}>
                <Row label="Version" testId="app-version">
                  {a.version}
                </Row>
                <Row label="Mode">
                  <Badge variant="light">{a.mode === 'electron' ? 'desktop' : 'server'}</Badge>
                </Row>
                <Row label="Platform">{a.platform}</Row>
                <Row label="Node.js">{a.node}</Row>
                <Row label="Data directory">
                  <Code>{a.dataDir}</Code>
                </Row>
              </Stack>
            ) : (
              <Loader size="sm" />
            )}
          </SectionCard>

          <Card withBorder radius="md" padding="lg" data-testid="appearance-card">
            <Title order={5}>Appearance</Title>
            <Text size="xs" c="dimmed" mb="md">
              Remembered on this device
            </Text>
            <SegmentedControl
              fullWidth
              value={colorScheme}
              onChange={(v) => setColorScheme(v as 'light' | 'dark' | 'auto')}
              data={[
                { label: 'Light', value: 'light' },
                { label: 'Dark', value: 'dark' },
                { label: 'System', value: 'auto' },
              ]}
              data-testid="theme-select"
            />
          </Card>
        </SimpleGrid>
        <SpeedTestCard />
      </Stack>
    </ScrollArea>
  );
}
