import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { AppStatus } from '../../shared/app/app.contract';
import type { SessionInfo } from '../../shared/auth/session.contract';
import type { AppError } from '../../shared/ipc/result';
import { ChangePasswordScreen } from '../auth/change-password-screen';
import { LoginScreen } from '../auth/login-screen';
import { api } from '../platform/api';
import { SignedInApp } from '../session/signed-in-app';
import { RevocationGate } from '../sync/revoked-screen';
import { SyncStatusContext, useSyncStatusSource } from '../sync/sync-status';
import { LoadingState } from '../ui/states';
import { StartupProblem } from './startup-problem';

type Boot =
  | { readonly phase: 'starting' }
  | { readonly phase: 'unreachable'; readonly error: AppError }
  | { readonly phase: 'ready'; readonly status: AppStatus };

interface SignedIn {
  readonly session: SessionInfo;
  readonly deadline: number;
}

/**
 * Start-up status first, then sign-in, then the app. The sync status is followed for the whole window, so a
 * revoked workstation is shown as such whatever is on screen.
 */
export function App() {
  const [boot, setBoot] = useState<Boot>({ phase: 'starting' });
  const [signedIn, setSignedIn] = useState<SignedIn | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const sync = useSyncStatusSource(signedIn?.session.userId ?? null);

  const start = useCallback(async () => {
    setBoot({ phase: 'starting' });
    const status = await api.invoke('app.status', {});
    if (!status.ok) {
      setBoot({ phase: 'unreachable', error: status.error });
      return;
    }
    if (status.value.state !== 'migration_failed') {
      // A reload of a signed-in window keeps its session (main keys sessions by window).
      const current = await api.invoke('auth.session', {});
      if (current.ok && current.value) setSignedIn({ session: current.value, deadline: current.value.idleDeadline });
    }
    setBoot({ phase: 'ready', status: status.value });
  }, []);

  useEffect(() => {
    void start();
  }, [start]);

  const signedOut = useCallback((reason: string | null) => {
    setNotice(reason);
    setSignedIn(null);
  }, []);

  // Main ends a session it must end (a deactivated account) first and says why in the sync status right after.
  const syncMessage = !signedIn && notice && sync.status?.message && !sync.status.revoked ? sync.status.message : null;
  let screen: ReactNode;
  if (boot.phase === 'starting') {
    screen = (
      <main className="splash">
        <h1 className="visually-hidden">Medora</h1>
        <LoadingState label="Starting Medora…" />
      </main>
    );
  } else if (boot.phase === 'unreachable') {
    screen = <StartupProblem title="Medora could not start" problem={boot.error.message} onRetry={() => void start()} />;
  } else if (boot.status.state === 'migration_failed') {
    screen = (
      <StartupProblem
        title="Medora could not open its data"
        problem={boot.status.problem ?? 'Updating the local database to this version failed.'}
        version={boot.status.version}
      />
    );
  } else if (!signedIn) {
    screen = (
      <LoginScreen
        status={boot.status}
        notice={syncMessage ? `${notice} ${syncMessage}` : notice}
        onSignedIn={(session) => {
          setNotice(null);
          // main has just set its deadline to its now + the timeout; measure the same span on this clock.
          setSignedIn({ session, deadline: Date.now() + session.idleTimeoutMinutes * 60_000 });
        }}
      />
    );
  } else if (signedIn.session.mustChangePassword) {
    screen = (
      <ChangePasswordScreen
        session={signedIn.session}
        onChanged={(session) => setSignedIn({ session, deadline: Date.now() + session.idleTimeoutMinutes * 60_000 })}
        onSignOut={() => void api.invoke('auth.logout', {}).then(() => signedOut(null))}
      />
    );
  } else {
    screen = (
      <SignedInApp
        key={signedIn.session.userId}
        initialSession={signedIn.session}
        initialDeadline={signedIn.deadline}
        onSignedOut={signedOut}
      />
    );
  }
  return (
    <SyncStatusContext.Provider value={sync}>
      <RevocationGate onSignedOut={signedOut}>{screen}</RevocationGate>
    </SyncStatusContext.Provider>
  );
}
