import { ACTIONS, ROLE_LABELS, ROLE_PERMISSIONS, ROLES, can, type Action } from './permissions';
import { ROW_SCOPES, SCOPE_KINDS, SCOPED_RESOURCES } from './row-scopes';

/**
 * Renders docs/permissions.md from the permission tables. `npm run docs:permissions` writes it; a test
 * fails when the checked-in file differs, so the document can never drift from the code.
 */
export function renderPermissionsDoc(): string {
  const header = `| Action | ${ROLES.map((role) => ROLE_LABELS[role]).join(' | ')} |`;
  const rule = `|---|${ROLES.map(() => ':-:').join('|')}|`;
  const rows = (Object.keys(ACTIONS) as Action[]).map(
    (action) => `| \`${action}\` — ${ACTIONS[action]} | ${ROLES.map((role) => (can({ roles: [role] }, action) ? '✔' : '')).join(' | ')} |`,
  );
  const scopeHeader = `| Resource | ${ROLES.map((role) => ROLE_LABELS[role]).join(' | ')} |`;
  const scopeRows = SCOPED_RESOURCES.map((resource) => `| ${resource} | ${ROLES.map((role) => ROW_SCOPES[resource][role]).join(' | ')} |`);
  const counts = ROLES.map((role) => `- **${ROLE_LABELS[role]}** (\`${role}\`): ${ROLE_PERMISSIONS[role].length} actions`);
  return [
    '# Permissions',
    '',
    'Generated from `shared/auth/permissions.ts` and `shared/auth/row-scopes.ts` by `npm run docs:permissions`.',
    'Do not edit by hand: `shared/auth/permissions-doc.test.ts` fails when this file and the code differ.',
    '',
    'Deny by default: an action not marked for a role is refused by the main process (and the server),',
    'whatever the user interface shows.',
    '',
    '## Actions by role',
    '',
    header,
    rule,
    ...rows,
    '',
    ...counts,
    '',
    '## Row scopes',
    '',
    'Which rows of a resource each role sees. The same rules filter the server’s shapes, the server’s',
    'mutation checks and the main-process repositories.',
    '',
    scopeHeader,
    rule.replace('Action', 'Resource'),
    ...scopeRows,
    '',
    ...Object.entries(SCOPE_KINDS).map(([kind, meaning]) => `- \`${kind}\`: ${meaning}`),
    '',
  ].join('\n');
}
