import type { Kysely } from 'kysely';
import type { Database } from '../../shared/db/tables';
import { newId } from '../../shared/ids';

export async function readDeviceSetting(db: Kysely<Database>, key: string): Promise<string | null> {
  const row = await db.selectFrom('device_settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

export async function writeDeviceSetting(db: Kysely<Database>, key: string, value: string): Promise<void> {
  await db.insertInto('device_settings').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}

/** This workstation's id: created once, kept for the life of the replica, stamped on every audit entry. */
export async function ensureDeviceId(db: Kysely<Database>): Promise<string> {
  const existing = await readDeviceSetting(db, 'device_id');
  if (existing) return existing;
  const id = newId();
  await writeDeviceSetting(db, 'device_id', id);
  return id;
}
