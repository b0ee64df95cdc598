import { receiptCategoryEnum, roleEnum, timeCategoryEnum } from '../db/schema';
import { changeActions, dataTypes } from '../domain/data-type';
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
