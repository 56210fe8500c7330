import { defaultDirectory } from '@kpx/domain';

/** The Participant an authority id belongs to: from the directory, else the id's prefix. */
export function participantOfAuthority(authority: string): string {
  return defaultDirectory.authority(authority)?.participant ?? authority.split('-')[0] ?? authority;
}
