import { isIP } from 'node:net';
import { Agent, request } from 'undici';
import { bareHost, guardedLookup, type TargetGuard } from './ssrf-guard.js';

/** Sends one webhook request; resolves to the HTTP status, rejects when it could not be sent. */
export type WebhookSender = ((req: {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
}) => Promise<number>) & {
  /** Closes the sender's kept-alive connections (node stop). */
  close?: () => Promise<void>;
};

/**
 * The production sender: undici over an agent whose sockets resolve names through the SSRF
 * guard (every address checked at connect time, so DNS rebinding after registration is caught)
 * and which checks IP literals itself (a literal never goes through `lookup`). undici's
 * `request` follows no redirects (a 3xx is a failure): a target cannot bounce the node into its
 * own network.
 */
export function createWebhookSender(guard: TargetGuard): WebhookSender {
  const agent = new Agent({ connect: { lookup: guardedLookup(guard) } });
  const send: WebhookSender = async ({ url, body, headers, timeoutMs, signal }) => {
    const host = bareHost(new URL(url));
    if (isIP(host) !== 0) {
      const why = guard(host);
      if (why !== undefined) throw new Error(`webhook target refused: ${why}`);
    }
    const response = await request(url, {
      method: 'POST',
      body,
      headers,
      dispatcher: agent,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      ...(signal === undefined ? {} : { signal }),
    });
    // The answer's body does not matter; read and drop it (bounded by the timeout).
    await response.body.dump();
    return response.statusCode;
  };
  return Object.assign(send, { close: () => agent.close() });
}
