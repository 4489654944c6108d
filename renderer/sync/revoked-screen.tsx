import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { api } from '../platform/api';
import { BrandMark } from '../shell/brand';
import { useSyncStatus } from './sync-status';

const FALLBACK_MESSAGE = 'This workstation has been revoked by the clinic. Its local data has been erased.';

/** The whole window, and nothing else: the clinic revoked this workstation. */
export function RevokedScreen({ message, onSignOut }: { message: string; onSignOut: () => void }) {
  const titleId = useId();
  const messageId = useId();
  const signOutRef = useRef<HTMLButtonElement>(null);
  useEffect(() => signOutRef.current?.focus(), []);

  return (
    <div className="revoked" role="alertdialog" aria-modal="true" aria-labelledby={titleId} aria-describedby={messageId}>
      <main className="revoked__panel">
        <BrandMark />
        <h1 className="revoked__title" id={titleId}>
          This workstation can no longer be used
        </h1>
        <p className="revoked__message" id={messageId}>
          {message}
        </p>
        <p className="revoked__explain">
          Nothing of the clinic’s data is left on this computer. If you think this is a mistake, ask your clinic administrator to
          enrol the workstation again; you can then sign in while it is connected to the clinic server.
        </p>
        <button ref={signOutRef} type="button" className="button button--primary button--block" onClick={onSignOut}>
          Sign out
        </button>
      </main>
    </div>
  );
}

/**
 * Shows the revoked screen in place of everything else once main reports the workstation revoked, so no other
 * screen can be used (and nothing erased lingers on screen). "Sign out" ends any session still open and
 * leaves the message with the sign-in screen.
 */
export function RevocationGate({ onSignedOut, children }: { onSignedOut: (notice: string) => void; children: ReactNode }) {
  const { status } = useSyncStatus();
  const [acknowledged, setAcknowledged] = useState(false);
  const isRevoked = status?.revoked ?? false;
  // A later revocation (after the clinic enrolled the workstation again) is shown again.
  useEffect(() => {
    if (!isRevoked) setAcknowledged(false);
  }, [isRevoked]);

  if (!isRevoked || acknowledged) return children;
  const message = status?.message ?? FALLBACK_MESSAGE;
  return (
    <RevokedScreen
      message={message}
      onSignOut={() => {
        void api.invoke('auth.logout', {}).finally(() => {
          setAcknowledged(true);
          onSignedOut(message);
        });
      }}
    />
  );
}
