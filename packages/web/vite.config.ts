import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console and the public verification page are one single-page app served by the node from
// the same origin (`/` and `/verify`). Strict CSP: no inline script or style is emitted, no eval
// and no WebAssembly (the QR decoder of the verification page is plain JavaScript).
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    manifest: true,
    sourcemap: false,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // React, the router and the query client in one long-cached chunk of their own.
        codeSplitting: {
          groups: [
            {
              name: 'vendor',
              test: /node_modules[\\/](react|react-dom|scheduler|wouter|@tanstack)[\\/]/,
            },
          ],
        },
      },
    },
  },
  server: {
    // `npm run dev -w @kpx/web` against a node on :8080 (kpx network up prints the URLs).
    proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' },
  },
});
