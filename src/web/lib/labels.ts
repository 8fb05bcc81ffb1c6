import type { TFunction } from 'i18next';
import { isRegionType, isRole } from '../api/types';

export function roleLabel(role: string, t: TFunction): string {
  return isRole(role) ? t(`roles.${role}`) : role;
}

export function regionTypeLabel(type: string, t: TFunction): string {
  return isRegionType(type) ? t(`regionTypes.${type}.short`) : type;
}

export function regionTypeDescription(type: string, t: TFunction): string {
  return isRegionType(type) ? t(`regionTypes.${type}.long`) : type;
}
