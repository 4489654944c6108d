import type { InvoiceLineView } from '../../../shared/billing/billing.contract';
import { centsToInput, parseOptionalDollars } from '../../../shared/format/money';

/**
 * An invoice line as the editor's fields hold it (text), and the line input the channels take. Codes are
 * sent as typed (the channel upper-cases and checks them and answers with field errors at
 * `lines.<n>.<field>`); units and the fee are read here, the fee as exact cents, because a number field
 * the channel cannot read would only come back as "expected a number".
 */
export interface LineDraft {
  readonly key: string;
  readonly id: string | null;
  readonly procedureCode: string;
  /** Modifiers separated by spaces or commas: `25 59`. */
  readonly modifiers: string;
  /** Diagnosis codes in pointer order (A, B, C …), separated by spaces or commas. */
  readonly diagnosisCodes: string;
  readonly units: string;
  /** Dollars; empty: the fee schedule's fee on the date of service. */
  readonly fee: string;
  readonly serviceDate: string;
  readonly facilityId: string;
  readonly renderingPhysicianId: string;
  readonly appointmentId: string | null;
}

export interface LineInput {
  id?: string;
  procedureCode: string;
  modifiers: string[];
  diagnosisCodes: string[];
  units: number;
  unitFeeCents: number | null;
  serviceDate: string;
  facilityId: string;
  renderingPhysicianId: string;
  appointmentId: string | null;
}

export function splitCodes(text: string): string[] {
  return text.split(/[\s,;]+/).map((code) => code.trim()).filter(Boolean);
}

export function lineDraftOf(line: InvoiceLineView): LineDraft {
  return {
    key: line.id, id: line.id, procedureCode: line.procedureCode, modifiers: line.modifiers.join(' '), diagnosisCodes: line.diagnosisCodes.join(', '),
    units: String(line.units), fee: centsToInput(line.unitFeeCents), serviceDate: line.serviceDate, facilityId: line.facilityId,
    renderingPhysicianId: line.renderingPhysicianId, appointmentId: line.appointmentId,
  };
}

export function blankLine(key: string, defaults: { serviceDate: string; facilityId: string; renderingPhysicianId: string; diagnosisCodes?: string }): LineDraft {
  return { key, id: null, procedureCode: '', modifiers: '', diagnosisCodes: defaults.diagnosisCodes ?? '', units: '1', fee: '', serviceDate: defaults.serviceDate, facilityId: defaults.facilityId, renderingPhysicianId: defaults.renderingPhysicianId, appointmentId: null };
}

/** The lines as the channel takes them, or the fields this form can already tell are wrong (`lines.<n>.units`, `lines.<n>.unitFeeCents`). */
export function toLineInputs(drafts: readonly LineDraft[]): { ok: true; lines: LineInput[] } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const lines: LineInput[] = [];
  drafts.forEach((draft, index) => {
    const units = draft.units.trim();
    if (!/^\d{1,3}$/.test(units) || Number(units) < 1) errors[`lines.${index}.units`] = 'Units are a whole number from 1 to 999';
    const fee = parseOptionalDollars(draft.fee);
    if (!fee.ok) errors[`lines.${index}.unitFeeCents`] = fee.message;
    lines.push({
      ...(draft.id ? { id: draft.id } : {}),
      procedureCode: draft.procedureCode.trim(), modifiers: splitCodes(draft.modifiers), diagnosisCodes: splitCodes(draft.diagnosisCodes),
      units: Number(units), unitFeeCents: fee.ok ? fee.cents : null, serviceDate: draft.serviceDate, facilityId: draft.facilityId,
      renderingPhysicianId: draft.renderingPhysicianId, appointmentId: draft.appointmentId,
    });
  });
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, lines };
}

/** A draft line's amount when its fee is typed (units × fee); null when the fee schedule will price it or a field is unreadable. */
export function draftAmountCents(draft: LineDraft): number | null {
  const fee = parseOptionalDollars(draft.fee);
  if (!fee.ok || fee.cents === null || !/^\d{1,3}$/.test(draft.units.trim())) return null;
  return fee.cents * Number(draft.units.trim());
}

/** The first error at a field path or below it (`lines.0.diagnosisCodes` also takes `lines.0.diagnosisCodes.1`). */
export function errorAt(errors: Readonly<Record<string, string>>, path: string): string | undefined {
  if (errors[path]) return errors[path];
  const prefix = `${path}.`;
  for (const [key, message] of Object.entries(errors)) if (key.startsWith(prefix)) return message;
  return undefined;
}

/** Messages the channel sends as codes at a field, in words. */
export function fieldMessage(message: string): string {
  switch (message) {
    case 'no_fee': return 'No fee in the schedule for this code and date; type the fee';
    case 'duplicate_payment': return 'This check or EFT number was already posted for this payer';
    case 'period_closed': return 'That month is closed';
    case 'exceeds_balance': return 'More than is open on the invoice';
    case 'exceeds_credit': return 'More than the unapplied credit';
    case 'already_captured': return 'Charges for this exam were already captured';
    default: return message;
  }
}
