/**
 * The logging port, in pino's call shape (`log.info({ version }, 'published')`) so pino can be
 * plugged in as it is. Secrets (tokens, private keys, passphrases) are never passed to it.
 */
export type RegistryLogger = {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
};

/** A logger that writes nothing (the default of the programmatic API, and tests). */
export const silentLogger: RegistryLogger = Object.freeze({
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
});

/** A logger writing one JSON object per line through `write` (the CLI's `registry start`). */
export function jsonLinesLogger(write: (line: string) => void): RegistryLogger {
  const log =
    (level: string) =>
    (fields: Record<string, unknown>, message: string): void => {
      write(JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...fields }));
    };
  return Object.freeze({ info: log('info'), warn: log('warn'), error: log('error') });
}
