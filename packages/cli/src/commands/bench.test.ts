import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../program.js';
import { captureIo } from '../testing/run-kpx.js';
import { benchHarnessPath, findBenchHarness } from './bench.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

describe('kpx bench', () => {
  it("finds the checkout's harness from inside the checkout, and none outside one", () => {
    expect(findBenchHarness([fileURLToPath(new URL('.', import.meta.url))])).toBe(
      join(repoRoot, benchHarnessPath),
    );
    // Another project with a bench/run.mjs of its own is not a kpx checkout.
    const other = mkdtempSync(join(tmpdir(), 'kpx-other-project-'));
    mkdirSync(join(other, 'bench'));
    writeFileSync(join(other, benchHarnessPath), 'process.exit(0);\n');
    writeFileSync(join(other, 'package.json'), JSON.stringify({ name: 'not-kpx' }));
    mkdirSync(join(other, 'src'));
    expect(findBenchHarness([join(other, 'src')])).toBeUndefined();
  });

  it('says clearly when there is no harness (an installed CLI without the bench dir)', async () => {
    const io = captureIo();
    const missing = join(mkdtempSync(join(tmpdir(), 'kpx-no-bench-')), benchHarnessPath);
    const code = await runCli(['bench', '--harness', missing], io);
    expect(code).toBe(2);
    expect(io.stderr()).toBe(`kpx: no benchmark harness at ${missing}\n`);
  });

  it('runs the real harness and passes on its output and exit code', async () => {
    const io = captureIo();
    const code = await runCli(['bench', '--only', 'no-such-suite'], io);
    expect(code).toBe(2);
    expect(io.stderr()).toContain(`kpx bench: node ${join(repoRoot, benchHarnessPath)}`);
    expect(io.stderr()).toContain(
      'bench: no suite no-such-suite; the suites are sign-verify, peers, public-verify, exchange, statistics',
    );
  });
});
