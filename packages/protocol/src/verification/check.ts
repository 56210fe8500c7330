import type { KpxCode } from '@kpx/domain';

/**
 * One named verification step. `code` is set on failures that have a cause of their own; a
 * step that could not run because an earlier one failed is `ok: false` with a message
 * starting `not checked:` and no code.
 */
export type Check = { check: string; ok: boolean; code?: KpxCode; message: string };

/**
 * The result of every kpx verifier. `valid` is true only when every check passed; `value` is
 * set only then. `kid` is the key id named by the token, when it could be read.
 */
export type VerifyOutcome<T> = { valid: boolean; checks: Check[]; value?: T; kid?: string };

/** Prefix of the message of a check that did not run. */
export const notCheckedPrefix = 'not checked: ';

/** Collects checks in order. Internal helper of the verifiers. */
export class CheckList {
  readonly checks: Check[] = [];

  pass(check: string, message: string): true {
    this.checks.push({ check, ok: true, message });
    return true;
  }

  fail(check: string, code: KpxCode, message: string): false {
    this.checks.push({ check, ok: false, code, message });
    return false;
  }

  skip(check: string, reason: string): false {
    this.checks.push({ check, ok: false, message: notCheckedPrefix + reason });
    return false;
  }

  skipAll(names: readonly string[], reason: string): void {
    for (const name of names) this.skip(name, reason);
  }

  get valid(): boolean {
    return this.checks.length > 0 && this.checks.every((c) => c.ok);
  }

  outcome<T>(value: T | undefined, kid: string | undefined): VerifyOutcome<T> {
    const valid = this.valid;
    const out: VerifyOutcome<T> = { valid, checks: this.checks };
    if (valid && value !== undefined) out.value = value;
    if (kid !== undefined) out.kid = kid;
    return out;
  }
}
