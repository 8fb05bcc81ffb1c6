import type { ReactNode } from 'react';
import { Brand } from './Brand';
import { LanguageSwitch } from './LanguageSwitch';

/**
 * The pages outside the staff shell that are one card (log-in, a venue manager's sign-up and its confirmation, the
 * resident's page, the kos owner's form): the language switch above a card headed by the product's name and motto.
 */
export function CardScreen({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div className="login-screen">
      <div className="login-top">
        <LanguageSwitch />
      </div>
      <main className="login-card" id="main" data-testid={testId}>
        <Brand heading />
        {children}
      </main>
    </div>
  );
}
