import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testCertificate } from '../testing/fixtures.js';
import { envelopeSchema, plainlyEnvelope, toCredential } from './credential.js';

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
