import { readFile } from 'node:fs/promises';
import { CliError, exitCodes } from './output.js';

/** Reads a file as text; `-` reads standard input. A missing file is a usage error (exit 2). */
export async function readText(path: string): Promise<string> {
  try {
    if (path === '-') {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    }
    return await readFile(path, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file'
        : String((error as Error).message);
    throw new CliError('KPX_USAGE', `cannot read ${path}: ${reason}`, exitCodes.usage);
  }
}

/** Reads and parses a JSON file; bad JSON is reported as the thing checked being bad (exit 1). */
export async function readJson(path: string, what: string): Promise<unknown> {
  const text = await readText(path);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(
      'KPX_JSON_INVALID',
      `${what} ${path} is not valid JSON: ${(error as Error).message}`,
      exitCodes.invalid,
    );
  }
}
