import { Fragment } from 'react';
import type { SyncIssue } from '../../shared/sync/sync.contract';
import { zoneAbbreviation } from '../format/time';
import { fieldReason, issueHeadline } from './issue-summary';
import { timeAgo } from './sync-words';

const STATUS_LABELS = { open: 'Refused', resolved: 'Sent again', discarded: 'Discarded' } as const satisfies Record<SyncIssue['status'], string>;
const STATUS_CHIPS = { open: 'chip--refused', resolved: 'chip--positive', discarded: 'chip--neutral' } as const satisfies Record<SyncIssue['status'], string>;

/** A mutation's description with its `code` words set as code (`update one when \`id\` is given`). */
function Description({ text }: { text: string }) {
  return (
    <>
      {text.split('`').map((part, index) => (index % 2 === 1 ? <code key={index}>{part}</code> : <Fragment key={index}>{part}</Fragment>))}
    </>
  );
}

/**
 * When the refusal reached this workstation. It is an event on this computer, not at a facility, so it is
 * shown in this computer's time, with the zone named.
 */
function When({ at, now }: { at: number; now: number }) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const exact = `${new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(at)} ${zoneAbbreviation(at, zone)}`;
  return (
    <time className="issue__when" dateTime={new Date(at).toISOString()}>
      {timeAgo(at, now)} <span className="issue__exact">· {exact}</span>
    </time>
  );
}

export interface SyncIssueItemProps {
  readonly issue: SyncIssue;
  readonly now: number;
  readonly timeZoneOf: (facilityId: string) => string | null;
  /** Where "Edit and retry" leads; actions are shown for open issues only. */
  readonly editHref: string;
  readonly onDiscard: (issue: SyncIssue) => void;
}

function SyncIssueItem({ issue, now, timeZoneOf, editHref, onDiscard }: SyncIssueItemProps) {
  const headline = issueHeadline(issue, timeZoneOf);
  const name = headline.subject ? `${headline.title}: ${headline.subject}` : headline.title;
  return (
    <li className={`issue issue--${issue.status}`} data-issue-id={issue.id}>
      <div className="issue__top">
        <h2 className="issue__title">
          {headline.title}
          {headline.subject && <span className="issue__subject">{headline.subject}</span>}
        </h2>
        <span className={`chip ${STATUS_CHIPS[issue.status]}`}>{STATUS_LABELS[issue.status]}</span>
      </div>
      <p className="issue__description">
        <Description text={issue.description} /> <When at={issue.createdAt} now={now} />
      </p>
      <div className="issue__reason">
        <p className="issue__reason-label">The clinic server’s reason</p>
        <p className="issue__message">{issue.message}</p>
        {issue.fields.length > 0 && (
          <ul className="issue__fields">
            {issue.fields.map((field) => (
              <li key={`${field.path}:${field.message}`}>{fieldReason(field)}</li>
            ))}
          </ul>
        )}
      </div>
      {issue.status === 'open' && (
        <div className="issue__actions">
          <a className="button button--primary" href={editHref} aria-label={`Edit and retry: ${name}`}>
            Edit and retry
          </a>
          <button type="button" className="button" onClick={() => onDiscard(issue)} aria-label={`Discard: ${name}`}>
            Discard…
          </button>
        </div>
      )}
    </li>
  );
}

/** The inbox's list: each refused change with what it was, the server's reason and when it happened. */
export function SyncIssueList({
  issues,
  now,
  timeZoneOf,
  hrefFor,
  onDiscard,
}: {
  issues: readonly SyncIssue[];
  now: number;
  timeZoneOf: (facilityId: string) => string | null;
  hrefFor: (issue: SyncIssue) => string;
  onDiscard: (issue: SyncIssue) => void;
}) {
  return (
    <ol className="issues">
      {issues.map((issue) => (
        <SyncIssueItem key={issue.id} issue={issue} now={now} timeZoneOf={timeZoneOf} editHref={hrefFor(issue)} onDiscard={onDiscard} />
      ))}
    </ol>
  );
}
