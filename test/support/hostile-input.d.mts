// Types of hostile-input.mjs (plain ESM so scripts/hostile.mjs runs it without a build).

export type Prng = {
  next(): number;
  int(n: number): number;
  pick<T>(list: readonly T[]): T;
  chance(p: number): boolean;
};
export function createPrng(seed: number): Prng;
export const injectionStrings: readonly string[];
export const unicodeTricks: readonly string[];

export type HostileRoute = {
  method: string;
  path: string;
  roles: string[];
  params: { name: string; in: string; required: boolean; strict: boolean }[];
  bodyTypes: string[];
  bodyRequired: boolean;
  sample: unknown;
  slots: { path: (string | number)[]; type: string; nullable: boolean; enum?: unknown[] }[];
};
export function routesOf(openApi: object): HostileRoute[];
export function routeName(route: HostileRoute): string;

export type HostileAuth = {
  tokens: Record<string, string>;
  session: { cookie: string; csrfToken: string };
};
export type HostileLimits = { apiBytes: number; exchangeBytes: number };
export type HostileRequest = {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  strict: boolean;
  kinds: string[];
  valid: boolean;
};
export function hostileRequest(
  route: HostileRoute,
  options: {
    seed: number;
    index: number;
    auth: HostileAuth;
    limits: HostileLimits;
    kids?: string[];
  },
): HostileRequest;
export type RawAnswer = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  error?: string;
};
export type RawRequest = {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** The local address to connect from, e.g. `127.0.0.2`. */
  localAddress?: string;
};
export function sendRaw(baseUrl: string, req: RawRequest, timeoutMs?: number): Promise<RawAnswer>;
export function judge(req: HostileRequest, res: RawAnswer): string | undefined;
export type HostileFailure = {
  route: string;
  seed: number;
  index: number;
  reason: string;
  request: { method: string; path: string; kinds: string[]; body?: string };
  answer: string;
};
export type HostileRouteReport = { route: string; sent: number; statuses: Record<string, number> };
export function runHostile(options: {
  baseUrl: string;
  routes: HostileRoute[];
  perRoute: number;
  seed: number;
  auth: HostileAuth;
  limits: HostileLimits;
  kids?: string[];
  concurrency?: number;
  onRoute?: (entry: HostileRouteReport) => void;
}): Promise<{ report: HostileRouteReport[]; failures: HostileFailure[] }>;
