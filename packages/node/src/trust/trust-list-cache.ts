import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The node's copy of the last trust list it verified: the compact JWS exactly as the registry
 * served it (STYLE rule 7), so a restart while the registry is down starts from it. It is
 * verified again when read, like anything read from disk.
 */
export type TrustListCache = {
  readonly path: string;
  /** The cached JWS, or `undefined` when there is none yet. */
  read(): Promise<string | undefined>;
  /** Replaces the cached JWS atomically (temporary file, then rename). */
  write(jws: string): Promise<void>;
};

export function createTrustListCache(path: string): TrustListCache {
  return Object.freeze({
    path,
    async read() {
      try {
        const text = (await readFile(path, 'utf8')).trim();
        return text.length === 0 ? undefined : text;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async write(jws: string) {
      await mkdir(dirname(path), { recursive: true });
      // A unique temporary name: several writers never share one half-written file.
      const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        await writeFile(temp, jws + '\n', { mode: 0o644 });
        await rename(temp, path);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },
  });
}
