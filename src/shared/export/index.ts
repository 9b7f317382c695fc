/** Pose files in and out of the studio: SMPL JSON, one-frame BVH, AMASS .npz (one pose or a sequence), joint-position CSV, and reading pose files back. Platform-free. */
export { APP_NAME, EXPORT_FORMATS, exportFileName, safeFileBase, type ExportFormat, type ExportFormatInfo, type ExportProvenance } from './provenance';
export { SMPL_POSE_FORMAT, SMPL_POSE_VERSION, toSmplPoseDocument, smplPoseJson, type SmplPoseDocument } from './smplJson';
export { poseToBvh, matrixToEulerZXY, eulerZXYToMatrix, BVH_JOINT_ORDER, type BvhOptions } from './bvh';
export { parsePoseFile, MAX_POSE_FILE_CHARS, type ImportedPose, type ParsePoseResult } from './parsePoseFile';
export { amassNpz, amassNpzSequence, AMASS_EXPORT_FRAMERATE, type AmassLayout, type AmassExportMeta, type AmassSequenceMeta } from './amassNpz';
export { jointPositionsCsv, type CsvFrame } from './jointCsv';
export { encodeNpy, npyHeaderText, type NpyArrayInput, type NpyNumericDtype } from './npy';
export { encodeNpz, storedZip, crc32, type ZipFileInput } from './npz';
export { poseFileContent, bytesToBase64, type PoseFileContent } from './poseFile';
