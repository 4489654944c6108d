import { hrefFor } from '../app/route';
import { Card, PageHeader } from '../ui/page';
import { ViewTabs } from '../ui/view-tabs';
import { ClosuresPanel } from './closures-panel';
import { ExamTypesPanel } from './exam-types-panel';
import { PhysiciansPanel } from './physicians-panel';

export const SETUP_TABS = ['physicians', 'exam-types', 'closures'] as const;
export type SetupTab = (typeof SETUP_TABS)[number];
const TAB_LABELS: Record<SetupTab, string> = { physicians: 'Physicians and availability', 'exam-types': 'Exam types', closures: 'Closures and holidays' };

function isTab(value: string | undefined): value is SetupTab {
  return SETUP_TABS.some((tab) => tab === value);
}

/**
 * Scheduling set-up, for clinic admins: where and when each physician works (facility assignments, weekly
 * templates per facility, time off and blocks), the exam types and who offers them, and the days a facility
 * is closed. Addresses: `#/scheduling-setup/<tab>/<selected id>`, so the back button works.
 */
export function SchedulingSetupScreen({ tab: requested, selected }: { tab: string | undefined; selected: string | null }) {
  const tab: SetupTab = isTab(requested) ? requested : 'physicians';
  return (
    <>
      <PageHeader
        title="Scheduling set-up"
        subtitle="What the calendar offers: who works where and when, the exams and who performs them, and the days a facility is closed. Times are local to each facility."
      />
      <Card className="setup">
        <ViewTabs label="Set-up areas" current={tab} tabs={SETUP_TABS.map((id) => ({ id, label: TAB_LABELS[id], href: hrefFor('scheduling-setup', id) }))} />
        {tab === 'physicians' && <PhysiciansPanel selectedId={selected} />}
        {tab === 'exam-types' && <ExamTypesPanel editing={selected} />}
        {tab === 'closures' && <ClosuresPanel facilityId={selected} />}
      </Card>
    </>
  );
}
