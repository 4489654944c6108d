import type { ReactNode } from 'react';
import { BrandMark } from '../shell/brand';

/** The centred panel of the screens before the app opens (sign in, choose your password): brand, title, subtitle, content. */
export function AuthPanel({ title, subtitle, children }: { title: string; subtitle: ReactNode; children: ReactNode }) {
  return (
    <div className="login">
      <main className="login__panel">
        <div className="login__brand">
          <BrandMark />
          <span className="login__product">Medora</span>
        </div>
        <h1 className="login__title">{title}</h1>
        <p className="login__clinic">{subtitle}</p>
        {children}
      </main>
    </div>
  );
}
