import type { DataType } from '../domain/data-type';
import { builder } from './builder';
import { DataTypeEnum } from './enums';

export interface Deletion {
  id: string;
  type: DataType;
}

export const DeletedEntityRef = builder.objectRef<Deletion>('DeletedEntity').implement({
  description: 'What a delete removed; clients drop the entity with this id from their cache',
  fields: (t) => ({
    id: t.exposeID('id'),
    type: t.field({ type: DataTypeEnum, resolve: (deletion) => deletion.type }),
  }),
});
