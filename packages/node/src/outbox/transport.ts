/** One delivery attempt: POST these exact bytes to the partner. */
export type TransportRequest = {
  url: string;
  body: string;
  headers: Readonly<Record<string, string>>;
  timeoutMs: number;
  signal?: AbortSignal;
};

/** What came back; `body` is the text as received (a receipt JWS, or problem+json). */
export type TransportResponse = { status: number; contentType: string | undefined; body: string };

/**
 * The outbox's port to the network. The default is undici (`createUndiciTransport`); tests wire
 * nodes in-process with `createFetchTransport` over each node's `app.fetch`. A rejected promise
 * (connection refused, timeout) means "try again later".
 */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;
