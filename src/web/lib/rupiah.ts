/**
 * A rupiah amount as people type it: "100.000", "100000", "Rp 100.000", "Rp100.000,00", "100,000" → 100000. Rupiah have
 * no decimals, so a trailing ",00" is dropped; "." and "," are thousands separators only between groups of three
 * digits. Anything else ("100.5", "1,5 juta", "") is null: the caller says so instead of guessing an amount.
 */
export function parseRupiah(text: string): number | null {
  const compact = text.trim().replace(/^rp\.?/i, '').replace(/\s/g, '').replace(/,0{1,2}$/, '');
  if (!/^(\d+|\d{1,3}([.,]\d{3})+)$/.test(compact)) return null;
  const value = Number(compact.replace(/[.,]/g, ''));
  return Number.isSafeInteger(value) ? value : null;
}
