import { describe, expect, it } from 'vitest';
import { RENDERER_CSP } from './csp';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe('RENDERER_CSP', () => {
  const policy = directives(RENDERER_CSP);

  it('never allows inline or evaluated code', () => {
    expect(RENDERER_CSP).not.toMatch(/unsafe-/i);
    expect(RENDERER_CSP).not.toMatch(/'wasm-unsafe-eval'|'strict-dynamic'|nonce-|sha256-/i);
  });

  it('allows no remote or wildcard source anywhere', () => {
    expect(RENDERER_CSP).not.toMatch(/\*|https?:|wss?:|file:|filesystem:/i);
  });

  it.each([
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'"]],
    ['connect-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['form-action', ["'none'"]],
  ])('%s is %j', (name, sources) => {
    expect(policy.get(name)).toEqual(sources);
  });

  it('is a single header line', () => {
    expect(RENDERER_CSP).not.toMatch(/[\r\n]/);
    expect(policy.size).toBe(10);
  });
});
