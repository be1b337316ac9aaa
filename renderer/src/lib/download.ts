/** Hands a text file to the browser's (or Electron's) download: a save dialog or the Downloads folder. */
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The browser reads the address when the download starts, which on a busy machine can be seconds after
  // the click; revoked first, nothing downloads (FileSaver.js keeps it 40 s for the same reason).
  setTimeout(() => URL.revokeObjectURL(url), 40_000);
}
