import { Alert, List, Text } from '@mantine/core';
import type { LimitReport } from './jointCatalog';

/** Whole-pose joint-limit check: which joints lie outside their anatomical ranges and by how much. */
export function LimitIndicator({
  report,
  onSelect,
}: {
  report: LimitReport;
  onSelect: (joint: number) => void;
}) {
  if (report.violations.length === 0) {
    return (
      <Alert
        color="teal"
        variant="light"
        title="Pose within joint limits"
        data-testid="limit-indicator"
        data-state="ok"
      >
        Every joint angle lies inside its reference range.
      </Alert>
    );
  }
  const joints = new Set(report.violations.map((v) => v.joint));
  return (
    <Alert
      color="orange"
      variant="light"
      title={`${joints.size} joint${joints.size === 1 ? '' : 's'} outside limits · ${report.total.toFixed(0)}° total`}
      data-testid="limit-indicator"
      data-state="over"
    >
      <List size="xs" spacing={2}>
        {report.violations.slice(0, 6).map((v) => (
          <List.Item key={`${v.joint}-${v.axis}`}>
            <Text
              size="xs"
              span
              style={{ cursor: 'pointer', textDecoration: 'underline dotted' }}
              onClick={() => onSelect(v.joint)}
            >
              {v.label}
            </Text>{' '}
            {v.axis.toUpperCase()} {v.value.toFixed(0)}° (range {v.limit[0]}…{v.limit[1]}°)
          </List.Item>
        ))}
        {report.violations.length > 6 && <List.Item>…and {report.violations.length - 6} more</List.Item>}
      </List>
    </Alert>
  );
}
