/**
 * Offers content made in main as a file download (the renderer never touches the file system): a
 * temporary object URL behind a clicked link, released once the browser has taken the file.
 */
export function offerDownload(fileName: string, content: Blob): void {
  const url = URL.createObjectURL(content);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
