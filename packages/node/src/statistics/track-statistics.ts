import { exportCountingStatuses, tradeFactChanges, type CertificateStatus } from '@kpx/domain';
import { sql, type Kysely } from 'kysely';
import {
  certificateInsert,
  type CertificateRepository,
} from '../certificates/certificate-repository.js';
import type { ConfirmationRepository } from '../certificates/confirmation-repository.js';
import type { KpxDatabase } from '../storage/database-schema.js';
import { dialectOf } from '../storage/dialect.js';
import { certificateStateOf } from './certificate-state.js';
import {
  insertMirrorEntry,
  mirrorEntryWrites,
  readMirrorState,
  setMirrorConfirmation,
  setMirrorStatus,
} from './mirror-store.js';
import { statisticsDb } from './statistics-tables.js';
import { applyTradeFacts, tradeFactUpserts } from './trade-aggregate-store.js';

/** The two repositories that hold certificate state. */
export type StatefulRepositories = {
  certificates: CertificateRepository;
  confirmations: ConfirmationRepository;
};

const counts = (status: string) => exportCountingStatuses.includes(status as CertificateStatus);

/**
 * Keeps the statistics in step with certificate state (ARCHITECTURE.md flow 6, "aggregates
 * maintained as certificates change, not full scans"). Certificate state changes only through
 * these two repositories — a certificate stored, its status moved, a confirmation stored — so
 * they are wrapped here, once, and every use case (issue, amend, cancel, confirm, reject,
 * expire, deliveries, partners' notices, paper records) updates the trade aggregate and the
 * mirror entries with the SAME executor, i.e. in the same transaction as the change itself:
 * the domain's `tradeFactChanges(before, after)` gives the signed facts, `applyTradeFacts`
 * upserts their deltas. A rolled-back change leaves the statistics untouched.
 *
 * The state before a change is read from the certificate's narrow mirror entry; a status
 * change that cannot change the trade facts (issued → delivered, an export's expiry, an import
 * still without its confirmation…) reads nothing more. Only the others read the certificate.
 */
export function trackStatistics(
  db: Kysely<KpxDatabase>,
  repos: StatefulRepositories,
): StatefulRepositories {
  const sdb = statisticsDb(db);
  const postgres = dialectOf(db) === 'postgres';
  const { certificates, confirmations } = repos;
  const figuresOf = async (number: string) => (await confirmations.find(number))?.confirmation;

  const tracked: CertificateRepository = {
    ...certificates,
    insertWrites(record) {
      if (!postgres) return undefined;
      const facts = tradeFactChanges(undefined, certificateStateOf(record, undefined));
      // PostgreSQL: the certificate row, its mirror entry, the route's sums and the trade
      // fact's upserts as parts of ONE statement (data-modifying CTEs). Each part writes
      // another table (at most one row per key), so none needs to see another's effect; a
      // failing part fails the statement, and with it the unit, as separate statements would.
      // More than one fact, or a removal (which deletes emptied cells after its upsert), does not
      // fit: those go through `insert`.
      if (facts.length > 1 || facts.some((f) => f.sign < 0)) return undefined;
      return [
        certificateInsert(db, record),
        ...mirrorEntryWrites(record),
        ...facts.flatMap(tradeFactUpserts),
      ];
    },
    async insert(record) {
      const writes = tracked.insertWrites(record);
      if (writes !== undefined) {
        // One round trip instead of up to five (while an issue holds the serial lock).
        const parts = writes.map((write, i) => sql`${sql.raw(`w${i}`)} as (${write})`);
        await sql`with ${sql.join(parts)} select 1`.execute(sdb);
        return;
      }
      await certificates.insert(record);
      await insertMirrorEntry(sdb, record);
      await applyTradeFacts(
        sdb,
        tradeFactChanges(undefined, certificateStateOf(record, undefined)),
      );
    },
    async updateStatus(number, change) {
      const entry = await readMirrorState(sdb, number);
      await certificates.updateStatus(number, change);
      if (entry === undefined || entry.status === change.status) return;
      await setMirrorStatus(sdb, entry, change.status);
      const mayChange =
        entry.direction === 'outgoing'
          ? counts(entry.status) !== counts(change.status)
          : entry.status === 'confirmed' || change.status === 'confirmed';
      if (!mayChange) return;
      const record = await certificates.find(number);
      if (record === undefined) return;
      const figures = record.direction === 'incoming' ? await figuresOf(number) : undefined;
      const was = { ...record, status: entry.status as CertificateStatus };
      await applyTradeFacts(
        sdb,
        tradeFactChanges(certificateStateOf(was, figures), certificateStateOf(record, figures)),
      );
    },
  };

  const trackedConfirmations: ConfirmationRepository = {
    ...confirmations,
    async insert(record) {
      await confirmations.insert(record);
      const entry = await readMirrorState(sdb, record.certificateNumber);
      if (entry === undefined) return;
      await setMirrorConfirmation(sdb, entry, record.confirmation);
      // Only an incoming certificate already marked confirmed gains an import here (an
      // export's figures do not depend on the confirmation).
      if (entry.direction !== 'incoming' || entry.status !== 'confirmed') return;
      const full = await certificates.find(record.certificateNumber);
      if (full === undefined) return;
      await applyTradeFacts(
        sdb,
        tradeFactChanges(
          certificateStateOf(full, undefined),
          certificateStateOf(full, record.confirmation),
        ),
      );
    },
  };

  return {
    certificates: Object.freeze(tracked),
    confirmations: Object.freeze(trackedConfirmations),
  };
}
