import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `vite dev` talks to a running node: TIEMENG_NODE (default the demo's zj node on :4001).
const node = process.env.TIEMENG_NODE ?? 'http://127.0.0.1:4001';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The node's CSP allows no inline code: keep every asset a file, however small.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // The largest chunk is the dashboard's, loaded only when command staff open it: ECharts' bars
    // and canvas renderer (~530 kB, ~180 kB gzip). The initial chunk stays well below.
    chunkSizeWarningLimit: 600,
  },
  server: {
    // The node refuses cookie mutations from another origin: through the proxy they come from the node's own.
    proxy: {
      '/trpc': { target: node, changeOrigin: true, headers: { origin: node } },
      '/.well-known': { target: node, changeOrigin: true },
    },
  },
});
