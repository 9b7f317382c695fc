/**
 * Hands a file to the user through the browser's download path: in server mode the browser saves it, in
 * Electron the session's default download handling asks where to save it. No backend file access needed.
 */
export function downloadTextFile(fileName: string, mimeType: string, content: string | Uint8Array<ArrayBuffer>, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  doc.body.appendChild(a);
  a.click();
  a.remove();
  // The click has started the download by the time the next task runs; revoking later frees the blob.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** An exported file as the backend sends it (text, or base64 bytes for binary formats), downloaded. */
export function downloadExportedFile(file: { fileName: string; mimeType: string; content: string; encoding?: 'utf8' | 'base64' }, doc: Document = document): void {
  const body = file.encoding === 'base64' ? Uint8Array.from(atob(file.content), (c) => c.charCodeAt(0)) : file.content;
  downloadTextFile(file.fileName, file.mimeType, body, doc);
}
