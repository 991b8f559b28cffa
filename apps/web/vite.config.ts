import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development the viewer calls the API through this proxy, as nginx does in production:
// `/api/dinosaurs` reaches the API's `/dinosaurs`.
const api = {
  target: process.env['API_URL'] ?? 'http://127.0.0.1:8084',
  rewrite: (path: string) => path.replace(/^\/api/, ''),
};

export default defineConfig({
  root: import.meta.dirname,
  cacheDir: '../../node_modules/.vite/apps/web',
  plugins: [react()],
  resolve: { tsconfigPaths: true },
  server: { host: 'localhost', port: 4200, strictPort: true, proxy: { '/api': api } },
  preview: { host: 'localhost', port: 4300, strictPort: true, proxy: { '/api': api } },
  build: { outDir: '../../dist/apps/web', emptyOutDir: true, reportCompressedSize: true },
});
