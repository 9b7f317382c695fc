import { NumberInput, Select, Switch, TextInput } from '@mantine/core';
import type { ConfigField } from '@shared/finetune/config-fields';
import { fieldValue, parseFieldInput, type ConfigJson } from './configForm';

interface Props {
  field: ConfigField;
  config: ConfigJson;
  errors: string[];
  onChange: (path: string, value: unknown) => void;
}

/** One config field with its explanation under the label and the validator's message for it, if any. */
export function ConfigFieldInput({ field: f, config, errors, onChange }: Props) {
  const value = fieldValue(config, f);
  const error = errors.length ? errors.join('; ') : undefined;
  const common = { label: f.label, description: f.help, error, 'data-testid': `field-${f.path}` };
  if (f.kind === 'boolean') {
    return <Switch {...common} checked={value === true} onChange={(e) => onChange(f.path, parseFieldInput(f, e.currentTarget.checked))} />;
  }
  if (f.kind === 'enum') {
    return <Select {...common} data={[...(f.options ?? [])]} value={String(value)} allowDeselect={false} onChange={(v) => v && onChange(f.path, parseFieldInput(f, v))} />;
  }
  if (f.kind === 'path') {
    return <TextInput {...common} placeholder="default" value={String(value)} onChange={(e) => onChange(f.path, parseFieldInput(f, e.currentTarget.value))} />;
  }
  return (
    <NumberInput
      {...common}
      value={value === '' ? '' : Number(value)}
      placeholder={f.optional ? 'default' : undefined}
      min={f.min}
      max={f.max}
      step={f.step ?? 1}
      allowDecimal={f.kind === 'number'}
      // The engine's validator judges values (its message shows at the field); the input does not clamp them away.
      clampBehavior="none"
      // Learning rates and clamps live far below 0.01; do not round what the user typed.
      decimalScale={f.kind === 'int' ? 0 : undefined}
      onChange={(v) => onChange(f.path, parseFieldInput(f, v))}
    />
  );
}
