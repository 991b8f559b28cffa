import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// In development the viewer calls the API through this proxy, as nginx does in production:
// `/api/dinosaurs` reaches the API's `/dinosaurs`.
const api = {
  target: process.env['API_URL'] ?? 'http://127.0.0.1:8084',
  rewrite: (path: string) => path.replace(/^\/api/, ''),
};

/** Writes `<file>.gz` beside each text asset of the build, for nginx's `gzip_static`. */
function gzipAssets(): Plugin {
  return {
    name: 'gzip-assets',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (!/\.(js|css)$/.test(file.fileName)) continue;
        const source = file.type === 'chunk' ? file.code : file.source;
        this.emitFile({ type: 'asset', fileName: `${file.fileName}.gz`, source: gzipSync(source, { level: 9 }) });
      }
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  cacheDir: '../../node_modules/.vite/apps/web',
  plugins: [react(), gzipAssets()],
  resolve: { tsconfigPaths: true },
  server: { host: 'localhost', port: 4200, strictPort: true, proxy: { '/api': api } },
  preview: { host: 'localhost', port: 4300, strictPort: true, proxy: { '/api': api } },
  build: { outDir: 'dist', emptyOutDir: true },
});
