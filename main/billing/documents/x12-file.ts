import { X12Interchange } from 'node-x12';
import type { ClaimDocument } from '../../../shared/billing/documents/document-model';
import {
  build837PBody, COMPONENT_SEPARATOR, ELEMENT_SEPARATOR, IMPLEMENTATION_GUIDE, REPETITION_SEPARATOR, SEGMENT_TERMINATOR, x12Text,
  type Submission837,
} from '../../../shared/billing/x12/claim-837p';
import { validate837P, type X12ValidationReport } from '../../../shared/billing/x12/x12-validate';
import { DomainError } from '../../../shared/ipc/result';

/**
 * Writes an 837P interchange: our loops (shared/billing/x12/claim-837p.ts) inside an ISA/GS/ST
 * envelope built by node-x12, which pads the fixed-width ISA and counts SE, GE and IEA. The result is
 * validated by our own checker before it is returned; a file with errors is never handed out.
 */

export interface InterchangeEnvelope {
  /** ISA06/GS02: the submitter's id at the clearinghouse (ZZ qualifier). */
  readonly senderId: string;
  /** ISA08/GS03: the receiver's id (ZZ qualifier). */
  readonly receiverId: string;
  /** ISA13 (nine digits) and IEA02; GS06/GE02 and ST02/SE02 derive from it. */
  readonly controlNumber: number;
  /** Local date and time of the submitter: `YYYY-MM-DD`, `HH:mm`. */
  readonly date: string;
  readonly time: string;
  /** ISA15: P production, T test. */
  readonly usage: 'P' | 'T';
}

export interface Claim837File {
  readonly text: string;
  readonly report: X12ValidationReport;
}

export interface Write837Options {
  /** A line break after each segment terminator: easier to read and diff, accepted by most clearinghouses. */
  readonly lineBreaks?: boolean;
}

function fixedId(value: string): string {
  return x12Text(value, 15);
}

/** Builds, envelopes and validates an 837P for the claims; throws a DomainError when the file would be invalid. */
export function write837P(claims: readonly ClaimDocument[], submission: Omit<Submission837, 'createdDate' | 'createdTime'>, envelope: InterchangeEnvelope, options: Write837Options = {}): Claim837File {
  if (!Number.isSafeInteger(envelope.controlNumber) || envelope.controlNumber < 1 || envelope.controlNumber > 999_999_999) {
    throw new Error('The interchange control number must be 1–999999999');
  }
  const date = envelope.date.replaceAll('-', '');
  const time = envelope.time.replace(':', '');
  const control = String(envelope.controlNumber).padStart(9, '0');
  const body = build837PBody({ ...submission, createdDate: date, createdTime: time }, claims);

  const serialization = {
    segmentTerminator: SEGMENT_TERMINATOR, elementDelimiter: ELEMENT_SEPARATOR, subElementDelimiter: COMPONENT_SEPARATOR,
    repetitionDelimiter: REPETITION_SEPARATOR, format: options.lineBreaks === true, endOfLine: '\n',
  };
  const interchange = new X12Interchange(serialization);
  interchange.setHeader([
    '00', '', '00', '', 'ZZ', fixedId(envelope.senderId), 'ZZ', fixedId(envelope.receiverId), date.slice(2), time,
    REPETITION_SEPARATOR, '00501', control, '0', envelope.usage, COMPONENT_SEPARATOR,
  ]);
  const group = interchange.addFunctionalGroup(serialization);
  group.setHeader(['HC', fixedId(envelope.senderId), fixedId(envelope.receiverId), date, time, String(envelope.controlNumber), 'X', IMPLEMENTATION_GUIDE]);
  const transaction = group.addTransaction();
  transaction.setHeader(['837', control.slice(-4), IMPLEMENTATION_GUIDE]);
  for (const [tag, ...elements] of body) transaction.addSegment(tag, elements);
  const text = interchange.toString(serialization);
  const report = validate837P(text);
  if (report.errors.length > 0) {
    throw new DomainError('invalid_input', `The claim file is not valid: ${report.errors.slice(0, 3).map((problem) => problem.message).join('; ')}`);
  }
  return { text, report };
}
