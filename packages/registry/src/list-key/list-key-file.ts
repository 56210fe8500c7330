import { readFile, rename, writeFile } from 'node:fs/promises';
import { KpxError } from '@kpx/domain';
import { privateJwkSchema, type PrivateJwk } from '@kpx/protocol';

/** Reads the online list key (a private JWK); a missing or broken file is `KPX_CONFIG_INVALID`. */
export async function readListKeyFile(path: string): Promise<PrivateJwk> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file'
        : (error as Error).message;
    throw new KpxError('KPX_CONFIG_INVALID', { detail: `cannot read list key ${path}: ${reason}` });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new KpxError('KPX_CONFIG_INVALID', { detail: `list key ${path} is not JSON` });
  }
  const parsed = privateJwkSchema.safeParse(json);
  if (!parsed.success) {
    throw new KpxError('KPX_CONFIG_INVALID', { detail: `list key ${path} is not a private JWK` });
  }
  return parsed.data;
}

/**
 * Writes the online list key (mode 0600) through a temporary file and a rename, so a crash
 * leaves either the old key or the new one, never half a file.
 */
export async function writeListKeyFile(path: string, privateJwk: PrivateJwk): Promise<void> {
  const temporary = `${path}.new`;
  await writeFile(temporary, JSON.stringify(privateJwk, null, 2) + '\n', { mode: 0o600 });
  await rename(temporary, path);
}
