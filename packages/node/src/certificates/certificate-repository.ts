import type { Certificate, CertificateStatus } from '@kpx/domain';
import { KpxError } from '@kpx/domain';
import type { Insertable, Kysely, OperationNodeSource, Selectable } from 'kysely';
import type { CertificatesTable, Direction, KpxDatabase } from '../storage/database-schema.js';
import { dialectOf } from '../storage/dialect.js';
import type { CertificateRecord } from './certificate-record.js';

/** Filters of the certificate list (`GET /api/v1/certificates`). */
export type CertificateFilter = {
  direction?: Direction;
  status?: CertificateStatus;
  /** A Participant code (`EU`) or an authority id (`EU-BE-ANTWERP`). */
  partner?: string;
};

/** Where a page starts: the last row of the previous page (newest first). */
export type ListPosition = { createdAt: string; number: string };

/** Storage port of certificates. */
export interface CertificateRepository {
  insert(record: CertificateRecord): Promise<void>;
  /**
   * What `insert` would write, as inserts not yet run, when they can be sent as parts of one
   * statement (PostgreSQL, `appendAudit`'s `alongside`); `undefined`: call `insert`.
   */
  insertWrites(record: CertificateRecord): readonly OperationNodeSource[] | undefined;
  find(number: string): Promise<CertificateRecord | undefined>;
  /**
   * Moves a certificate to a new status if it is still at `expectedVersion` (optimistic
   * concurrency: a concurrent change on another process fails this one with KPX_CONFLICT).
   */
  updateStatus(
    number: string,
    change: { status: CertificateStatus; expectedVersion: number; at: string; replacedBy?: string },
  ): Promise<void>;
  list(
    filter: CertificateFilter,
    after: ListPosition | undefined,
    limit: number,
  ): Promise<CertificateRecord[]>;
  /** Certificates still open (issued, delivered) whose expiry date is before `today`. */
  expiredOpen(today: string, limit: number): Promise<CertificateRecord[]>;
  countByStatus(): Promise<Array<{ direction: Direction; status: string; count: number }>>;
}

function toRecord(row: Selectable<CertificatesTable>): CertificateRecord {
  return {
    number: row.number,
    direction: row.direction,
    status: row.status as CertificateStatus,
    delivery: row.delivery,
    issuingAuthority: row.issuing_authority,
    partnerParticipant: row.partner_participant,
    partnerAuthority: row.partner_authority,
    signed: row.signed,
    certificate: JSON.parse(row.certificate_json) as Certificate,
    issuedOn: row.issued_on,
    expiresOn: row.expires_on,
    replaces: row.replaces,
    replacedBy: row.replaced_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
    qrText: row.qr_text,
  };
}

/** The stored row of a certificate record (also for bulk loads of many rows). */
export function certificateRow(r: CertificateRecord): Insertable<CertificatesTable> {
  return {
    number: r.number,
    direction: r.direction,
    status: r.status,
    delivery: r.delivery,
    issuing_authority: r.issuingAuthority,
    partner_participant: r.partnerParticipant,
    partner_authority: r.partnerAuthority,
    signed: r.signed,
    certificate_json: JSON.stringify(r.certificate),
    issued_on: r.issuedOn,
    expires_on: r.expiresOn,
    replaces: r.replaces,
    replaced_by: r.replacedBy,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    version: r.version,
    qr_text: r.qrText ?? null,
  };
}

/**
 * The insert of a certificate row: what `insert` runs, and on PostgreSQL one part of the
 * combined statement that also stores its statistics (`trackStatistics`).
 */
export function certificateInsert(db: Kysely<KpxDatabase>, r: CertificateRecord) {
  return db.insertInto('certificates').values(certificateRow(r));
}

/** The Kysely adapter of {@link CertificateRepository}. */
export function certificateRepository(db: Kysely<KpxDatabase>): CertificateRepository {
  return Object.freeze<CertificateRepository>({
    async insert(r: CertificateRecord): Promise<void> {
      await certificateInsert(db, r).execute();
    },

    insertWrites: () => undefined,

    async find(number: string): Promise<CertificateRecord | undefined> {
      const query = db.selectFrom('certificates').selectAll().where('number', '=', number);
      // A unit reads a certificate to change it. On PostgreSQL, where units run concurrently,
      // the row is locked until commit so units about one certificate run one after another,
      // as SQLite's single writer runs them: the second sees the first's change instead of
      // failing its update with KPX_CONFLICT (e.g. an amendment and its `superseded` notice).
      const locked = db.isTransaction && dialectOf(db) === 'postgres' ? query.forUpdate() : query;
      const row = await locked.executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },

    async updateStatus(number, change): Promise<void> {
      const result = await db
        .updateTable('certificates')
        .set({
          status: change.status,
          updated_at: change.at,
          version: change.expectedVersion + 1,
          ...(change.replacedBy === undefined ? {} : { replaced_by: change.replacedBy }),
        })
        .where('number', '=', number)
        .where('version', '=', change.expectedVersion)
        .executeTakeFirst();
      if (result.numUpdatedRows !== 1n) {
        throw new KpxError('KPX_CONFLICT', {
          detail: `certificate ${number} was changed concurrently; retry`,
        });
      }
    },

    async list(filter, after, limit): Promise<CertificateRecord[]> {
      let query = db.selectFrom('certificates').selectAll();
      if (filter.direction !== undefined) query = query.where('direction', '=', filter.direction);
      if (filter.status !== undefined) query = query.where('status', '=', filter.status);
      if (filter.partner !== undefined) {
        const partner = filter.partner;
        query = query.where((eb) =>
          eb.or([eb('partner_participant', '=', partner), eb('partner_authority', '=', partner)]),
        );
      }
      if (after !== undefined) {
        query = query.where((eb) =>
          eb.or([
            eb('created_at', '<', after.createdAt),
            eb.and([eb('created_at', '=', after.createdAt), eb('number', '<', after.number)]),
          ]),
        );
      }
      const rows = await query
        .orderBy('created_at', 'desc')
        .orderBy('number', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toRecord);
    },

    async expiredOpen(today, limit): Promise<CertificateRecord[]> {
      const rows = await db
        .selectFrom('certificates')
        .selectAll()
        .where('status', 'in', ['issued', 'delivered'])
        .where('expires_on', '<', today)
        .orderBy('expires_on')
        .limit(limit)
        .execute();
      return rows.map(toRecord);
    },

    async countByStatus() {
      const rows = await db
        .selectFrom('certificates')
        .select((eb) => ['direction', 'status', eb.fn.countAll<number>().as('count')])
        .groupBy(['direction', 'status'])
        .execute();
      return rows.map((r) => ({
        direction: r.direction,
        status: r.status,
        count: Number(r.count),
      }));
    },
  });
}
