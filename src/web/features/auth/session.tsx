import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, ApiError, isAbortError, request, setUnauthorizedListener } from '../../api/client';
import type { Me } from '../../api/types';
import { fieldSignedIn, fieldSignedOut } from '../enforcement-field/sync';
import i18n, { currentLanguage } from '../../i18n';

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; expired: boolean }
  | { status: 'authenticated'; me: Me }
  | { status: 'error'; error: unknown };

export interface Session {
  state: SessionState;
  /** Ask the server who we are (GET /session: 200 either way). */
  refresh: () => void;
  /** After a successful login. */
  signedIn: (me: Me) => void;
  logout: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  // The probe in flight: a sign-in that completes before it answers (the sign-up link signs in on arrival) must not be
  // overwritten by its older "signed out".
  const probe = useRef<AbortController | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    probe.current = controller;
    api.session(controller.signal).then(
      ({ me }) => {
        if (!me) return setState({ status: 'anonymous', expired: false });
        fieldSignedIn(me.id);
        setState({ status: 'authenticated', me });
      },
      (error: unknown) => {
        if (isAbortError(error)) return;
        if (error instanceof ApiError && error.status === 401) setState({ status: 'anonymous', expired: false });
        else setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
  }, [generation]);

  // Any other request answered 401: the session expired or was revoked.
  useEffect(() => {
    setUnauthorizedListener(() =>
      setState((s) => (s.status === 'authenticated' ? { status: 'anonymous', expired: true } : s)),
    );
    return () => setUnauthorizedListener(null);
  }, []);

  const refresh = useCallback(() => {
    setState({ status: 'loading' });
    setGeneration((g) => g + 1);
  }, []);
  const signedIn = useCallback((me: Me) => {
    probe.current?.abort();
    // Before the screens render: the field queue sends only this user's entries (a phone may be shared).
    fieldSignedIn(me.id);
    setState({ status: 'authenticated', me });
  }, []);
  const logout = useCallback(async () => {
    try {
      await api.logout();
    } catch {
      // Even if the server could not be reached, forget the session on this screen.
    }
    // The next officer on this phone neither sends nor sees this one's queue, answers or cached lists.
    await fieldSignedOut();
    setState({ status: 'anonymous', expired: false });
  }, []);

  // The server writes this account's notifications (in-app, e-mail) in the language the person reads the app in:
  // tell it on sign-in and at every switch. A failure only leaves the previous choice in place.
  const signedInAs = state.status === 'authenticated' ? state.me.id : null;
  useEffect(() => {
    if (signedInAs === null) return;
    const tell = (language: string) => {
      if (language === 'id' || language === 'en') request('/me/language', { method: 'PUT', body: { language } }).catch(() => undefined);
    };
    tell(currentLanguage());
    i18n.on('languageChanged', tell);
    return () => i18n.off('languageChanged', tell);
  }, [signedInAs]);

  const value = useMemo(() => ({ state, refresh, signedIn, logout }), [state, refresh, signedIn, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user; only for components rendered inside the authenticated shell. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'authenticated') throw new Error('useMe without an authenticated session');
  return state.me;
}

/** Permission check for showing or hiding UI. The server enforces the same permission (and region scope). */
export function usePermission(permission: string | undefined): boolean {
  const me = useMe();
  return permission === undefined || me.permissions.includes(permission);
}
