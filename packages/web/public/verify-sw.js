// The public verification page's service worker: it lets /verify open again without a network
// (a border post, a warehouse) once it has been opened online. The page itself fills the cache
// (src/lib/offline-page.ts): the page, and the scripts and styles it loaded. Here, only:
//   - opening /verify: from the network while there is one (a new release arrives at once),
//     else the cached page;
//   - /assets/…: Vite's content-hashed files, which never change under one name: from the
//     cache, else the network.
// Nothing else is touched: the API (status look-ups, the trust list) goes to the network as
// always, and the page keeps its own verified trust list (localStorage, root key pinned).
const cacheName = 'kpx-verify-v1';

self.addEventListener('install', () => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== cacheName) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && url.pathname === '/verify') {
    event.respondWith(
      fetch(request).catch(async () => {
        const cached = await caches.match('/verify', { cacheName });
        if (cached !== undefined) return cached;
        throw new TypeError('offline, and /verify was never kept');
      }),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(
      (async () => (await caches.match(request, { cacheName })) ?? fetch(request))(),
    );
  }
});
