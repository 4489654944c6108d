import { DomainError } from '../../shared/ipc/result';
import { isMutatorName, type MutatorName } from '../../shared/sync/mutators';
import { LOCAL_ONLY_STATUS } from '../../shared/sync/sync-status';
import type { syncChannels } from '../../shared/sync/sync.contract';
import type { HandlerMap } from '../ipc/router';
import { closeSyncIssue, countOpenIssues, countPending, listSyncIssues, openIssueOf, toSyncIssue } from './sync-issues';

/** The sync-issues inbox and the sync status. Issues are always the signed-in user's own. */
export const syncHandlers = {
  'sync.status': async (_input, ctx) => {
    if (ctx.services.sync) return ctx.services.sync.status();
    const [pending, openIssues] = await Promise.all([countPending(ctx.services.db), countOpenIssues(ctx.services.db)]);
    return { ...LOCAL_ONLY_STATUS, pending, openIssues };
  },

  'sync.issues': async (input, ctx) => listSyncIssues(ctx.services.db, ctx.subject.userId, input.includeClosed ?? false),

  /**
   * Runs the refused change again with the edited input, as a new outbox entry (new id, new deterministic
   * row ids), in the same transaction that marks the issue resolved. If it fails here already, nothing
   * is written and the issue stays open.
   */
  'sync.retryIssue': async (input, ctx) => {
    const issue = await openIssueOf(ctx.services.db, ctx.subject.userId, input.id);
    if (!isMutatorName(issue.name)) throw new DomainError('invalid_input', `This version of Medora cannot run ${issue.name}.`);
    const name: MutatorName = issue.name;
    const closed = await ctx.write(async (tx) => {
      // The mutator validates the edited input with its own schema before anything is written.
      await ctx.mutate(tx, name, input.args as never);
      Object.assign(ctx.audit, { entityType: 'sync_issue', entityId: issue.id, detail: { mutation: name, outcome: 'retried' } });
      return closeSyncIssue(tx, issue.id, 'resolved', ctx.now);
    });
    return toSyncIssue(closed);
  },

  'sync.discardIssue': async (input, ctx) => {
    const issue = await openIssueOf(ctx.services.db, ctx.subject.userId, input.id);
    const closed = await ctx.write(async (tx) => {
      Object.assign(ctx.audit, { entityType: 'sync_issue', entityId: issue.id, detail: { mutation: issue.name, outcome: 'discarded' } });
      return closeSyncIssue(tx, issue.id, 'discarded', ctx.now);
    });
    return toSyncIssue(closed);
  },

  /** Pausing and resuming the first download (workstation-wide; the audit trail says who). */
  'sync.cancelInitialSync': async (_input, ctx) => {
    if (!ctx.services.sync) throw new DomainError('unavailable', NO_SERVER);
    const status = await ctx.services.sync.cancelInitialSync();
    Object.assign(ctx.audit, { entityType: 'sync', detail: { initialSync: 'paused' } });
    return status;
  },

  'sync.resumeInitialSync': async (_input, ctx) => {
    if (!ctx.services.sync) throw new DomainError('unavailable', NO_SERVER);
    const status = await ctx.services.sync.resumeInitialSync();
    Object.assign(ctx.audit, { entityType: 'sync', detail: { initialSync: 'resumed' } });
    return status;
  },
} satisfies Pick<HandlerMap, keyof typeof syncChannels>;

const NO_SERVER = 'This workstation has no clinic server.';
