import { useState } from 'react';
import { can } from '../../shared/auth/permissions';
import { useSession } from '../session/session-context';
import { AttorneyCasesScreen, ReferredPatientsScreen } from './external-views';
import { CaseEditor } from './case-editor';
import { MergeScreen } from './merge-screen';
import { PatientChartView } from './patient-chart';
import { PatientEditor } from './patient-editor';
import { PatientSearch } from './patient-search';
import { ReferralEditor } from './referral-editor';

/**
 * What the Patients section shows. The selected patient stays in memory, never in the URL (route.ts:
 * nothing identifying a patient goes into it).
 */
export type PatientView =
  | { readonly screen: 'search'; readonly notice?: string }
  | { readonly screen: 'chart'; readonly patientId: string; readonly notice?: string }
  | { readonly screen: 'edit'; readonly patientId: string | null }
  | { readonly screen: 'case'; readonly patientId: string; readonly caseId: string | null }
  | { readonly screen: 'referral'; readonly patientId: string; readonly referralId: string | null }
  | { readonly screen: 'merge'; readonly patientId: string };

export function PatientsScreen() {
  const { session } = useSession();
  const [view, setView] = useState<PatientView>({ screen: 'search' });
  const roles = session.roles;
  const isStaff = roles.some((role) => role !== 'attorney' && role !== 'referring_doctor');
  if (!isStaff && roles.includes('attorney')) return <AttorneyCasesScreen />;
  if (!isStaff) return <ReferredPatientsScreen />;
  const subject = { roles };
  switch (view.screen) {
    case 'search':
      return <PatientSearch notice={view.notice ?? null} canWrite={can(subject, 'patient.write')} onOpen={(patientId) => setView({ screen: 'chart', patientId })} onNew={() => setView({ screen: 'edit', patientId: null })} />;
    case 'chart':
      return <PatientChartView key={`${view.patientId}-${view.notice ?? ''}`} patientId={view.patientId} notice={view.notice ?? null} roles={roles} onNavigate={setView} />;
    case 'edit':
      return (
        <PatientEditor
          patientId={view.patientId}
          onCancel={() => setView(view.patientId ? { screen: 'chart', patientId: view.patientId } : { screen: 'search' })}
          onSaved={(chart) => setView({ screen: 'chart', patientId: chart.id, notice: `${chart.displayName} was saved (MRN ${chart.mrn}).` })}
        />
      );
    case 'case':
      return (
        <CaseEditor
          patientId={view.patientId}
          caseId={view.caseId}
          onCancel={() => setView({ screen: 'chart', patientId: view.patientId })}
          onSaved={(saved) => setView({ screen: 'chart', patientId: view.patientId, notice: `Case ${saved.caseNumber} was saved.` })}
        />
      );
    case 'referral':
      return (
        <ReferralEditor
          patientId={view.patientId}
          referralId={view.referralId}
          onCancel={() => setView({ screen: 'chart', patientId: view.patientId })}
          onSaved={() => setView({ screen: 'chart', patientId: view.patientId, notice: 'The referral was saved.' })}
        />
      );
    case 'merge':
      return <MergeScreen survivorId={view.patientId} onDone={(notice) => setView({ screen: 'chart', patientId: view.patientId, notice })} onCancel={() => setView({ screen: 'chart', patientId: view.patientId })} />;
  }
}
