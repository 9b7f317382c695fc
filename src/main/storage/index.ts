export { openStore, DEFAULT_DB_FILE, type Store, type OpenStoreOptions } from './store';
export {
  inspectStore,
  type InspectStoreOptions,
  type StoreInspection,
  type MigrationRef,
  type EditedMigration,
  type UnknownMigration,
} from './inspect';
export { StorageError, isStorageError, type StorageErrorCode } from './errors';
export { migrations, type Migration } from './migrations';
export { migrationHash, type AppliedMigration } from './migrate';
export { float32ToBlob, blobToFloat32, float64ToBlob, blobToFloat64 } from './blob';
export { electronNativeBindingPath, ELECTRON_NATIVE_BINDING } from './native';
export type { JsonObject } from './repos/common';
export type { SessionsRepo, SessionKind } from './repos/sessions';
export type { EditsRepo } from './repos/edits';
export type { ModelsRepo, ModelRecord, ModelInput } from './repos/models';
export type {
  GenerationsRepo,
  GenerationRecord,
  GenerationInput,
  CandidatesRepo,
  CandidateRecord,
  CandidateInput,
} from './repos/generations';
export type {
  VideosRepo,
  VideoRecord,
  VideoInput,
  FrameEstimatesRepo,
  FrameEstimate,
  FrameEstimateInput,
} from './repos/videos';
export type {
  TrainingRunsRepo,
  TrainingRunRecord,
  TrainingRunInput,
  RunStatus,
  RunMetricsRepo,
  RunMetric,
  CheckpointsRepo,
  CheckpointRecord,
} from './repos/training';
export type { ExportsRepo, ExportRecord } from './repos/exports';
