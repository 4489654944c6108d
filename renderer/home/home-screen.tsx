import { can, ROLE_LABELS } from '../../shared/auth/permissions';
import { sectionsFor } from '../../shared/navigation';
import { hrefFor } from '../app/route';
import { useChannel } from '../platform/use-channel';
import { seesAllFacilities } from '../scheduling/facility-scope';
import { useSession } from '../session/session-context';
import { Card, PageHeader } from '../ui/page';
import { ROLE_SUMMARIES } from './role-summaries';

function FacilitiesOfUser() {
  const { session } = useSession();
  const canReadFacilities = can(session, 'facility.read');
  const [facilities] = useChannel('facility.list', canReadFacilities ? {} : null);

  if (seesAllFacilities(session)) return <>All facilities of the clinic</>;
  if (session.facilityIds.length === 0) return <>No facility assignment: your access follows your own records.</>;
  if (!canReadFacilities || facilities.status !== 'ready') return <>{session.facilityIds.length} assigned</>;
  const names = facilities.value.filter((facility) => session.facilityIds.includes(facility.id)).map((facility) => facility.name);
  return <>{names.join(', ')}</>;
}

export function HomeScreen() {
  const { session } = useSession();
  const sections = sectionsFor(session.roles).filter((section) => section.id !== 'home');

  return (
    <>
      <PageHeader title={`Welcome, ${session.displayName}`} subtitle={session.clinicName} />
      <div className="grid grid--two">
        <Card title="Signed in as">
          <dl className="details">
            <div>
              <dt>Name</dt>
              <dd>{session.displayName}</dd>
            </div>
            <div>
              <dt>Username</dt>
              <dd>{session.username}</dd>
            </div>
            <div>
              <dt>Roles</dt>
              <dd>
                <ul className="chips">
                  {session.roles.map((role) => (
                    <li key={role} className="chip chip--role">
                      {ROLE_LABELS[role]}
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
            <div>
              <dt>Facilities</dt>
              <dd>
                <FacilitiesOfUser />
              </dd>
            </div>
            <div>
              <dt>Locks after</dt>
              <dd>
                {session.idleTimeoutMinutes} {session.idleTimeoutMinutes === 1 ? 'minute' : 'minutes'} without activity
              </dd>
            </div>
          </dl>
        </Card>
        <Card title="What you can do">
          {session.roles.map((role) => (
            <p key={role} className="role-summary">
              {ROLE_SUMMARIES[role]}
            </p>
          ))}
          {sections.length > 0 ? (
            <ul className="section-links">
              {sections.map((section) => (
                <li key={section.id}>
                  <a href={hrefFor(section.id)} className="section-links__link">
                    {section.label}
                  </a>
                  <span className="section-links__text">{section.description}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">More screens for your role are on the way; until then this page is your starting point.</p>
          )}
        </Card>
      </div>
    </>
  );
}
