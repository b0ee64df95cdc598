import { Notifications } from '@mantine/notifications';
import { usePhone } from './use-phone';

/**
 * Where toasts appear: never over a row's actions, which sit at the right of a table row and at the
 * bottom of a phone's card. On a wide screen they stack at the bottom left, over the navigation and
 * a list's first column; on a phone, at the top, over the header and the page title.
 */
export function Toasts() {
  const phone = usePhone();
  return <Notifications position={phone ? 'top-center' : 'bottom-left'} containerWidth={phone ? undefined : 340} limit={5} />;
}
