/**
 * @kpx/registry — the KP Chair's registry: the signed, versioned trust list of Participants,
 * authorities, endpoints and keys; key enrolment and rotation for nodes; an offline root key
 * that endorses an online list key.
 *
 * @packageDocumentation
 */
export { initRegistry } from './registry/init-registry.js';
export type { InitRegistryOptions, InitRegistryResult } from './registry/init-registry.js';
export { openRegistry } from './registry/open-registry.js';
export type { OpenRegistryOptions, Registry } from './registry/open-registry.js';
export { startRegistryServer } from './server/start-registry-server.js';
export type { RegistryServer, StartRegistryServerOptions } from './server/start-registry-server.js';
export { readRootPublicKey } from './registry/read-root-public-key.js';
export { registryPaths } from './registry/registry-paths.js';
export type { RegistryPaths } from './registry/registry-paths.js';
export type { RegistrySettings } from './registry/registry-settings.js';
export { revocationReasons } from './registry/registry-inputs.js';
export type {
  AddKeyInput,
  AuthorityInput,
  ChangeOptions,
  KeyInput,
  Names,
  ParticipantInput,
  RevocationReason,
} from './registry/registry-inputs.js';
export type { AuthorityUpdate } from './registry/authority-operations.js';
export type { SupersededKey } from './registry/key-operations.js';
export type { Published } from './registry/apply-change.js';
export type { EndorseListKeyOptions } from './list-key/endorse-new-list-key.js';

export type { CurrentTrustList, PublishedVersion } from './trust-list/published-version.js';
export type { VersionSummary } from './trust-list/trust-list-reads.js';
export { createRegistryApp } from './http/create-registry-app.js';
export { problemMediaType } from './http/problem.js';
export type { ProblemDocument } from './http/problem.js';
export { joseMediaType } from './http/routes/trust-list-routes.js';
export type { EnrolmentView } from './http/routes/enrolment-view.js';

export { keyEnrolmentSchema, keyEnrolmentTyp } from './enrolment/key-enrolment.js';
export type { KeyEnrolment } from './enrolment/key-enrolment.js';
export { signKeyEnrolment } from './enrolment/sign-key-enrolment.js';
export {
  keyEnrolmentCheckNames,
  maxEnrolmentLength,
  verifyKeyEnrolment,
} from './enrolment/verify-key-enrolment.js';
export type { VerifyKeyEnrolmentOptions } from './enrolment/verify-key-enrolment.js';
export type { EnrolmentRecord, EnrolmentResult } from './enrolment/enrolment-operations.js';
export type { EnrolmentStatus } from './storage/database-schema.js';

export {
  decryptRootKey,
  defaultScryptCost,
  encryptRootKey,
  readRootKeyFile,
} from './root-key/root-key-file.js';
export type { RootKeyFile } from './root-key/root-key-file.js';

export { parseDuration } from './runtime/duration.js';
export { systemClock } from './runtime/clock.js';
export type { Clock } from './runtime/clock.js';
export { jsonLinesLogger, silentLogger } from './runtime/logger.js';
export type { RegistryLogger } from './runtime/logger.js';

export { startNetworkRegistry } from './network/start-network-registry.js';
export type {
  NetworkRegistry,
  NetworkRegistryMember,
  NetworkRegistryOptions,
} from './network/start-network-registry.js';

export {
  maxReturnRows,
  registryAuthority,
  statisticsReturnBodySchema,
} from './statistics/statistics-return-schema.js';
export type { StatisticsReturnBody } from './statistics/statistics-return-schema.js';
export { receiveStatisticsReturn } from './statistics/receive-statistics-return.js';
export type { ReturnReceipt } from './statistics/receive-statistics-return.js';
export { globalStatistics } from './statistics/global-statistics.js';
export type {
  Figures,
  FlowFigures,
  GlobalStatistics,
  ParticipantFigures,
} from './statistics/global-statistics.js';
