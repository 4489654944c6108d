import { BrandMark } from '../shell/brand';

/**
 * Shown instead of the app when it cannot start (a failed database upgrade, no connection to main):
 * what happened, that nothing was lost, and what to do — never a blank window.
 */
export function StartupProblem({ title, problem, onRetry, version }: { title: string; problem: string; onRetry?: () => void; version?: string }) {
  return (
    <div className="login">
      <main className="login__panel startup-problem">
        <div className="login__brand">
          <BrandMark />
          <span className="login__product">Medora</span>
        </div>
        <h1 className="login__title">{title}</h1>
        <p className="startup-problem__text" role="alert">
          {problem}
        </p>
        <h2 className="startup-problem__heading">What to do</h2>
        <ul className="startup-problem__steps">
          <li>Contact your clinic administrator or IT support and tell them the message above.</li>
          <li>Your data is safe: the data folder on this computer has not been changed.</li>
          <li>Other workstations keep working; use one of them in the meantime.</li>
        </ul>
        {onRetry && (
          <button type="button" className="button button--primary" onClick={onRetry}>
            Try again
          </button>
        )}
        {version && <p className="login__footer">Version {version}</p>}
      </main>
    </div>
  );
}
