// Static output only: the build is plain files for S3 + CloudFront (and the local server).
import { defineConfig } from 'astro/config';

// `npm run dev` proxies the API and the local-only routes to `cargo run` (IMMUNOGUIDE_API).
const api = process.env.IMMUNOGUIDE_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  output: 'static',
  site: process.env.SITE_URL,
  trailingSlash: 'ignore',
  build: {
    format: 'directory',
    // A strict CSP (style-src 'self'): no <style> blocks in pages.
    inlineStylesheets: 'never',
  },
  devToolbar: { enabled: false },
  vite: {
    // Astro inlines small scripts below this size; the CSP forbids inline script.
    build: { assetsInlineLimit: 0 },
    server: {
      proxy: {
        '/v1': api,
        '/local': api,
        '/site-config.json': api,
      },
    },
  },
});
