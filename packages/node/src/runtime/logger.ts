import { pino, type Logger as PinoLogger } from 'pino';

/**
 * The logging port: pino's call shape (`log.info({ messageId }, 'delivered')`), so pino is the
 * default adapter and tests can pass a silent one. One logger per node; modules take children.
 */
export type Logger = Pick<PinoLogger, 'debug' | 'info' | 'warn' | 'error'> & {
  child(bindings: Record<string, unknown>): Logger;
};

/**
 * Paths redacted wherever they appear in a log object: bearer tokens and their headers must
 * never reach a log (STYLE rule: secrets are never logged).
 */
export const redactedPaths: readonly string[] = [
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'signingKey',
  '*.signingKey',
  'privateJwk',
  '*.privateJwk',
];

/** Options of {@link createLogger}. */
export type LoggerOptions = {
  level?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  name?: string;
};

/** The default logger: JSON lines on stdout with secrets redacted. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino({
    name: options.name ?? 'kpx-node',
    level: options.level ?? 'info',
    redact: { paths: [...redactedPaths], censor: '[redacted]' },
  });
}

/** A logger that writes nothing (tests). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
