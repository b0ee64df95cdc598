import { useMediaQuery } from '@mantine/hooks';
import { Notifications } from '@mantine/notifications';

/**
 * Where toasts appear: never over a row's actions, which sit at the right of a table row and at the
 * bottom of a phone's card. On a wide screen they stack at the bottom left, over the navigation and
 * a list's first column; on a phone, at the top, over the header and the page title.
 */
export function Toasts() {
  const phone = useMediaQuery('(max-width: 36em)');
  return <Notifications position={phone ? 'top-center' : 'bottom-left'} containerWidth={phone ? undefined : 340} limit={5} />;
}
