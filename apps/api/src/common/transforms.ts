import { ValidateIf } from 'class-validator';

// Request transforms shared by every feature's DTOs.

type TransformInput = { value: unknown };

/** Trims strings; leaves anything else for the validators to refuse. */
export const trimmed = ({ value }: TransformInput) => (typeof value === 'string' ? value.trim() : value);

/** Optional free text: blank (or whitespace-only) is stored as null. */
export const blankToNull = ({ value }: TransformInput) => (typeof value === 'string' && value.trim() === '' ? null : value);

export const upperCased = ({ value }: TransformInput) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

/** `?flag=true|false` → boolean; anything else stays a string and fails @IsBoolean. */
export const booleanQuery = ({ value }: TransformInput) => (value === 'true' ? true : value === 'false' ? false : value);

/**
 * Optional, but not nullable: absent skips validation, null is validated (and refused).
 * @IsOptional() would let `"title": null` through to a NOT NULL column.
 */
export const PresentNotNull = () => ValidateIf((_object: object, value: unknown) => value !== undefined);
