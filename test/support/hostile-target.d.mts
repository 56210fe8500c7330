// Types of hostile-target.mjs.
import type { KpxNode } from '@kpx/node';
import type { HostileAuth, HostileLimits } from './hostile-input.mjs';

export const allowedChanges: Readonly<{ tables: string[]; auditActions: string[] }>;
export function databaseDigest(
  node: KpxNode,
): Promise<{ digest: string; counts: Record<string, number> }>;
export function startHostileTarget(): Promise<{
  url: string;
  node: KpxNode;
  auth: HostileAuth;
  limits: HostileLimits;
  kids: string[];
  openApi: { paths: Record<string, Record<string, unknown>> };
  stop(): Promise<void>;
}>;
