/**
 * Region codes are hierarchical (Kemendagri style: 51.71 → 51.71.01 → 51.71.01.1001 → 51.71.01.1001.001), so a
 * region lies within another exactly when its code equals it or extends it by a dot. This keeps scope checks
 * free of database round trips and lets repositories filter by prefix.
 */
export function isWithinRegion(code: string, scopeCode: string): boolean {
  return code === scopeCode || code.startsWith(scopeCode + '.');
}

/** The code and all its ancestors' codes, nearest first: 51.71.01.1001 → [51.71.01.1001, 51.71.01, 51.71, 51]. */
export function regionAncestry(code: string): string[] {
  const parts = code.split('.');
  const out: string[] = [];
  for (let i = parts.length; i >= 1; i--) out.push(parts.slice(0, i).join('.'));
  return out;
}

export const REGION_CODE_PATTERN = '^[0-9A-Z]{1,4}(\\.[0-9A-Z]{1,6}){0,5}$';
