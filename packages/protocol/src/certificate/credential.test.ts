import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testCertificate } from '../testing/fixtures.js';
import {
  authorityUrn,
  certificateUrn,
  checkCredentialShape,
  envelopeSchema,
  plainlyEnvelope,
  toCredential,
} from './credential.js';

const credential = (): Record<string, unknown> =>
  JSON.parse(JSON.stringify(toCredential(testCertificate, 1_795_000_000))) as Record<
    string,
    unknown
  >;

// Values a member may be replaced with: right and wrong types, edge numbers, shapes.
const anyValue = fc.oneof(
  fc.constantFrom(
    null,
    true,
    0,
    -0,
    -1,
    1.5,
    2 ** 53,
    '',
    'x',
    [],
    {},
    ['https://www.w3.org/ns/credentials/v2', 'https://w3id.org/kpx/v1'],
    ['VerifiableCredential', 'KimberleyProcessCertificate'],
    ['VerifiableCredential', 'KimberleyProcessCertificate', 'Extra'],
    ['https://w3id.org/kpx/v1', 'https://www.w3.org/ns/credentials/v2'],
  ),
  fc.jsonValue({ maxDepth: 2 }),
);
const memberName = fc.constantFrom(
  '@context',
  'type',
  'id',
  'issuer',
  'validFrom',
  'validUntil',
  'iat',
  'credentialSubject',
  'extra',
  '__proto__',
);
const subjectName = fc.constantFrom('number', 'issuingAuthority', 'issuedOn', 'expiresOn', 'other');

/** A credential with a few members (top level or in the subject) replaced or removed. */
const mutated = fc
  .array(
    fc.record({
      inSubject: fc.boolean(),
      top: memberName,
      sub: subjectName,
      remove: fc.boolean(),
      value: anyValue,
    }),
    { maxLength: 3 },
  )
  .map((edits) => {
    const c = credential();
    for (const { inSubject, top, sub, remove, value } of edits) {
      const target =
        inSubject && typeof c['credentialSubject'] === 'object' && c['credentialSubject'] !== null
          ? (c['credentialSubject'] as Record<string, unknown>)
          : c;
      const name = inSubject ? sub : top;
      if (remove) Reflect.deleteProperty(target, name);
      else Object.defineProperty(target, name, { value, enumerable: true, writable: true });
    }
    return c;
  });

describe('plainlyEnvelope (the fast path of checkCredentialShape)', () => {
  it('accepts a credential as made by toCredential', () => {
    expect(plainlyEnvelope(credential())).toBe(true);
  });

  it('never accepts what the schema refuses, and accepts what it accepts', () => {
    fc.assert(
      fc.property(mutated, (payload) => {
        expect(plainlyEnvelope(payload)).toBe(envelopeSchema.safeParse(payload).success);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('checkCredentialShape', () => {
  // What the four members must be, and the message when one is not, by definition.
  const implied = (c: Record<string, unknown>): [string, string][] => {
    const s = c['credentialSubject'] as Record<string, string>;
    return [
      ['id', certificateUrn(s['number']!)],
      ['issuer', authorityUrn(s['issuingAuthority']!)],
      ['validFrom', `${s['issuedOn']}T00:00:00Z`],
      ['validUntil', `${s['expiresOn']}T23:59:59Z`],
    ];
  };
  const expectedOutcome = (c: Record<string, unknown>) => {
    for (const [name, want] of implied(c)) {
      if (c[name] !== want)
        return {
          ok: false,
          message: `${name} is ${String(c[name])}, the certificate implies ${want}`,
        };
    }
    return { ok: true, subject: c['credentialSubject'] };
  };
  const member = fc.constantFrom('id', 'issuer', 'validFrom', 'validUntil');
  const subjectMember = fc.constantFrom('number', 'issuingAuthority', 'issuedOn', 'expiresOn');
  // Near misses: a character more, less or changed at either end, or another member's text.
  const edit = fc.oneof(
    fc.constant((t: string) => t.slice(1)),
    fc.constant((t: string) => t.slice(0, -1)),
    fc.constant((t: string) => `${t}Z`),
    fc.constant((t: string) => `u${t}`),
    fc.constant((t: string) => t.replace(/.$/, 'X')),
    fc.constant((t: string) => t.replace(/^./, 'X')),
    fc.constant(() => ''),
    fc.constant(() => 'urn:kpx:cert:'),
  );

  it('refuses every member the certificate does not imply, naming the first (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), member, subjectMember, edit), { maxLength: 3 }),
        (edits) => {
          const c = credential();
          const subject = c['credentialSubject'] as Record<string, string>;
          for (const [inSubject, top, sub, change] of edits) {
            if (inSubject) subject[sub] = change(subject[sub]!);
            else c[top] = change(c[top] as string);
          }
          expect(checkCredentialShape(c)).toStrictEqual(expectedOutcome(c));
        },
      ),
      { numRuns: 1000 },
    );
    expect(
      checkCredentialShape({ ...credential(), id: 'urn:kpx:cert:RU-2026-000999' }),
    ).toStrictEqual({
      ok: false,
      message: `id is urn:kpx:cert:RU-2026-000999, the certificate implies urn:kpx:cert:${testCertificate.number}`,
    });
  });
});
