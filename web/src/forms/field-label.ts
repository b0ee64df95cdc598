/** An input field in words: "date" → "Date", "costCenterId" → "Cost center", "amountCents" → "Amount". */
export function fieldLabel(field: string): string {
  const words = field.replace(/(Id|Cents)$/, '').replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
