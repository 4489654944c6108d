import { useEffect, useRef } from 'react';
import { ROLE_LABELS } from '../../shared/auth/permissions';
import { sectionsFor, type SectionId } from '../../shared/navigation';
import { AuditLogScreen } from '../audit/audit-log-screen';
import { BillingScreen } from '../billing/billing-screen';
import { BillingSummaryScreen } from '../billing/aging-screen';
import { ClinicSettingsScreen } from '../admin/clinic-settings-screen';
import { ClinicsScreen } from '../admin/clinics-screen';
import { ContactsScreen } from '../contacts/contacts-screen';
import { FacilitiesScreen } from '../admin/facilities-screen';
import { UsersScreen } from '../admin/users-screen';
import { hrefFor, useRoute, type Route } from '../app/route';
import { HomeScreen } from '../home/home-screen';
import { ScheduleScreen } from '../scheduling/schedule-screen';
import { SchedulingSetupScreen } from '../scheduling-setup/setup-screen';
import { PatientsScreen } from '../patients/patients-screen';
import { useSession } from '../session/session-context';
import { InitialSyncBanner } from '../sync/initial-sync-progress';
import { SyncIndicator } from '../sync/sync-indicator';
import { SyncIssuesScreen } from '../sync/sync-issues-screen';
import { useSyncStatus } from '../sync/sync-status';
import { PageHeader } from '../ui/page';
import { EmptyState } from '../ui/states';
import { BrandMark } from './brand';

function Screen({ route }: { route: Route }) {
  switch (route.section) {
    case 'home':
      return <HomeScreen />;
    case 'schedule':
      return <ScheduleScreen view={route.path[0]} />;
    case 'patients':
      return <PatientsScreen />;
    case 'billing':
      return <BillingScreen path={route.path} />;
    case 'billing-summary':
      return <BillingSummaryScreen />;
    case 'facilities':
      return <FacilitiesScreen editing={route.path[0] ?? null} />;
    case 'scheduling-setup':
      return <SchedulingSetupScreen tab={route.path[0]} selected={route.path[1] ?? null} />;
    case 'users':
      return <UsersScreen editing={route.path[0] ?? null} />;
    case 'clinic':
      return <ClinicSettingsScreen />;
    case 'audit':
      return <AuditLogScreen />;
    case 'contacts':
      return <ContactsScreen />;
    case 'clinics':
      return <ClinicsScreen />;
    case 'sync-issues':
      return <SyncIssuesScreen editing={route.path[0] ?? null} />;
  }
}

/** Header, role-based sidebar and the current screen. */
export function AppShell() {
  const { session, lock, signOut } = useSession();
  const { openIssues } = useSyncStatus();
  const route = useRoute();
  const sections = sectionsFor(session.roles);
  const isAllowed = sections.some((section) => section.id === route.section);
  const mainRef = useRef<HTMLElement>(null);
  const previousSection = useRef<SectionId>(route.section);

  // Moving to another section puts keyboard and screen-reader focus at the start of its content.
  useEffect(() => {
    if (previousSection.current !== route.section) mainRef.current?.focus();
    previousSection.current = route.section;
  }, [route.section]);

  return (
    <div className="shell">
      <header className="topbar">
        <button type="button" className="skip-link" onClick={() => mainRef.current?.focus()}>
          Skip to content
        </button>
        <div className="topbar__brand">
          <BrandMark size={28} />
          <span className="topbar__product">Medora</span>
          <span className="topbar__divider" aria-hidden="true" />
          <span className="topbar__clinic">{session.clinicName}</span>
        </div>
        <div className="topbar__user">
          <SyncIndicator />
          <span className="topbar__divider" aria-hidden="true" />
          <div className="topbar__who">
            <span className="topbar__name">{session.displayName}</span>
            <span className="topbar__role">{session.roles.map((role) => ROLE_LABELS[role]).join(', ')}</span>
          </div>
          <button type="button" className="button button--quiet" onClick={() => void lock()}>
            Lock
          </button>
          <button type="button" className="button button--quiet" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <InitialSyncBanner />
      <div className="shell__body">
        <nav className="sidebar" aria-label="Sections">
          <ul className="sidebar__list">
            {sections.map((section) => (
              <li key={section.id}>
                <a
                  className="sidebar__link"
                  href={hrefFor(section.id)}
                  aria-current={section.id === route.section ? 'page' : undefined}
                  data-section={section.id}
                >
                  {section.label}
                  {section.id === 'sync-issues' && openIssues > 0 && (
                    <span className="sidebar__badge">
                      {openIssues}
                      <span className="visually-hidden"> open</span>
                    </span>
                  )}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main className="content" id="main" ref={mainRef} tabIndex={-1}>
          {isAllowed ? (
            <Screen route={route} />
          ) : (
            <>
              <PageHeader title="Not available" />
              <EmptyState title="This section is not available to you">
                <p>
                  Your role does not include it. <a href={hrefFor('home')}>Go to Home</a>
                </p>
              </EmptyState>
            </>
          )}
        </main>
      </div>
    </div>
  );
}
