import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory under the system's temp dir. */
export function tempDir(prefix = 'kpx-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
