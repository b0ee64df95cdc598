import { Drawer, Modal, Notification, createTheme } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';

const calendarLabels = {
  previousMonth: 'Previous month',
  nextMonth: 'Next month',
  previousYear: 'Previous year',
  nextYear: 'Next year',
  previousDecade: 'Previous decade',
  nextDecade: 'Next decade',
};

/**
 * Contrast to WCAG 2.2 AA is set in portal.css (Mantine's filled and light colors are darkened there);
 * every dialog's and toast's close button and every calendar control is named for screen readers.
 */
export const theme = createTheme({
  primaryColor: 'teal',
  defaultRadius: 'sm',
  components: {
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss' } } }),
    DatePickerInput: DatePickerInput.extend({ defaultProps: { ariaLabels: calendarLabels } }),
  },
});
