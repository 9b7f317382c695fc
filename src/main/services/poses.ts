import { err, ok } from '../../shared/api/errors';
import { APP_NAME, exportFileName, poseFileContent, type ExportProvenance } from '../../shared/export';
import type { HandlerTable } from './context';
import { fromStore } from './storage-guard';

export const poseHandlers: HandlerTable<'poses.export'> = {
  /**
   * Builds the file in memory (binary formats travel as base64) and records it in `exports`; the renderer saves it (download or save
   * dialog), so the backend never writes outside its data directory.
   */
  'poses.export': (req, { store, app }) => {
    const provenance: ExportProvenance = {
      app: APP_NAME,
      version: app.version,
      ...(req.sessionId ? { sessionId: req.sessionId } : {}),
      name: req.name,
      exportedAt: new Date().toISOString(),
    };
    const file = poseFileContent(req.pose, req.format, provenance);
    const fileName = exportFileName(req.name, req.format);
    const recorded = fromStore('poses.export', () => {
      // A stale session id would fail the foreign key with a cryptic message; say what is wrong instead.
      if (req.sessionId && !store.sessions.get(req.sessionId)) return null;
      return store.exports.create({
        sessionId: req.sessionId ?? null,
        file: fileName,
        format: req.format,
        provenance: { ...provenance },
      });
    });
    if (!recorded.ok) return recorded;
    if (!recorded.value) return err('not_found', `No session with id "${req.sessionId}".`, { sessionId: req.sessionId });
    return ok({ fileName, ...file });
  },
};
