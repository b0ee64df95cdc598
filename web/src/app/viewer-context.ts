import { createContext, useContext } from 'react';

export interface Viewer {
  id: string;
  name: string;
  role: 'ADMIN' | 'SUPERVISOR' | 'EMPLOYEE';
}

export const ViewerContext = createContext<Viewer | null>(null);

/** The signed-in employee, as the server confirmed at start-up. */
export function useViewer(): Viewer {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error('useViewer() outside a signed-in portal');
  return viewer;
}
