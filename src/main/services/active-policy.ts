/**
 * Which policy Generate's "policy" model uses: the shipped one, or a checkpoint promoted from a fine-tuning run.
 * A promotion is a `models` record of kind 'policy' (the checkpoint directory and its weights' sha256) made
 * active; going back to the shipped policy leaves no policy record active.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ActivePolicy } from '../../shared/api/contract';
import type { CheckpointRecord, ModelRecord, Store } from '../storage';

export const POLICY_KIND = 'policy';
/** metadata.source of a promoted checkpoint's model record. */
const PROMOTED = 'hygrpo-checkpoint';

/** The name generations record a promoted checkpoint by: run id prefix and step, readable in a model label. */
export function promotedPolicyName(runId: string, step: number): string {
  return `hygrpo-${runId.slice(0, 8)}-step${step}`;
}

const SHIPPED: ActivePolicy = { source: 'shipped', name: 'policy', checkpointId: null, runId: null, runName: null, step: null };

function isPromoted(m: ModelRecord | null): m is ModelRecord {
  return !!m && m.metadata.source === PROMOTED;
}

export interface ResolvedPolicy extends ActivePolicy {
  /** The checkpoint directory for a promoted policy; null for the shipped one. */
  dir: string | null;
}

export function activePolicy(store: Store): ResolvedPolicy {
  const m = store.models.active(POLICY_KIND);
  if (!isPromoted(m)) return { ...SHIPPED, dir: null };
  const md = m.metadata;
  return {
    source: 'checkpoint',
    name: m.name,
    checkpointId: typeof md.checkpointId === 'string' ? md.checkpointId : null,
    runId: typeof md.runId === 'string' ? md.runId : null,
    runName: typeof md.runName === 'string' ? md.runName : null,
    step: typeof md.step === 'number' ? md.step : null,
    dir: m.file,
  };
}

/** Strips the directory: what callers outside the backend see. */
export function publicPolicy(p: ResolvedPolicy): ActivePolicy {
  const { dir: _dir, ...rest } = p;
  return rest;
}

/** Records (once per weights file) and activates a checkpoint as the policy; the caller has checked its sha256. */
export function promoteCheckpoint(store: Store, ckpt: CheckpointRecord, runName: string): ResolvedPolicy {
  const dir = path.resolve(ckpt.file);
  const existing = store.models.findBySha256(ckpt.sha256).find((m) => m.kind === POLICY_KIND && m.file === dir && isPromoted(m));
  const record =
    existing ??
    store.models.create({
      name: promotedPolicyName(ckpt.runId, ckpt.step),
      kind: POLICY_KIND,
      file: dir,
      sha256: ckpt.sha256,
      metadata: { source: PROMOTED, runId: ckpt.runId, runName, step: ckpt.step, checkpointId: ckpt.id },
    });
  store.models.setActive(record.id);
  return activePolicy(store);
}

export function useShippedPolicy(store: Store): ResolvedPolicy {
  store.models.clearActive(POLICY_KIND);
  return activePolicy(store);
}

/** Whether a promoted checkpoint's weights are still where they were recorded. */
export function policyFilesPresent(dir: string): boolean {
  return existsSync(path.join(dir, 'model.safetensors')) && existsSync(path.join(dir, 'config.json'));
}
