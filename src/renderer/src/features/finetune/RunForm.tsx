import { useEffect, useMemo, useState } from 'react';
import { Accordion, Alert, Button, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import type { FinetunePreset } from '@shared/api';
import { CONFIG_FIELDS, CONFIG_GROUPS } from '@shared/finetune/config-fields';
import { useClient } from '../../api/StudioContext';
import { ConfigFieldInput } from './ConfigFieldInput';
import { errorsFor, generalErrors, setAt, type ConfigJson } from './configForm';

interface Props {
  presets: FinetunePreset[];
  /** A run is active: starting another would be refused. */
  busy: boolean;
  starting: boolean;
  onStart: (config: ConfigJson, name: string | undefined) => void;
}

/**
 * A new run: a preset to start from, then every field of the config, each explained, checked by the engine's
 * validator as it is edited (its messages appear at the fields they concern).
 */
export function RunForm({ presets, busy, starting, onStart }: Props) {
  const client = useClient();
  const [presetName, setPresetName] = useState<string>(presets[0]?.name ?? '');
  const [config, setConfig] = useState<ConfigJson>(() => structuredClone(presets[0]?.config ?? {}));
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [checked, setChecked] = useState(false);

  useEffect(() => {
    setChecked(false);
    const t = setTimeout(() => {
      void client.call('finetune.validate', { config }).then((r) => {
        if (r.ok) setErrors(r.value.errors);
        else setErrors([r.error.message]);
        setChecked(true);
      });
    }, 250);
    return () => clearTimeout(t);
  }, [client, config]);

  const general = useMemo(() => generalErrors(errors, CONFIG_FIELDS), [errors]);
  const choosePreset = (n: string | null) => {
    const p = presets.find((x) => x.name === n);
    if (!p) return;
    setPresetName(p.name);
    setConfig(structuredClone(p.config));
  };
  const description = presets.find((p) => p.name === presetName)?.description;

  return (
    <Stack gap="sm" data-testid="finetune-form">
      <SimpleGrid cols={2} spacing="sm">
        <Select
          label="Preset"
          description={description}
          data={presets.map((p) => p.name)}
          value={presetName}
          onChange={choosePreset}
          allowDeselect={false}
          data-testid="finetune-preset"
        />
        <TextInput label="Run name" description="Optional; shown in the run list." placeholder="hygrpo …" value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="finetune-name" />
      </SimpleGrid>
      <Accordion multiple defaultValue={['Run']} variant="separated" radius="md">
        {CONFIG_GROUPS.map((g) => {
          const fields = CONFIG_FIELDS.filter((f) => f.group === g);
          const bad = fields.some((f) => errorsFor(errors, f.path).length);
          return (
            <Accordion.Item key={g} value={g}>
              <Accordion.Control data-testid={`finetune-group-${g}`}>
                <Text size="sm" fw={600} c={bad ? 'red' : undefined}>
                  {g}
                </Text>
              </Accordion.Control>
              <Accordion.Panel>
                <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm" verticalSpacing="sm">
                  {fields.map((f) => (
                    <ConfigFieldInput key={f.path} field={f} config={config} errors={errorsFor(errors, f.path)} onChange={(p, v) => setConfig((c) => setAt(c, p, v))} />
                  ))}
                </SimpleGrid>
              </Accordion.Panel>
            </Accordion.Item>
          );
        })}
      </Accordion>
      {general.length > 0 && (
        <Alert color="red" title="The config is not valid" data-testid="finetune-errors">
          {general.map((e) => (
            <Text key={e} size="sm">
              {e}
            </Text>
          ))}
        </Alert>
      )}
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {starting ? 'Starting the training process and loading the policy…' : busy ? 'A run is active; stop it to start another.' : errors.length ? `${errors.length} problem${errors.length > 1 ? 's' : ''} to fix` : checked ? 'The engine accepts this config.' : 'Checking…'}
        </Text>
        <Button onClick={() => onStart(config, name.trim() || undefined)} disabled={busy || !checked || errors.length > 0} loading={starting} data-testid="finetune-start">
          Start run
        </Button>
      </Group>
    </Stack>
  );
}
