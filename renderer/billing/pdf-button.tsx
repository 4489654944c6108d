import { useState } from 'react';
import type { BillingFile } from '../../shared/billing/billing-documents.contract';
import type { AppError, Result } from '../../shared/ipc/result';
import { offerDownload } from '../ui/download';

/** Bytes from main (base64) as a downloaded file; the renderer never names a path. */
export function downloadBillingFile(file: BillingFile): void {
  const bytes = Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0));
  offerDownload(file.fileName, new Blob([bytes], { type: file.mimeType }));
}

/** A button that asks main for a document and offers it as a download, saying so while it is drawn and if it fails. */
export function PdfButton({ label, fetch, className = 'button' }: { label: string; fetch: () => Promise<Result<BillingFile>>; className?: string }) {
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  async function run() {
    setBusy(true);
    setError(null);
    const result = await fetch();
    setBusy(false);
    if (result.ok) downloadBillingFile(result.value);
    else setError(result.error);
  }
  return (
    <span className="pdf-button">
      <button type="button" className={className} onClick={() => void run()} disabled={isBusy} aria-busy={isBusy || undefined}>
        {isBusy ? 'Preparing…' : label}
      </button>
      {error && <span className="pdf-button__error" role="alert">{error.message}</span>}
    </span>
  );
}
