import { writeFileSync } from 'node:fs';
import { renderPermissionsDoc } from '../shared/auth/permissions-doc';

writeFileSync('docs/permissions.md', renderPermissionsDoc());
console.log('Wrote docs/permissions.md');
