import type { RegionSummary } from '../../api/types';

/** The flat region list from GET /regions, indexed for the tree, selects and name look-ups. */
export interface RegionIndex {
  all: RegionSummary[];
  byCode: ReadonlyMap<string, RegionSummary>;
  /** Administrative children (kota → kecamatan → desa/kelurahan → banjar); desa adat are kept apart. */
  children: ReadonlyMap<string, RegionSummary[]>;
  /** Top of the administrative tree (normally just Kota Denpasar). */
  roots: RegionSummary[];
  desaAdat: RegionSummary[];
}

const EMPTY: RegionSummary[] = [];

function compareRegions(a: RegionSummary, b: RegionSummary): number {
  // Banjar codes are local and may be generated: order them by name. Everything else follows
  // the Kemendagri code order officials are used to.
  if (a.type === 'banjar' && b.type === 'banjar') return a.name.localeCompare(b.name, 'id');
  return a.code.localeCompare(b.code, 'en', { numeric: true });
}

export function buildRegionIndex(regions: RegionSummary[]): RegionIndex {
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const children = new Map<string, RegionSummary[]>();
  const roots: RegionSummary[] = [];
  const desaAdat: RegionSummary[] = [];
  for (const region of regions) {
    if (region.type === 'desa_adat') {
      desaAdat.push(region);
      continue;
    }
    if (region.parentCode && byCode.has(region.parentCode)) {
      const list = children.get(region.parentCode);
      if (list) list.push(region);
      else children.set(region.parentCode, [region]);
    } else {
      roots.push(region);
    }
  }
  for (const list of children.values()) list.sort(compareRegions);
  roots.sort(compareRegions);
  desaAdat.sort((a, b) => a.name.localeCompare(b.name, 'id'));
  return { all: regions, byCode, children, roots, desaAdat };
}

export function childrenOf(index: RegionIndex, code: string): RegionSummary[] {
  return index.children.get(code) ?? EMPTY;
}

/** Codes of the ancestors of `code`, nearest last (not including `code`). */
export function ancestorCodes(index: RegionIndex, code: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>([code]);
  let parent = index.byCode.get(code)?.parentCode ?? null;
  while (parent && index.byCode.has(parent) && !seen.has(parent)) {
    out.unshift(parent);
    seen.add(parent);
    parent = index.byCode.get(parent)?.parentCode ?? null;
  }
  return out;
}

/** Depth-first list of the administrative tree, for indented selects. */
export function treeOrder(index: RegionIndex): { region: RegionSummary; depth: number }[] {
  const out: { region: RegionSummary; depth: number }[] = [];
  const visit = (region: RegionSummary, depth: number) => {
    out.push({ region, depth });
    for (const child of childrenOf(index, region.code)) visit(child, depth + 1);
  };
  for (const root of index.roots) visit(root, 0);
  return out;
}

/** "Sanur (51.71.01.1006)" or the bare code when the region is unknown. */
export function regionName(index: RegionIndex | undefined, code: string): string {
  const region = index?.byCode.get(code);
  return region ? region.name : code;
}
