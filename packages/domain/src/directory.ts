import { seedAuthorities, type Authority } from './authority.js';
import { participants as seedParticipants, type Participant } from './participants.js';

/**
 * Look-ups the domain rules need: which Participants and authorities exist and which authority
 * receives a Participant's imports when a draft names none. Built from the seed lists or, in a
 * running network, from the registry's trust list.
 */
export type Directory = {
  participant(code: string): Participant | undefined;
  authority(id: string): Authority | undefined;
  defaultImportingAuthority(participant: string): Authority | undefined;
};

/** Default importing authorities where a Participant has several that may import. */
export const defaultImportingAuthorities: Readonly<Record<string, string>> = Object.freeze({
  EU: 'EU-BE-ANTWERP', // over 95 % of EU KP operations
  RU: 'RU-MINFIN',
});

/**
 * Builds a {@link Directory}. The default importing authority of a Participant is the one
 * named in `defaultImporting` (when it exists, belongs to the Participant and may import),
 * otherwise its first authority that may import.
 *
 * @example
 * ```ts
 * const dir = createDirectory(participants, seedAuthorities, { EU: 'EU-BE-ANTWERP' });
 * dir.defaultImportingAuthority('EU')?.id; // 'EU-BE-ANTWERP'
 * ```
 */
export function createDirectory(
  participants: readonly Participant[],
  authorities: readonly Authority[],
  defaultImporting: Readonly<Record<string, string>> = {},
): Directory {
  const byCode = new Map(participants.map((p) => [p.code, p]));
  const byId = new Map(authorities.map((a) => [a.id, a]));
  const importing = new Map<string, Authority>();
  for (const a of authorities) {
    if (a.mayImport && byCode.has(a.participant) && !importing.has(a.participant)) {
      importing.set(a.participant, a);
    }
  }
  for (const [participant, id] of Object.entries(defaultImporting)) {
    const a = byId.get(id);
    if (a && a.participant === participant && a.mayImport) importing.set(participant, a);
  }
  return Object.freeze({
    participant: (code: string) => (typeof code === 'string' ? byCode.get(code) : undefined),
    authority: (id: string) => (typeof id === 'string' ? byId.get(id) : undefined),
    defaultImportingAuthority: (participant: string) =>
      typeof participant === 'string' ? importing.get(participant) : undefined,
  });
}

/** The directory of the seed Participants and authorities (for tests, docs and the CLI). */
export const defaultDirectory: Directory = createDirectory(
  seedParticipants,
  seedAuthorities,
  defaultImportingAuthorities,
);
