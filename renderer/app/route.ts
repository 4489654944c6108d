import { useSyncExternalStore } from 'react';
import { isSectionId, type SectionId } from '../../shared/navigation';

/**
 * Screens are addressed by the URL fragment (`#/facilities/<id>`): in-page, so Electron's navigation guard
 * never sees it, and the back button works. Nothing identifying a patient ever goes into it.
 */
export interface Route {
  readonly section: SectionId;
  readonly path: readonly string[];
}

export function parseRoute(hash: string): Route {
  const [first, ...rest] = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  return isSectionId(first) ? { section: first, path: rest } : { section: 'home', path: [] };
}

export function hrefFor(section: SectionId, ...path: string[]): string {
  return `#/${[section, ...path].map(encodeURIComponent).join('/')}`;
}

export function navigate(section: SectionId, ...path: string[]): void {
  location.hash = hrefFor(section, ...path);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => location.hash);
  return parseRoute(hash);
}
