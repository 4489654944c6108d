import { useEffect, useState } from 'react';
import { hrefFor, navigate } from '../app/route';
import { useChannel } from '../platform/use-channel';
import { Card, PageHeader } from '../ui/page';
import { EmptyState, Loaded, Notice } from '../ui/states';
import { FacilityEditor } from './facility-editor';

function FacilityList({ notice }: { notice: string | null }) {
  const [facilities, reload] = useChannel('facility.list', { includeInactive: true });

  return (
    <>
      <PageHeader
        title="Facilities"
        subtitle="Each facility keeps its own address, time zone, opening hours, rooms and equipment."
        actions={
          <a className="button button--primary" href={hrefFor('facilities', 'new')}>
            New facility
          </a>
        }
      />
      {notice && <Notice tone="success">{notice}</Notice>}
      <Card>
        <Loaded
          state={facilities}
          onRetry={reload}
          loadingLabel="Loading facilities…"
          empty={<EmptyState title="No facilities yet">Add the first facility with “New facility”.</EmptyState>}
        >
          {(list) => (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Code</th>
                    <th scope="col">Address</th>
                    <th scope="col">Time zone</th>
                    <th scope="col" className="cell--number">
                      Rooms and equipment
                    </th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((facility) => (
                    <tr key={facility.id}>
                      <th scope="row">
                        <a href={hrefFor('facilities', facility.id)}>{facility.name}</a>
                      </th>
                      <td>
                        <code>{facility.code}</code>
                      </td>
                      <td>
                        {facility.addressLine1}, {facility.city}, {facility.state} {facility.postalCode}
                      </td>
                      <td>{facility.timeZone.replaceAll('_', ' ')}</td>
                      <td className="cell--number">{facility.resources.filter((resource) => resource.isActive).length}</td>
                      <td>
                        <span className={`chip ${facility.isActive ? 'chip--positive' : 'chip--neutral'}`}>
                          {facility.isActive ? 'Active' : 'Inactive'}
                        </span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Loaded>
      </Card>
    </>
  );
}

/** `editing`: null for the list, `new`, or a facility id. */
export function FacilitiesScreen({ editing }: { editing: string | null }) {
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (editing !== null) setNotice(null);
  }, [editing]);
  if (editing === null) return <FacilityList notice={notice} />;
  return (
    <FacilityEditor
      key={editing}
      facilityId={editing === 'new' ? null : editing}
      onSaved={(facility) => {
        setNotice(`“${facility.name}” was saved.`);
        navigate('facilities');
      }}
    />
  );
}
