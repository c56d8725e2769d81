import { roundTo } from '../../../../shared/forms/expr';
import type { AnyField } from '../../../../shared/forms/field-schema';

/** How a calculated value is shown: `12.5%` for percent fields, the number and unit otherwise. */
export function formatCalculated(field: AnyField, value: unknown): string {
  if (field.type !== 'calculated' || typeof value !== 'number') return '—';
  if (field.format === 'percent') {
    return `${roundTo(value * 100, Math.max(0, (field.decimals ?? 4) - 2))}%`;
  }
  const shown = field.decimals === undefined ? value : roundTo(value, field.decimals);
  return `${shown}${field.unit ? ` ${field.unit}` : ''}`;
}

/** The text a control shows for an answer value (numbers as typed, anything else blank). */
export function controlText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** Attachment metadata as stored in answers. */
export interface FileRef {
  blobId: string;
  name: string;
  type: string;
  size: number;
}

/** The well-formed files of an attachment answer. */
export function filesOf(value: unknown): FileRef[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (f): f is FileRef =>
      typeof f === 'object' &&
      f !== null &&
      typeof f.blobId === 'string' &&
      typeof f.name === 'string' &&
      typeof f.type === 'string' &&
      typeof f.size === 'number',
  );
}

/** A file size for people: `830 KB`, `2.4 MB`. */
export function formatSize(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${roundTo(bytes / 1048576, 1)} MB`;
}
