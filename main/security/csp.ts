/**
 * The renderer's Content-Security-Policy, one directive per line so a review sees every source.
 * Everything comes from our own origin; no inline or evaluated script or style (so an injected
 * `<script>` or `onerror=` attribute in, say, a patient note cannot run), images may also be `data:`/`blob:`
 * (generated thumbnails, PDF previews), no plugins, no `<base>` rewriting, no framing by anyone and no form
 * posts anywhere. React's `style={...}` props are applied through the CSSOM and are not affected; a
 * `<style>` tag or `style="..."` attribute in index.html would be.
 */
export const RENDERER_CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'none'"],
} as const satisfies Record<string, readonly string[]>;

/**
 * The header value sent with every renderer document, by the `app://` protocol handler in Electron and
 * by the loopback bridge in browser mode (same policy in both, so browser-mode tests prove the real one).
 */
export const RENDERER_CSP: string = Object.entries(RENDERER_CSP_DIRECTIVES)
  .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
  .join('; ');
