/**
 * Hands a Blob to the browser as a download named `filename`: an object URL on a temporary
 * `<a download>`. The URL is revoked a minute later, not at once, because some browsers
 * read the Blob after click() has returned.
 */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
