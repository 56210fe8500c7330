import { KpxError } from '@kpx/domain';
import { CliError, exitCodes } from '../output.js';

/**
 * Runs operations work and turns the node's expected failures (`KpxError`: a bad config field,
 * a wrong passphrase, an initialised directory, a port in use) into one-line usage/environment
 * errors (exit 2). Anything else propagates as unexpected.
 */
export async function operatorErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof KpxError) {
      throw new CliError(error.code, error.message, exitCodes.usage, error.problems);
    }
    throw error;
  }
}

/** Parses a TCP port option (`0` only where `allowZero`). */
export function parsePort(value: string, option: string, allowZero = false): number {
  const port = /^[0-9]{1,5}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(port) || port > 65535 || (port === 0 && !allowZero)) {
    throw new CliError(
      'KPX_USAGE',
      `${option} must be a port number (${allowZero ? '0' : '1'} to 65535), not ${value}`,
      exitCodes.usage,
    );
  }
  return port;
}

/** Reads a passphrase from the environment; unset or empty is a usage error naming the variable. */
export function passphraseFrom(env: NodeJS.ProcessEnv, name: string, purpose: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new CliError(
      'KPX_USAGE',
      `--passphrase-env ${name} is not a variable name`,
      exitCodes.usage,
    );
  }
  const value = env[name];
  if (value === undefined || value.length === 0) {
    throw new CliError(
      'KPX_USAGE',
      `set the environment variable ${name} to the passphrase that ${purpose}`,
      exitCodes.usage,
    );
  }
  return value;
}
