import { useEffect, useState } from 'react';
import type { ActivePolicy } from '@shared/api';
import { useClient } from '../../api/StudioContext';

/** The policy Generate uses, kept current by `finetune.activePolicy` events (a promotion in any window). */
export function useActivePolicy(): [ActivePolicy | null, (p: ActivePolicy) => void] {
  const client = useClient();
  const [policy, setPolicy] = useState<ActivePolicy | null>(null);
  useEffect(() => {
    let live = true;
    void client.call('finetune.activePolicy', {}).then((r) => {
      if (live && r.ok) setPolicy(r.value);
    });
    const off = client.subscribe('finetune.activePolicy', (p) => setPolicy(p));
    return () => {
      live = false;
      off();
    };
  }, [client]);
  return [policy, setPolicy];
}

/** How a policy reads in the UI. */
export function policyDescription(p: ActivePolicy): string {
  return p.source === 'shipped' ? 'the shipped supervised policy' : `${p.name} (step ${p.step ?? '?'} of ${p.runName ?? p.runId ?? 'a run'})`;
}
