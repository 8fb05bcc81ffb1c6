import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { api } from '../../api/client';
import type { PublicConfig } from '../../api/types';
import { DEFAULT_CITY, setTextVariables } from '../../i18n';
import { DEFAULT_TIME_ZONE } from '../../lib/format';

const FALLBACK: PublicConfig = {
  cityName: DEFAULT_CITY,
  timeZone: DEFAULT_TIME_ZONE,
  tileUrl: null,
  tileAttribution: null,
  publicUrl: '',
  publicUrlProblem: null,
};

interface PublicConfigValue {
  config: PublicConfig;
  /** False until /config/public has answered (or failed: the fallback then stays). */
  loaded: boolean;
}

const PublicConfigContext = createContext<PublicConfigValue>({ config: FALLBACK, loaded: false });

/** GET /config/public once per page load; usable before login. */
export function PublicConfigProvider({ children }: { children: ReactNode }) {
  const [value, setValue] = useState<PublicConfigValue>({ config: FALLBACK, loaded: false });
  useEffect(() => {
    const controller = new AbortController();
    api.publicConfig(controller.signal).then(
      (config) => {
        setTextVariables({ ...FALLBACK, ...config });
        setValue({ config: { ...FALLBACK, ...config }, loaded: true });
      },
      () => {
        if (!controller.signal.aborted) setValue({ config: FALLBACK, loaded: true });
      },
    );
    return () => controller.abort();
  }, []);
  return <PublicConfigContext.Provider value={value}>{children}</PublicConfigContext.Provider>;
}

export function usePublicConfig(): PublicConfigValue {
  return useContext(PublicConfigContext);
}
