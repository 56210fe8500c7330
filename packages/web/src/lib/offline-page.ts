// Keeps the public verification page usable without a network (public/verify-sw.js): registers
// the service worker and stores the page and the files it loaded in the worker's cache.

/** The cache the service worker reads (public/verify-sw.js, `cacheName`). */
const cacheName = 'kpx-verify-v1';

/** What the page found: kept for offline use, or why not (no service workers, not allowed). */
export type OfflinePage = 'kept' | 'unsupported' | 'failed';

/** The same-origin build files this page has loaded so far (scripts, styles, lazy chunks). */
function loadedAssets(): string[] {
  const urls = new Set<string>();
  for (const entry of performance.getEntriesByType('resource')) {
    const url = new URL(entry.name);
    if (url.origin === location.origin && url.pathname.startsWith('/assets/'))
      urls.add(url.pathname);
  }
  for (const element of document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>(
    'script[src], link[rel="stylesheet"][href], link[rel="modulepreload"][href]',
  )) {
    const url = new URL(element instanceof HTMLScriptElement ? element.src : element.href);
    if (url.origin === location.origin && url.pathname.startsWith('/assets/'))
      urls.add(url.pathname);
  }
  return [...urls];
}

/**
 * Registers the service worker and caches `/verify` with the files it needs. Service workers
 * run only in a secure context (HTTPS, or loopback): elsewhere the page stays online-only.
 */
export async function keepPageOffline(
  /** Loads the lazy parts the page needs offline too (the QR photo decoder), to be kept. */
  preload: () => Promise<unknown>,
): Promise<OfflinePage> {
  if (!('serviceWorker' in navigator) || !('caches' in window)) return 'unsupported';
  try {
    await preload();
    await navigator.serviceWorker.register('/verify-sw.js', { scope: '/' });
    const cache = await caches.open(cacheName);
    const assets = loadedAssets();
    await cache.addAll(['/verify', ...assets]);
    // Files of an earlier release (other hashed names) are of no use any more.
    const current = new Set(assets);
    for (const request of await cache.keys()) {
      const path = new URL(request.url).pathname;
      if (path.startsWith('/assets/') && !current.has(path)) await cache.delete(request);
    }
    await navigator.serviceWorker.ready;
    return 'kept';
  } catch {
    return 'failed';
  }
}
