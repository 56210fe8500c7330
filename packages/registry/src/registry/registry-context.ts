import type { SignatureVerifier } from '@kpx/protocol';
import type { Clock } from '../runtime/clock.js';
import type { RegistryLogger } from '../runtime/logger.js';
import type { RegistryDb } from '../storage/open-registry-database.js';
import type { RegistryPaths } from './registry-paths.js';
import type { RegistrySettings } from './registry-settings.js';

/** What every registry operation runs with; built once by `openRegistry` (the composition root). */
export type RegistryContext = {
  readonly paths: RegistryPaths;
  readonly db: RegistryDb;
  readonly clock: Clock;
  readonly logger: RegistryLogger;
  readonly settings: RegistrySettings;
  readonly verifier: SignatureVerifier;
};
