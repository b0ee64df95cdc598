import { entryStatusEnum, receiptCategoryEnum, roleEnum, timeCategoryEnum } from '../db/schema';
import { changeActions, dataTypes } from '../domain/data-type';
import { historyActions } from '../domain/history';
import { builder } from './builder';

export const DataTypeEnum = builder.enumType('DataType', {
  description: 'The kinds of data a client can list, change and subscribe to',
  values: dataTypes,
});

export const ChangeActionEnum = builder.enumType('ChangeAction', { values: changeActions });

export const RoleEnum = builder.enumType('Role', {
  description: 'EMPLOYEE sees their own entries, SUPERVISOR also those of the cost centers they supervise, ADMIN everything',
  values: roleEnum.enumValues,
});

export const ReceiptCategoryEnum = builder.enumType('ReceiptCategory', { values: receiptCategoryEnum.enumValues });

export const TimeCategoryEnum = builder.enumType('TimeCategory', { values: timeCategoryEnum.enumValues });

export const EntryStatusEnum = builder.enumType('EntryStatus', {
  description:
    'Where an entry or a week is in review: DRAFT -> SUBMITTED -> APPROVED (locked) or REJECTED (with a reason) -> REIMBURSED (locked; trips and receipts only). An admin reopens a locked one to DRAFT.',
  values: entryStatusEnum.enumValues,
});

export const HistoryActionEnum = builder.enumType('HistoryAction', {
  description: 'What was done: a write (CREATE, UPDATE, DELETE) or a review step',
  values: historyActions,
});
