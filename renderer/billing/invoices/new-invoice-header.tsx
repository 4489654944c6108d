import { useEffect, useState } from 'react';
import type { Facility } from '../../../shared/admin/facility.contract';
import type { PayerType } from '../../../shared/billing/billing.contract';
import { CASE_TYPE_LABELS } from '../../../shared/cases/case.contract';
import { formatDate } from '../../patients/format';
import { api } from '../../platform/api';
import { useChannel } from '../../platform/use-channel';
import { SelectField } from '../../ui/fields';
import { Card } from '../../ui/page';
import { ErrorState } from '../../ui/states';
import { PersonPicker } from '../person-picker';

/** Who a new invoice bills: the patient, optionally one of their cases, the billing facility, and the payer it suggests. */
export interface NewInvoiceTarget {
  readonly patientId: string;
  readonly patientName: string;
  readonly caseId: string | null;
  readonly facilityId: string;
  readonly payerType: PayerType;
}

export function NewInvoiceHeader({ value, onChange, facilities, error }: { value: NewInvoiceTarget | null; onChange: (target: NewInvoiceTarget) => void; facilities: readonly Facility[]; error?: string | undefined }) {
  const [patientId, setPatientId] = useState<string | null>(value?.patientId ?? null);
  const [chart, reload] = useChannel('patient.get', patientId ? { id: patientId } : null);

  // Once the chart is read, the invoice defaults to the patient's home facility, no case, and the payer the chart suggests.
  useEffect(() => {
    if (chart.status !== 'ready' || value?.patientId === chart.value.id) return;
    onChange({
      patientId: chart.value.id, patientName: chart.value.displayName, caseId: null, facilityId: chart.value.homeFacilityId,
      payerType: chart.value.insurances.length > 0 ? 'insurance' : 'patient',
    });
  }, [chart]);

  return (
    <Card title="Bill to">
      {!patientId || !value ? (
        <PersonPicker
          label="Patient" hint="Name, date of birth, phone or MRN." autoFocus error={error}
          search={async (query) => {
            const result = await api.invoke('patient.search', { query, limit: 10 });
            return result.ok ? result.value.map((row) => ({ id: row.id, label: row.displayName, detail: `MRN ${row.mrn} · born ${formatDate(row.dateOfBirth)}` })) : [];
          }}
          onPick={(option) => setPatientId(option.id)}
        />
      ) : (
        <div className="form-grid">
          <div className="field">
            <span className="field__label">Patient</span>
            <p className="new-invoice__patient">
              <strong>{value.patientName}</strong>{' '}
              <button type="button" className="button button--link" onClick={() => setPatientId(null)}>Change</button>
            </p>
          </div>
          {chart.status === 'ready' && (
            <SelectField
              label="Case" value={value.caseId ?? ''}
              onValueChange={(caseId) => {
                const chosen = chart.value.cases.find((c) => c.id === caseId);
                const payerType: PayerType = chosen && (chosen.caseType === 'pi_auto' || chosen.caseType === 'pi_other') && chosen.attorneyId ? 'attorney'
                  : chosen?.caseType === 'workers_comp' ? 'workers_comp' : value.payerType;
                onChange({ ...value, caseId: caseId || null, payerType });
              }}
              options={[{ value: '', label: 'No case' }, ...chart.value.cases.map((c) => ({ value: c.id, label: `${c.caseNumber} · ${CASE_TYPE_LABELS[c.caseType]}` }))]}
            />
          )}
          <SelectField label="Billing facility" value={value.facilityId} onValueChange={(facilityId) => onChange({ ...value, facilityId })} options={facilities.map((facility) => ({ value: facility.id, label: facility.name }))} />
        </div>
      )}
      {chart.status === 'error' && <ErrorState error={chart.error} onRetry={reload} />}
    </Card>
  );
}
