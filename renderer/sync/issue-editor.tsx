import { useMemo, useRef, useState, type FormEvent } from 'react';
import type { AppError } from '../../shared/ipc/result';
import type { SyncIssue } from '../../shared/sync/sync.contract';
import { zoneAbbreviation } from '../format/time';
import { hrefFor } from '../app/route';
import { api } from '../platform/api';
import { useChannel } from '../platform/use-channel';
import { IssueAlternatives } from '../scheduling/issue-alternatives';
import { fieldErrors } from '../ui/field-errors';
import { Checkbox, FieldGroup, SelectField, TextField } from '../ui/fields';
import { useFocusOnError } from '../ui/focus-error';
import { FormErrorSummary } from '../ui/form-error-summary';
import { Card, PageHeader } from '../ui/page';
import { EmptyState, ErrorState, LoadingState } from '../ui/states';
import { timeZoneOptions } from '../ui/time-zones';
import { applyDrafts, buildArgsForm, labelForPath, optionLabel, shownPaths, type ArgsForm, type Draft, type Drafts, type FormNode, type Leaf } from './args-form';
import { useFacilityZones } from './facility-zones';
import { fieldReason, issueHeadline, reasonsByPath } from './issue-summary';
import { useSyncStatus } from './sync-status';

interface ControlProps {
  readonly drafts: Drafts;
  readonly errors: Readonly<Record<string, string>>;
  /** Says in which zone date-and-time fields are read. */
  readonly instantHint: string;
  readonly onChange: (path: string, value: Draft) => void;
}

function text(draft: Draft | undefined): string {
  return typeof draft === 'string' ? draft : '';
}

function LeafControl({ path, label, leaf, drafts, errors, instantHint, onChange }: ControlProps & { path: string; label: string; leaf: Leaf }) {
  const error = errors[path];
  const draft = drafts[path];
  const change = (value: Draft) => onChange(path, value);
  switch (leaf.kind) {
    case 'boolean':
      return (
        <div className={error ? 'args-check args-check--invalid' : 'args-check'}>
          <Checkbox label={label} checked={draft === true} onCheckedChange={change} hint={error ? `⚠ ${error}` : undefined} />
        </div>
      );
    case 'choice': {
      const options = leaf.options.map((option) => ({ value: option, label: optionLabel(option) }));
      return (
        <SelectField
          label={label}
          value={text(draft)}
          error={error}
          onValueChange={change}
          options={leaf.empty === 'value' ? options : [{ value: '', label: 'None' }, ...options]}
        />
      );
    }
    case 'timeZone':
      return <SelectField label={label} value={text(draft)} error={error} onValueChange={change} options={timeZoneOptions(text(draft))} />;
    case 'time':
      return <TextField label={label} type="time" value={text(draft)} error={error} onValueChange={change} />;
    case 'instant':
      return (
        <TextField
          label={label}
          type="datetime-local"
          value={text(draft)}
          error={error}
          onValueChange={change}
          hint={instantHint}
        />
      );
    case 'number':
      return <TextField label={label} inputMode="decimal" value={text(draft)} error={error} onValueChange={change} hint={leaf.empty === 'value' ? undefined : 'Leave empty for none'} />;
    case 'text':
      return <TextField label={label} value={text(draft)} error={error} onValueChange={change} hint={leaf.empty === 'value' ? undefined : 'Optional'} />;
  }
}

function FormNodes({ nodes, ...props }: ControlProps & { nodes: readonly FormNode[] }) {
  return (
    <>
      {nodes.map((node) => {
        switch (node.type) {
          case 'kept':
            return null;
          case 'field':
            return <LeafControl key={node.path} path={node.path} label={node.label} leaf={node.leaf} {...props} />;
          case 'choices': {
            const chosen = Array.isArray(props.drafts[node.path]) ? (props.drafts[node.path] as readonly string[]) : [];
            return (
              <FieldGroup key={node.path} legend={node.label} error={props.errors[node.path]} className="form-grid__wide">
                <div className="check-list">
                  {node.options.map((option) => (
                    <Checkbox
                      key={option}
                      label={optionLabel(option)}
                      checked={chosen.includes(option)}
                      onCheckedChange={(on) => props.onChange(node.path, on ? [...chosen, option] : chosen.filter((value) => value !== option))}
                    />
                  ))}
                </div>
              </FieldGroup>
            );
          }
          case 'group':
            return (
              <FieldGroup
                key={node.path}
                legend={node.label}
                error={props.errors[node.path]}
                className={node.layout === 'row' ? 'args-row' : 'args-section form-grid__wide'}
              >
                <div className={node.layout === 'row' ? 'args-row__fields' : 'args-section__body'}>
                  <FormNodes nodes={node.children} {...props} />
                </div>
              </FieldGroup>
            );
        }
      })}
    </>
  );
}

function RetryForm({
  issue,
  form,
  timeZone,
  isZoneKnown,
  onRetried,
}: {
  issue: SyncIssue;
  form: ArgsForm;
  timeZone: string;
  isZoneKnown: boolean;
  onRetried: (notice: string) => void;
}) {
  const { status, refresh } = useSyncStatus();
  const [drafts, setDrafts] = useState<Drafts>(form.initial);
  const [error, setError] = useState<AppError | null>(null);
  const [isSaving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnError(formRef, error);
  // Until the first retry, the fields the server refused are the ones marked.
  const errors = error ? fieldErrors(error) : reasonsByPath(issue.fields);
  const shown = useMemo(() => shownPaths(form.nodes), [form]);
  const instantHint = isZoneKnown ? `In the facility’s time (${zoneAbbreviation(Date.now(), timeZone)})` : 'In UTC (the facility’s time zone is not available to you)';
  const unplaced = error ? Object.entries(errors).filter(([path]) => !shown.has(path)).map(([path, message]) => `${labelForPath(path)}: ${message}`) : [];

  async function submit(event: FormEvent) {
    event.preventDefault();
    const edited = applyDrafts(issue.args, form, drafts, timeZone);
    if (!edited.ok) {
      setError({ code: 'invalid_input', message: 'Some fields are not valid.', fields: edited.fields });
      return;
    }
    setSaving(true);
    const result = await api.invoke('sync.retryIssue', { id: issue.id, args: edited.args });
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    refresh();
    onRetried(
      status?.configured === false
        ? 'The corrected change was saved on this computer.'
        : 'The corrected change was saved on this computer and will be sent to the clinic server with the next sync.',
    );
  }

  return (
    <form ref={formRef} className="form" onSubmit={(event) => void submit(event)} noValidate>
      <FormErrorSummary error={error} unplaced={unplaced} />
      <Card title="Correct the change">
        <p className="card__intro">Change what the server refused, marked below. Everything else is sent again as you entered it.</p>
        <div className="form-grid">
          <FormNodes nodes={form.nodes} drafts={drafts} errors={errors} instantHint={instantHint} onChange={(path, value) => setDrafts((current) => ({ ...current, [path]: value }))} />
        </div>
      </Card>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={isSaving}>
          {isSaving ? 'Sending…' : 'Send again'}
        </button>
        <a className="button" href={hrefFor('sync-issues')}>
          Cancel
        </a>
      </div>
    </form>
  );
}

function EditorBody({ issue, onRetried }: { issue: SyncIssue; onRetried: (notice: string) => void }) {
  const zones = useFacilityZones([issue]);
  const args = issue.args;
  const facilityId = typeof args === 'object' && args !== null && 'facilityId' in args && typeof args.facilityId === 'string' ? args.facilityId : null;
  const facilityZone = facilityId ? zones.timeZoneOf(facilityId) : null;
  const timeZone = facilityZone ?? 'UTC';
  const form = useMemo(() => (zones.isReady ? buildArgsForm(issue.name, issue.args, timeZone) : null), [zones.isReady, issue, timeZone]);
  const headline = issueHeadline(issue, zones.timeZoneOf);

  if (!zones.isReady) return <LoadingState label="Loading the change…" />;
  return (
    <>
      <PageHeader title="Edit and retry" subtitle={headline.subject ? `${headline.title}: ${headline.subject}` : headline.title} />
      <Card title="Why it was refused" className="issue-reason-card">
        <p className="issue__message">{issue.message}</p>
        {issue.fields.length > 0 && (
          <ul className="issue__fields">
            {issue.fields.map((field) => (
              <li key={`${field.path}:${field.message}`}>{fieldReason(field)}</li>
            ))}
          </ul>
        )}
      </Card>
      <IssueAlternatives issue={issue} onRebooked={onRetried} />
      {form ? (
        <RetryForm issue={issue} form={form} timeZone={timeZone} isZoneKnown={facilityZone !== null} onRetried={onRetried} />
      ) : (
        <Card>
          <EmptyState title="This change cannot be edited here">
            <p>
              This version of Medora cannot show it field by field. You can still discard it from the <a href={hrefFor('sync-issues')}>sync issues</a>.
            </p>
          </EmptyState>
        </Card>
      )}
    </>
  );
}

/** The edit-and-retry screen of one open issue. */
export function IssueEditor({ issueId, onRetried }: { issueId: string; onRetried: (notice: string) => void }) {
  const [issues, reload] = useChannel('sync.issues', { includeClosed: true });
  if (issues.status === 'loading') return <LoadingState label="Loading the change…" />;
  if (issues.status === 'error') return <ErrorState error={issues.error} onRetry={reload} />;
  const issue = issues.value.find((candidate) => candidate.id === issueId);
  if (!issue || issue.status !== 'open') {
    return (
      <>
        <PageHeader title="Edit and retry" />
        <Card>
          <EmptyState title={issue ? 'This change has already been dealt with' : 'This sync issue was not found'}>
            <p>
              {issue?.status === 'resolved' ? 'It was corrected and sent again.' : issue ? 'It was discarded.' : 'It may belong to another user.'}{' '}
              <a href={hrefFor('sync-issues')}>Back to sync issues</a>
            </p>
          </EmptyState>
        </Card>
      </>
    );
  }
  return <EditorBody issue={issue} onRetried={onRetried} />;
}
