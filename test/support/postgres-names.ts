/** The migrated database every test file clones its own database from. */
export const TEMPLATE_DATABASE = 'medora_template';
