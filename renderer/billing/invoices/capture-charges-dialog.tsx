import { useState, type FormEvent } from 'react';
import type { WorkQueue } from '../../../shared/billing/billing.contract';
import type { AppError } from '../../../shared/ipc/result';
import { api } from '../../platform/api';
import { Dialog } from '../../ui/dialog';
import { fieldErrors } from '../../ui/field-errors';
import { TextField } from '../../ui/fields';
import { Notice } from '../../ui/states';
import { localDate } from '../../../shared/time/facility-time';
import { errorAt, fieldMessage, splitCodes } from './line-draft';

export type UnbilledExam = WorkQueue['unbilledExams'][number];

/**
 * Captures a completed exam's charges (`charge.capture`): its exam type's default codes priced from the
 * fee schedule, pointed at the diagnoses typed here, as a draft invoice dated today in the exam's facility zone.
 */
export function CaptureChargesDialog({ exam, onClose, onCaptured }: { exam: UnbilledExam; onClose: () => void; onCaptured: (invoiceId: string) => void }) {
  const [diagnoses, setDiagnoses] = useState('');
  const [invoiceDate, setInvoiceDate] = useState(() => localDate(Date.now(), exam.timeZone));
  const [error, setError] = useState<AppError | null>(null);
  const [isBusy, setBusy] = useState(false);
  const errors = fieldErrors(error);
  const at = (path: string) => {
    const message = errorAt(errors, path);
    return message === undefined ? undefined : fieldMessage(message);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const result = await api.invoke('charge.capture', { appointmentId: exam.appointmentId, invoiceDate, diagnosisCodes: splitCodes(diagnoses) });
    setBusy(false);
    if (result.ok) onCaptured(result.value);
    else setError(result.error);
  }

  return (
    <Dialog open title={`Capture charges: ${exam.examTypeName}`} onClose={onClose}>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <p className="muted">{exam.patientName} · {exam.physicianName}{exam.caseNumber ? ` · case ${exam.caseNumber}` : ''}. The exam type’s codes become a draft invoice you can edit before finalizing.</p>
        {error && (error.code !== 'invalid_input' || !error.fields?.length) && <Notice tone="error">{error.message}</Notice>}
        <TextField label="Diagnosis codes" hint="ICD-10-CM in pointer order, separated by commas: M54.50, S13.4XXA" value={diagnoses} onValueChange={setDiagnoses} error={at('diagnosisCodes')} autoFocus />
        <TextField label="Invoice date" type="date" value={invoiceDate} onValueChange={setInvoiceDate} error={at('invoiceDate')} />
        <div className="dialog__footer">
          <button type="button" className="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="button button--primary" disabled={isBusy}>Capture charges</button>
        </div>
      </form>
    </Dialog>
  );
}
