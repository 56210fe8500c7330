import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api, setCsrfToken } from '../api/client.js';
import { ApiError } from '../api/problem.js';
import type { Health, Role, Session, SessionUser, TrustListView } from '../api/types.js';

async function fetchSession(): Promise<Session | null> {
  try {
    const session = await api<Session>('/api/v1/session', { quiet401: true });
    if (session.csrfToken !== undefined) setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
    throw error;
  }
}

export type SignInInput = { username: string; password: string; totp?: string };

/** The signed-in officer (or null), and sign-in/out. */
export function useSession() {
  const client = useQueryClient();
  const query = useQuery({
    queryKey: ['session'],
    queryFn: fetchSession,
    retry: false,
    staleTime: Infinity,
  });
  const signIn = useCallback(
    async (input: SignInInput): Promise<SessionUser> => {
      const session = await api<Session>('/api/v1/session', {
        method: 'POST',
        json: input,
        quiet401: true,
      });
      setCsrfToken(session.csrfToken);
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
      client.setQueryData(['session'], session);
      return session.user;
    },
    [client],
  );
  const signOut = useCallback(async () => {
    try {
      await api('/api/v1/session', { method: 'DELETE', quiet401: true });
    } finally {
      setCsrfToken(undefined);
      client.clear();
      client.setQueryData(['session'], null);
    }
  }, [client]);
  return {
    user: query.data?.user ?? null,
    loading: query.isPending,
    error: query.error,
    signIn,
    signOut,
  };
}

/** The authority this node serves (from `/healthz`). */
export function useNodeInfo() {
  return useQuery({
    queryKey: ['healthz'],
    queryFn: () => api<Health>('/healthz'),
    staleTime: Infinity,
    retry: 1,
  });
}

/** The node's trust list (public). */
export function useTrustList() {
  return useQuery({
    queryKey: ['trust-list'],
    queryFn: () => api<TrustListView>('/api/v1/trust-list'),
    staleTime: 5 * 60_000,
  });
}

/** What each role may do in the console (ARCHITECTURE.md roles; the API enforces the same). */
export const permissions = {
  issue: (role: Role) => role === 'issuer',
  amend: (role: Role) => role === 'issuer',
  cancel: (role: Role) => role === 'issuer',
  confirm: (role: Role) => role === 'importer',
  reject: (role: Role) => role === 'importer',
  recordPaper: (role: Role) => role === 'importer',
  statistics: (role: Role) => role === 'analyst' || role === 'auditor',
  manageUsers: (role: Role) => role === 'admin',
  /** Officers' pages (dashboard, certificates): every role but a company's trader. */
  officer: (role: Role) => role !== 'trader',
  apply: (role: Role) => role === 'trader',
  readApplications: (role: Role) =>
    role === 'trader' || role === 'issuer' || role === 'admin' || role === 'auditor',
  decideApplications: (role: Role) => role === 'issuer',
  manageCompanies: (role: Role) => role === 'admin',
} as const;
