import type { CertificateDraft } from '@kpx/domain';
import type { Kysely, Selectable } from 'kysely';
import type { ApplicationsTable, KpxDatabase } from '../storage/database-schema.js';
import type { ApplicationStatus } from './application-states.js';
import type { AttachmentKind, CheckedAttachment } from './attachments.js';
import { timelineEntryOf } from '../certificates/event-repository.js';

/** An application as stored. */
export type ApplicationRecord = {
  id: string;
  companyId: string;
  status: ApplicationStatus;
  draft: CertificateDraft;
  submittedBy: string;
  submittedAt: string;
  updatedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  seals: string[] | null;
  check: string | null;
  certificateNumber: string | null;
  version: number;
};

/** A row of a list: the application with its company's name and its certificate's status. */
export type ApplicationListRow = ApplicationRecord & {
  companyName: string;
  certificateStatus: string | null;
};

/** A stored supporting document, without its bytes. */
export type AttachmentRecord = Omit<CheckedAttachment, 'content'> & { id: string };

/** One entry of an application's timeline. */
export type ApplicationEvent = { at: string; type: string; actor: string; data?: unknown };

/** What a list asks for; `companyId` scopes a trader to its own company. */
export type ApplicationQuery = {
  companyId?: string;
  status?: ApplicationStatus;
  /** `asc`: oldest first (the review queue); `desc`: newest first. */
  order: 'asc' | 'desc';
  limit: number;
  /** The id of the last row of the previous page. */
  after?: string;
};

/** Storage port of trader applications, their documents and timelines. */
export interface ApplicationRepository {
  insert(record: ApplicationRecord): Promise<void>;
  find(id: string): Promise<ApplicationRecord | undefined>;
  list(query: ApplicationQuery): Promise<ApplicationListRow[]>;
  /** Optimistic: false when `expectedVersion` is no longer current. */
  update(
    id: string,
    expectedVersion: number,
    change: Partial<
      Pick<
        ApplicationRecord,
        'status' | 'decidedBy' | 'decidedAt' | 'reason' | 'seals' | 'check' | 'certificateNumber'
      >
    > & { updatedAt: string },
  ): Promise<boolean>;
  /** The trader's revision: a new draft and state (optimistic; false when outdated). */
  revise(
    id: string,
    expectedVersion: number,
    change: { draft: CertificateDraft; status: ApplicationStatus; at: string },
  ): Promise<boolean>;
  /** Takes the documents out of the application's list (kept stored, under `retired:<id>`). */
  retireAttachments(applicationId: string): Promise<void>;
  insertAttachment(applicationId: string, id: string, attachment: CheckedAttachment): Promise<void>;
  attachments(applicationId: string): Promise<AttachmentRecord[]>;
  attachmentContent(
    applicationId: string,
    id: string,
  ): Promise<(AttachmentRecord & { content: Uint8Array }) | undefined>;
  appendEvent(applicationId: string, event: ApplicationEvent): Promise<void>;
  events(applicationId: string): Promise<ApplicationEvent[]>;
  /** The application a certificate was issued from, if any. */
  findByCertificate(number: string): Promise<ApplicationRecord | undefined>;
}

function toRecord(row: Selectable<ApplicationsTable>): ApplicationRecord {
  return {
    id: row.id,
    companyId: row.company_id,
    status: row.status as ApplicationStatus,
    draft: JSON.parse(row.draft_json) as CertificateDraft,
    submittedBy: row.submitted_by,
    submittedAt: row.submitted_at,
    updatedAt: row.updated_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    reason: row.reason,
    seals: row.seals_json === null ? null : (JSON.parse(row.seals_json) as string[]),
    check: row.check_note,
    certificateNumber: row.certificate_number,
    version: Number(row.version),
  };
}

/** The Kysely adapter of {@link ApplicationRepository}; `nextId` gives time-ordered ids. */
export function applicationRepository(
  db: Kysely<KpxDatabase>,
  nextId: () => string,
): ApplicationRepository {
  const findBy = async (column: 'id' | 'certificate_number', value: string) => {
    const row = await db
      .selectFrom('applications')
      .selectAll()
      .where(column, '=', value)
      .executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  };
  return Object.freeze<ApplicationRepository>({
    async insert(r) {
      await db
        .insertInto('applications')
        .values({
          id: r.id,
          company_id: r.companyId,
          status: r.status,
          draft_json: JSON.stringify(r.draft),
          submitted_by: r.submittedBy,
          submitted_at: r.submittedAt,
          updated_at: r.updatedAt,
          decided_by: r.decidedBy,
          decided_at: r.decidedAt,
          reason: r.reason,
          seals_json: r.seals === null ? null : JSON.stringify(r.seals),
          check_note: r.check,
          certificate_number: r.certificateNumber,
          version: r.version,
        })
        .execute();
    },
    find: (id) => findBy('id', id),
    findByCertificate: (number) => findBy('certificate_number', number),
    async list(q) {
      let query = db
        .selectFrom('applications')
        .innerJoin('companies', 'companies.id', 'applications.company_id')
        .leftJoin('certificates', 'certificates.number', 'applications.certificate_number')
        .selectAll('applications')
        .select(['companies.name as company_name', 'certificates.status as certificate_status']);
      if (q.companyId !== undefined)
        query = query.where('applications.company_id', '=', q.companyId);
      if (q.status !== undefined) query = query.where('applications.status', '=', q.status);
      if (q.after !== undefined)
        query = query.where('applications.id', q.order === 'asc' ? '>' : '<', q.after);
      const rows = await query.orderBy('applications.id', q.order).limit(q.limit).execute();
      return rows.map((row) => ({
        ...toRecord(row),
        companyName: row.company_name,
        certificateStatus: row.certificate_status,
      }));
    },
    async update(id, expectedVersion, change) {
      const result = await db
        .updateTable('applications')
        .set((eb) => ({
          updated_at: change.updatedAt,
          version: eb('version', '+', 1),
          ...(change.status === undefined ? {} : { status: change.status }),
          ...(change.decidedBy === undefined ? {} : { decided_by: change.decidedBy }),
          ...(change.decidedAt === undefined ? {} : { decided_at: change.decidedAt }),
          ...(change.reason === undefined ? {} : { reason: change.reason }),
          ...(change.seals === undefined
            ? {}
            : { seals_json: change.seals === null ? null : JSON.stringify(change.seals) }),
          ...(change.check === undefined ? {} : { check_note: change.check }),
          ...(change.certificateNumber === undefined
            ? {}
            : { certificate_number: change.certificateNumber }),
        }))
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async revise(id, expectedVersion, change) {
      const result = await db
        .updateTable('applications')
        .set((eb) => ({
          draft_json: JSON.stringify(change.draft),
          status: change.status,
          updated_at: change.at,
          reason: null,
          version: eb('version', '+', 1),
        }))
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async retireAttachments(applicationId) {
      await db
        .updateTable('application_attachments')
        .set({ application_id: `retired:${applicationId}` })
        .where('application_id', '=', applicationId)
        .execute();
    },
    async insertAttachment(applicationId, id, a) {
      await db
        .insertInto('application_attachments')
        .values({
          id,
          application_id: applicationId,
          kind: a.kind,
          filename: a.filename,
          content_type: a.contentType,
          size: a.size,
          sha256: a.sha256,
          content: a.content,
        })
        .execute();
    },
    async attachments(applicationId) {
      const rows = await db
        .selectFrom('application_attachments')
        .select(['id', 'kind', 'filename', 'content_type', 'size', 'sha256'])
        .where('application_id', '=', applicationId)
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind as AttachmentKind,
        filename: r.filename,
        contentType: 'application/pdf' as const,
        size: Number(r.size),
        sha256: r.sha256,
      }));
    },
    async attachmentContent(applicationId, id) {
      const r = await db
        .selectFrom('application_attachments')
        .selectAll()
        .where('application_id', '=', applicationId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (r === undefined) return undefined;
      return {
        id: r.id,
        kind: r.kind as AttachmentKind,
        filename: r.filename,
        contentType: 'application/pdf' as const,
        size: Number(r.size),
        sha256: r.sha256,
        content: new Uint8Array(r.content),
      };
    },
    async appendEvent(applicationId, event) {
      await db
        .insertInto('application_events')
        .values({
          id: nextId(),
          application_id: applicationId,
          at: event.at,
          type: event.type,
          actor: event.actor,
          data: event.data === undefined ? null : JSON.stringify(event.data),
        })
        .execute();
    },
    async events(applicationId) {
      const rows = await db
        .selectFrom('application_events')
        .select(['at', 'type', 'actor', 'data'])
        .where('application_id', '=', applicationId)
        .orderBy('id')
        .execute();
      return rows.map(timelineEntryOf);
    },
  });
}
