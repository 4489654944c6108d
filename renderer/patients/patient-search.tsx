import { useEffect, useState } from 'react';
import type { PatientMatch, PatientSearchResult } from '../../shared/patients/patient.contract';
import type { AppError } from '../../shared/ipc/result';
import { api } from '../platform/api';
import { TextField } from '../ui/fields';
import { Card, PageHeader } from '../ui/page';
import { EmptyState, ErrorState, Notice } from '../ui/states';
import { formatDate } from './format';

const MATCH_LABELS: Record<PatientMatch, string> = {
  name: 'Name', name_typo: 'Similar name', mrn: 'MRN', phone: 'Phone', date_of_birth: 'Date of birth', case_number: 'Case number', claim_number: 'Claim number',
};

/** Searches on every keystroke; answers arriving out of order are dropped. */
export function usePatientSearch(query: string) {
  const [state, setState] = useState<{ results: PatientSearchResult[]; error: AppError | null; forQuery: string }>({ results: [], error: null, forQuery: '' });
  useEffect(() => {
    const trimmed = query.trim();
    if (trimmed === '') {
      setState({ results: [], error: null, forQuery: '' });
      return;
    }
    let isCurrent = true;
    void api.invoke('patient.search', { query: trimmed, limit: 25 }).then((result) => {
      if (!isCurrent) return;
      setState(result.ok ? { results: result.value, error: null, forQuery: trimmed } : { results: [], error: result.error, forQuery: trimmed });
    });
    return () => {
      isCurrent = false;
    };
  }, [query]);
  return state;
}

export function PatientSearch({ notice, canWrite, onOpen, onNew }: { notice: string | null; canWrite: boolean; onOpen: (id: string) => void; onNew: () => void }) {
  const [query, setQuery] = useState('');
  const { results, error, forQuery } = usePatientSearch(query);
  return (
    <>
      <PageHeader
        title="Patients"
        subtitle="Search by name (typos forgiven), date of birth, phone, MRN, case or claim number."
        actions={canWrite ? <button type="button" className="button button--primary" onClick={onNew}>New patient</button> : undefined}
      />
      {notice && <Notice tone="success">{notice}</Notice>}
      <Card>
        <div role="search">
          <TextField label="Search patients" value={query} onValueChange={setQuery} autoFocus spellCheck={false} autoComplete="off" placeholder="e.g. Garcia M, 03/07/1980, 555-0102, C2026-000123" />
        </div>
        {error && <ErrorState error={error} />}
        {!error && query.trim() === '' && <EmptyState title="Start typing to find a patient" />}
        {!error && query.trim() !== '' && forQuery === query.trim() && results.length === 0 && (
          <EmptyState title="No patient matches">Check the spelling, or search by date of birth or phone.</EmptyState>
        )}
        {results.length > 0 && (
          <div className="table-wrap">
            <table className="table" aria-label="Search results">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Legal name</th>
                  <th scope="col">Date of birth</th>
                  <th scope="col">Phone</th>
                  <th scope="col">MRN</th>
                  <th scope="col">Matched on</th>
                </tr>
              </thead>
              <tbody>
                {results.map((patient) => (
                  <tr key={patient.id}>
                    <th scope="row">
                      <button type="button" className="button button--link" onClick={() => onOpen(patient.id)}>
                        {patient.displayName}
                      </button>
                    </th>
                    <td>{patient.legalName}</td>
                    <td>{formatDate(patient.dateOfBirth)}</td>
                    <td>{patient.phone ?? '—'}</td>
                    <td><code>{patient.mrn}</code></td>
                    <td>{MATCH_LABELS[patient.matchedOn]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
