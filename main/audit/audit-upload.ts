import type { Kysely } from 'kysely';
import type { AuditUploadAnswer } from '../../shared/audit/audit-wire';
import type { Database } from '../../shared/db/tables';
import { readDeviceSetting, writeDeviceSetting } from '../device/device-settings';

/** device_settings key: the highest `seq` of this device's audit entries the server has accepted. */
export const AUDIT_UPLOADED_SEQ = 'audit_uploaded_seq';
/** Entries per request (the server takes at most 500). */
export const AUDIT_UPLOAD_BATCH = 200;

export interface AuditUploaderOptions {
  readonly db: Kysely<Database>;
  readonly deviceId: string;
  /** Sends one batch as some user this workstation holds a token for; throws when it cannot. */
  readonly send: (entries: readonly Record<string, unknown>[]) => Promise<AuditUploadAnswer>;
}

export interface AuditUploadReport {
  readonly sent: number;
  readonly findings: AuditUploadAnswer['findings'];
}

/**
 * Hands this workstation's audit entries to the clinic server, oldest first, in batches, and remembers
 * how far the server has accepted them. Entries are sent exactly as stored (the server re-verifies the
 * chain); a lost answer means a resend, which the server recognises and ignores. One upload at a time.
 */
export class AuditUploader {
  private running: Promise<AuditUploadReport> | null = null;

  constructor(private readonly options: AuditUploaderOptions) {}

  /** How many of this device's entries the server has not accepted yet. */
  async backlog(): Promise<number> {
    const { db, deviceId } = this.options;
    const through = Number((await readDeviceSetting(db, AUDIT_UPLOADED_SEQ)) ?? 0);
    const row = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('device_id', '=', deviceId).where('seq', '>', through).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  upload(): Promise<AuditUploadReport> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(): Promise<AuditUploadReport> {
    const { db, deviceId } = this.options;
    let sent = 0;
    const findings: AuditUploadAnswer['findings'][number][] = [];
    for (;;) {
      const through = Number((await readDeviceSetting(db, AUDIT_UPLOADED_SEQ)) ?? 0);
      const entries = await db.selectFrom('audit_log').selectAll().where('device_id', '=', deviceId).where('seq', '>', through).orderBy('seq').limit(AUDIT_UPLOAD_BATCH).execute();
      if (entries.length === 0) break;
      const answer = await this.options.send(entries);
      findings.push(...answer.findings);
      sent += entries.length;
      if (answer.acceptedThrough <= through) break;
      await writeDeviceSetting(db, AUDIT_UPLOADED_SEQ, String(answer.acceptedThrough));
      if (entries.length < AUDIT_UPLOAD_BATCH) break;
    }
    return { sent, findings };
  }
}
