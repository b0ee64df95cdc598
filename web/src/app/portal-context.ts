import { createContext, useContext } from 'react';
import type { PortalClient } from '../graphql/client';

export const PortalContext = createContext<PortalClient | null>(null);

/** The signed-in tab's client, connection state and own-write memory. */
export function usePortal(): PortalClient {
  const portal = useContext(PortalContext);
  if (!portal) throw new Error('usePortal() outside a signed-in portal');
  return portal;
}
