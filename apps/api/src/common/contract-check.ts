/**
 * Type-level check that a DTO has exactly its contract type's fields: `implements` alone
 * allows extra ones, so a field added to a DTO but not to the contract would go unnoticed.
 */
export type SameKeys<A, B> = [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never] ? true : false;
export type Assert<T extends true> = T;
