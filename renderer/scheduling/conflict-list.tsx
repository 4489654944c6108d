import type { SchedulingConflict } from '../../shared/scheduling/conflict-types';

/** Conflicts in the engine's plain sentences; a hard one is marked as such (it can never be overridden). */
export function ConflictList({ conflicts }: { conflicts: readonly SchedulingConflict[] }) {
  return (
    <ul className="conflict-list">
      {conflicts.map((conflict, index) => (
        <li key={`${conflict.kind}-${conflict.withId ?? index}`} className={`conflict-list__item conflict-list__item--${conflict.severity}`}>
          <span className="conflict-list__tag">{conflict.severity === 'hard' ? 'Not allowed' : 'Warning'}</span> {conflict.message}
        </li>
      ))}
    </ul>
  );
}
