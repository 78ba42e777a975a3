/** Hands bytes fetched with the user's token to the browser as a file download. */
export function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.style.display = 'none';
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  // The click has handed the URL to the download manager synchronously.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
