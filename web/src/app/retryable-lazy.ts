import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/** A lazily loaded page that can be loaded again: React.lazy keeps a failed import forever. */
export interface RetryableLazy {
  current(): LazyExoticComponent<ComponentType>;
  /** Forgets a failed load, so the next render imports the page again. */
  retry(): void;
}

export function retryableLazy(load: () => Promise<ComponentType>): RetryableLazy {
  const make = () => lazy(() => load().then((component) => ({ default: component })));
  let component = make();
  return {
    current: () => component,
    retry: () => {
      component = make();
    },
  };
}
