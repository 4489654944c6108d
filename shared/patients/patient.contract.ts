import { z } from 'zod';
import { channel, returns } from '../ipc/channel';

/** How a search result matched the query (the UI may say "matched on phone"). */
export type PatientMatch = 'name' | 'name_typo' | 'mrn' | 'phone' | 'date_of_birth' | 'case_number' | 'claim_number';

/**
 * One patient as search lists it. Stable shape: scheduling's patient picker depends on it.
 * `displayName` shows the preferred name ("Doe, Jenny"), `legalName` the legal one ("Doe, Jennifer Ann").
 * `phone` is null for roles that may not read contact details (referring doctors).
 */
export interface PatientSearchResult {
  readonly id: string;
  readonly mrn: string;
  readonly displayName: string;
  readonly legalName: string;
  /** `YYYY-MM-DD`. */
  readonly dateOfBirth: string;
  readonly phone: string | null;
  readonly matchedOn: PatientMatch;
}

export const patientSearchInput = z
  .object({
    query: z.string().trim().min(1, 'Type at least one character').max(100),
    limit: z.number().int().min(1).max(50).optional(),
  })
  .strict();

export const patientChannels = {
  'patient.search': channel({
    description:
      'Patients the caller may see whose name (prefix, or within a typo), date of birth, phone, MRN, case number or claim number matches the query.',
    input: patientSearchInput,
    output: returns<PatientSearchResult[]>(),
    permission: 'patient.read',
    phi: 'read',
    writes: false,
  }),
} as const;
