import type { Migration } from 'kysely';
import { initialMigration } from './0001-initial.js';
import { officerConsoleMigration } from './0002-officer-console.js';
import { statisticsMigration } from './0003-statistics.js';
import { traderApplicationsMigration } from './0004-trader-applications.js';

/**
 * Every migration, in order. Static and append-only: a released entry is never edited or
 * removed, only followed by a new one (names sort in order of application).
 */
export const migrationList: Readonly<Record<string, Migration>> = Object.freeze({
  '0001-initial': initialMigration,
  '0002-officer-console': officerConsoleMigration,
  '0003-statistics': statisticsMigration,
  '0004-trader-applications': traderApplicationsMigration,
});
