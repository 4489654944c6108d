import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { RENDERER_CSP_DIRECTIVES } from './main/security/csp';

/**
 * The renderer's policy (defined once, in main/security/csp.ts) also travels inside the built page: Electron's
 * app:// protocol and the loopback bridge send it as a header, and the meta copy holds a page opened any other
 * way to it too. `frame-ancestors` only works as a header, so the meta copy leaves it out. Not in the dev
 * server, whose hot reload needs inline scripts.
 */
const CONTENT_SECURITY_POLICY = Object.entries(RENDERER_CSP_DIRECTIVES)
  .filter(([directive]) => directive !== 'frame-ancestors')
  .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
  .join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'medora-content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
    // One bundle loaded from the local disk (app:// or loopback): splitting would only add requests.
    chunkSizeWarningLimit: 1024,
  },
});
