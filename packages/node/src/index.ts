// @kpx/node: an authority's node — storage, use cases, exchange, outbox, HTTP API — wired by
// one composition root, `createNode`.

export { createNode } from './create-node.js';
export type { KpxNode, NodeDeps } from './create-node.js';
export type { NodeContext } from './node-context.js';
export { nodeConfigSchema, parseNodeConfig } from './config/node-config.js';
export type { NodeConfig, NodeConfigInput } from './config/node-config.js';

export { buildOpenApiDocument } from './http/openapi-document.js';
export { createHttpApp } from './http/create-http-app.js';
export type { HttpEnv } from './http/http-env.js';
export { problemTypeBase } from './http/problem.js';
export type { ProblemDocument } from './http/problem.js';

export { verifyAuditChain } from './audit/verify-audit-chain.js';
export type { AuditChainResult } from './audit/verify-audit-chain.js';

export { openSqliteStorage } from './storage/open-sqlite.js';
export type { SqliteStorageOptions } from './storage/open-sqlite.js';
export { openPostgresStorage } from './storage/open-postgres.js';
export type { PostgresStorageOptions } from './storage/open-postgres.js';
export { openStorage } from './storage/open-storage.js';
export type { Dialect } from './storage/dialect.js';
export { databaseFromUrl } from './config/database-url.js';
export type { DatabaseConfig } from './config/node-config.js';
export { migrateToLatest } from './storage/migrate.js';
export type { Storage } from './storage/storage.js';
export type { Transactor, UnitOfWork } from './storage/transactor.js';
export type { KpxDatabase } from './storage/database-schema.js';

export { createUndiciTransport } from './outbox/undici-transport.js';
export { createFetchTransport, routeByOrigin } from './outbox/fetch-transport.js';
export type { FetchHandler } from './outbox/fetch-transport.js';
export type { Transport, TransportRequest, TransportResponse } from './outbox/transport.js';
export type { DispatchReport } from './outbox/dispatcher.js';
export { exchangePath } from './outbox/dispatcher.js';
export { backoffDelayMs } from './outbox/backoff.js';

export {
  certificateCancelledBodySchema,
  certificateIssuedBodySchema,
  certificateSupersededBodySchema,
  importConfirmedBodySchema,
  importRejectedBodySchema,
} from './exchange/message-bodies.js';
export type {
  CertificateCancelledBody,
  CertificateIssuedBody,
  CertificateSupersededBody,
  ImportConfirmedBody,
  ImportRejectedBody,
} from './exchange/message-bodies.js';

export { createManualClock, systemClock } from './runtime/clock.js';
export type { Clock, ManualClock } from './runtime/clock.js';
export { secureRandom } from './runtime/random.js';
export type { Random } from './runtime/random.js';
export { createLogger, silentLogger } from './runtime/logger.js';
export type { Logger, LoggerOptions } from './runtime/logger.js';

export { createTrustFileSource } from './trust/trust-file-source.js';
export type { TrustFileOptions } from './trust/trust-file-source.js';
export { staticTrustSource } from './trust/trust-source.js';
export type { TrustDocument, TrustSource } from './trust/trust-source.js';
export type { TrustFreshness, TrustHolder, TrustSnapshot } from './trust/trust-snapshot.js';
// The registry link: trust-list polling with cache and grace, key rotation.
export { registryTrustSource } from './trust/load-trust-list.js';
export type { RegistryTrustSourceOptions } from './trust/load-trust-list.js';
export { createTrustSync, trustRetryDelayMs } from './trust/trust-sync.js';
export type { TrustRefreshResult, TrustSync, TrustSyncOptions } from './trust/trust-sync.js';
export { createTrustListCache } from './trust/trust-list-cache.js';
export type { TrustListCache } from './trust/trust-list-cache.js';
export { verifySignedTrustList } from './trust/verify-signed-trust-list.js';
export type { RegistryFetch } from './trust/registry-client.js';
export { createMemoryKeyStore, createSealedKeyStore } from './trust/key-store.js';
export type { KeyStore } from './trust/key-store.js';
export { requestKeyRotation } from './trust/request-key-rotation.js';
export type { KeyRotation, RequestKeyRotationOptions } from './trust/request-key-rotation.js';
export { rotateNodeDirectoryKey } from './trust/rotate-directory-key.js';
export type { RotateDirectoryKeyOptions } from './trust/rotate-directory-key.js';
export type { RotationOutcome } from './trust/rotate-signing-key.js';

export { roles } from './tokens/roles.js';
export type { Access, Role } from './tokens/roles.js';
export type { CreatedToken } from './tokens/create-token.js';

// The officer console: accounts, sessions, TOTP, the dashboard, printing, the web app.
export type { CreatedUser } from './auth/user-admin.js';
export type { SessionUser, UserView } from './auth/user-record.js';
export type { Principal, TokenPrincipal, UserPrincipal } from './auth/principal.js';
export { sessionCookieName } from './auth/session-cookie.js';
export { csrfHeader } from './auth/authenticate-request.js';
export { hotp, otpauthUri, totp, verifyTotp } from './auth/totp.js';
export type { TotpOptions } from './auth/totp.js';
export { base32Decode, base32Encode } from './auth/base32.js';
export { minPasswordLength } from './auth/password-policy.js';
export type { Dashboard } from './dashboard/dashboard.js';
export { contentSecurityPolicy } from './web/security-headers.js';

// TEST ONLY helpers, for the federation tests and simulations: never use their keys for real.
export { createTestNetwork } from './testing/test-network.js';
export type { TestNetwork, TestNode } from './testing/test-network.js';
export { buildTestTrustList, generateTestKey, testEndpoint } from './testing/test-trust-list.js';
export type { TestKey } from './testing/test-trust-list.js';

// Operations: the sealed signing key, node directories, serving on a socket, development networks.
export {
  readSealedKeyFile,
  readSealedKeyHeader,
  writeSealedKeyFile,
} from './keystore/sealed-key-file.js';
export type { OpenedKey, SealedKeyFile } from './keystore/sealed-key-file.js';
export { startNodeServer, serveNodeOn } from './server/start-node-server.js';
export type { NodeServer, NodeServerOptions } from './server/start-node-server.js';
export { exchangePrefix, openListener } from './server/http-listener.js';
export type { BoundFetch, Listener, ListenerOptions, Pem } from './server/http-listener.js';
export { createAgentTransport } from './server/agent-transport.js';
export type { ClosableTransport, OutboundTls } from './server/agent-transport.js';
export { isLoopbackHost } from './server/loopback.js';
export { nodeFileSchema, parseNodeFile, readNodeFile } from './server/node-file.js';
export type { NodeFile, NodeFileInput } from './server/node-file.js';
export {
  initNodeDirectory,
  nodeDirectoryLayout,
  openNodeDirectory,
  serveNodeDirectory,
} from './server/node-directory.js';
export type {
  InitializedNodeDirectory,
  InitNodeDirectoryOptions,
  NodeTuning,
  OpenedNodeDirectory,
  OpenNodeDirectoryOptions,
  PostgresDatabaseInput,
  PublicKeyEntry,
} from './server/node-directory.js';
export {
  buildNetworkTrustList,
  createNetworkTrustListSigner,
} from './server/network-trust-list.js';
export type { NetworkMember, NetworkTrustListSigner } from './server/network-trust-list.js';
export { startNetwork, startStaticRegistry } from './server/start-network.js';
export type {
  NetworkCompany,
  NetworkManifest,
  NetworkNode,
  NetworkOptions,
  NetworkRegistry,
  NetworkRegistryFactory,
  RunningNetwork,
} from './server/start-network.js';

// Statistics (ARCHITECTURE.md flow 6): maintained trade aggregates, returns to the registry,
// reconciliation, anomalies, production returns.
export { getStatistics } from './statistics/get-statistics.js';
export type { FlowTotals, StatisticsQuery, StatisticsReport } from './statistics/get-statistics.js';
export { statisticsCsv } from './statistics/statistics-csv.js';
export { statisticsXlsx } from './statistics/statistics-xlsx.js';
export { getReconciliation } from './statistics/get-reconciliation.js';
export type { ReconciliationReport } from './statistics/get-reconciliation.js';
export { reconcileRecords } from './statistics/reconcile-records.js';
export { getAnomalies } from './statistics/get-anomalies.js';
export type { AnomalyReport } from './statistics/get-anomalies.js';
export {
  listProductionReturns,
  recordProductionReturn,
} from './statistics/record-production-return.js';
export type {
  ProductionInput,
  ProductionRowResult,
  RecordedProduction,
  StoredProductionReturn,
} from './statistics/record-production-return.js';
export {
  buildStatisticsReturn,
  sendStatisticsReturn,
} from './statistics/send-statistics-return.js';
export type {
  QueuedStatisticsReturn,
  StatisticsReturnBody,
} from './statistics/send-statistics-return.js';
export { registryAuthority, receiptKeysFor } from './statistics/registry-authority.js';
export { readTradeAggregate } from './statistics/trade-aggregate-store.js';
export { rebuildStatistics } from './statistics/rebuild-statistics.js';
export {
  fullScanTradeAggregate,
  fullScanTradeFacts,
  scanRecords,
} from './statistics/scan-records.js';
export { statisticsDb } from './statistics/statistics-tables.js';
/** Seeded, reproducible randomness (synthetic trade, the demo's plan, fault injection). */
export { seededRandom } from './runtime/seeded-random.js';
// TEST / BENCHMARK ONLY: synthetic trade written through the storage port.
export { loadSyntheticTrade, quartersBetween } from './statistics/synthetic-trade.js';
export type { SyntheticTradeOptions } from './statistics/synthetic-trade.js';

export {
  backupManifestName,
  backupNodeDirectory,
  restoreNodeDirectory,
} from './backup/node-backup.js';
export type { BackupManifest, NodeBackup, NodeRestore } from './backup/node-backup.js';
export { moveNodeToPostgres } from './backup/move-to-postgres.js';
export type { NodeMove } from './backup/move-to-postgres.js';
export { issueAdminToken } from './server/issue-admin-token.js';

// Trader applications (docs/applications.md): companies, applications, webhooks.
export type { Company } from './applications/company-schemas.js';
export type { ApplicationDetail, ApplicationSummary } from './applications/application-schemas.js';
export type { ApplicationStatus, DecisionAction } from './applications/application-states.js';
export { applicationCsvColumns } from './applications/application-csv.js';
export { signWebhook, signatureHeader } from './webhooks/webhook-signature.js';
export { createTargetGuard, type TargetGuard } from './webhooks/ssrf-guard.js';
export type { WebhookPassReport } from './webhooks/webhook-dispatcher.js';
