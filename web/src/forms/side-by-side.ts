import type { ComparedField } from './ConflictDialog';

/** Lines up two versions described field by field ([label, text] pairs) for the conflict dialog. */
export function sideBySide<Values>(describe: (values: Values) => Array<[string, string]>, mine: Values, theirs: Values): ComparedField[] {
  const theirsByLabel = new Map(describe(theirs));
  return describe(mine).map(([label, text]) => ({ label, mine: text, theirs: theirsByLabel.get(label) ?? '' }));
}
