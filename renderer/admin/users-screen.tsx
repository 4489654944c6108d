import { useEffect, useState } from 'react';
import { ROLE_LABELS } from '../../shared/auth/permissions';
import { hrefFor, navigate } from '../app/route';
import { useChannel } from '../platform/use-channel';
import { Card, PageHeader } from '../ui/page';
import { EmptyState, Loaded, Notice } from '../ui/states';
import { UserEditor } from './user-editor';

function UserList({ notice }: { notice: string | null }) {
  const [users, reload] = useChannel('user.list', { includeInactive: true });
  const [facilities] = useChannel('facility.list', { includeInactive: true });
  const facilityName = (id: string) => (facilities.status === 'ready' ? facilities.value.find((facility) => facility.id === id)?.name : undefined) ?? 'Unknown facility';
  const activeFacilityIds = facilities.status === 'ready' ? facilities.value.filter((facility) => facility.isActive).map((facility) => facility.id) : [];
  const describeFacilities = (ids: readonly string[]) => {
    if (ids.length === 0) return <span className="muted">None</span>;
    if (activeFacilityIds.length > 1 && activeFacilityIds.every((id) => ids.includes(id))) return 'All facilities';
    return ids.map(facilityName).join(', ');
  };

  return (
    <>
      <PageHeader
        title="Users"
        subtitle="Staff and external logins, their roles and the facilities they work at."
        actions={
          <a className="button button--primary" href={hrefFor('users', 'new')}>
            New user
          </a>
        }
      />
      {notice && <Notice tone="success">{notice}</Notice>}
      <Card>
        <Loaded state={users} onRetry={reload} loadingLabel="Loading users…" empty={<EmptyState title="No users yet" />}>
          {(list) => (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Username</th>
                    <th scope="col">Roles</th>
                    <th scope="col">Facilities</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((user) => (
                    <tr key={user.id} className={user.isActive ? undefined : 'row--muted'}>
                      <th scope="row">
                        <a href={hrefFor('users', user.id)}>{user.displayName}</a>
                      </th>
                      <td>
                        <code>{user.username}</code>
                      </td>
                      <td>
                        <ul className="chips">
                          {user.roles.map((role) => (
                            <li key={role} className="chip chip--role">
                              {ROLE_LABELS[role]}
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td>{describeFacilities(user.facilityIds)}</td>
                      <td>
                        <span className={`chip ${user.isActive ? 'chip--positive' : 'chip--neutral'}`}>{user.isActive ? 'Active' : 'Deactivated'}</span>
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

/** `editing`: null for the list, `new`, or a user id. */
export function UsersScreen({ editing }: { editing: string | null }) {
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (editing !== null) setNotice(null);
  }, [editing]);
  if (editing === null) return <UserList notice={notice} />;
  return (
    <UserEditor
      key={editing}
      userId={editing === 'new' ? null : editing}
      onSaved={(user) => {
        setNotice(`“${user.displayName}” was saved.`);
        navigate('users');
      }}
    />
  );
}
