import { ROLE_LABELS } from '../shared/auth/permissions';
import { sectionsFor } from '../shared/navigation';
import { LoginPage } from './pages/login-page';
import { DEMO_PASSWORD, DEMO_USERS } from './support/demo-users';
import { describe, expect, TARGETS, test } from './support/app';

describe.each(TARGETS)('each role sees exactly its own navigation (%s)', (target) => {
  for (const [username, expected] of Object.entries(DEMO_USERS)) {
    test(`${username} (${expected.role}): ${expected.sections.join(', ')}`, async ({ medora }) => {
      const page = await medora.open({ target });
      const shell = await new LoginPage(page).signIn(username, DEMO_PASSWORD);

      const labels = await shell.sectionLabels();
      // The literal list catches a permission change; sectionsFor catches the screen drifting from the rules.
      expect(labels).toEqual(expected.sections);
      const session = await shell.session();
      expect(session?.roles).toEqual([expected.role]);
      expect(labels).toEqual(sectionsFor(session?.roles ?? []).map((section) => section.label));

      // Home says who is signed in and as what.
      await shell.heading.waitFor();
      expect(await shell.heading.innerText()).toContain(session?.displayName);
      expect(await shell.banner.innerText()).toContain(ROLE_LABELS[expected.role]);
    });
  }
});
