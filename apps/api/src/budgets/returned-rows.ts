/** The rows of an UPDATE … RETURNING: TypeORM's postgres driver answers [rows, affected] for it, plain rows for a SELECT. */
export function returnedRows<T>(result: unknown): T[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}
