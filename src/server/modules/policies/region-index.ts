/**
 * The regions as the policies area reads them: every region with its ancestry and the desa/kelurahan whose zone applies
 * to it. Built once from the regions service and kept (regions change rarely; an unknown code triggers one reload).
 * One of the caches of the rules in force: `peek()` serves the allocation-free hot path of inForce().
 */
import { regionAncestry, type RegionsService, isVillage } from '../regions/index.js';
import type { RegionInfo } from './policies.shared.js';

export interface RegionIndex {
  /** The index if it is loaded, else null (no promise: the cached inForce() path). */
  peek: () => Map<string, RegionInfo> | null;
  all: () => Promise<Map<string, RegionInfo>>;
  /** One region; an unknown code reloads the index once (a subdivision may have been added). */
  get: (code: string) => Promise<RegionInfo | undefined>;
  /** Every desa/kelurahan, by code. */
  villages: () => Promise<RegionInfo[]>;
}

function buildRegionIndex(rows: { code: string; name: string; type: string; parentCode: string | null }[]): Map<string, RegionInfo> {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const index = new Map<string, RegionInfo>();
  for (const r of rows) {
    const ancestry = regionAncestry(r.code);
    const villageCode = ancestry.find((code) => isVillage(byCode.get(code)?.type ?? '')) ?? null;
    index.set(r.code, { ...r, ancestry, villageCode });
  }
  return index;
}

export function createRegionIndex(regions: Pick<RegionsService, 'list'>): RegionIndex {
  let regionIndex: Map<string, RegionInfo> | null = null;
  let regionLoad: Promise<Map<string, RegionInfo>> | null = null;

  function load(reload = false): Promise<Map<string, RegionInfo>> {
    if (regionIndex && !reload) return Promise.resolve(regionIndex);
    if (!regionLoad || reload) {
      regionLoad = regions.list({}).then((rows) => {
        regionIndex = buildRegionIndex(rows);
        return regionIndex;
      });
      regionLoad.catch(() => {
        regionLoad = null;
      });
    }
    return regionLoad;
  }

  return {
    peek: () => regionIndex,
    all: () => load(),
    async get(code) {
      const index = await load();
      return index.get(code) ?? (await load(true)).get(code);
    },
    async villages() {
      const index = await load();
      return [...index.values()].filter((r) => isVillage(r.type)).sort((a, b) => a.code.localeCompare(b.code));
    },
  };
}
