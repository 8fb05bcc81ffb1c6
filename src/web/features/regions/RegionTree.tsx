import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegionSummary } from '../../api/types';
import { RegionTypeBadge } from '../../components/RegionTypeBadge';
import { ancestorCodes, childrenOf, type RegionIndex } from './region-index';

interface RegionTreeProps {
  index: RegionIndex;
  selectedCode: string | null;
  onSelect: (code: string) => void;
}

/** Kota → kecamatan → desa/kelurahan → banjar, as nested disclosure lists. */
export function RegionTree({ index, selectedCode, onSelect }: RegionTreeProps) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  // Open by default: the city and its kecamatan, so all 43 desa/kelurahan are one tap away.
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(
    () => new Set(index.roots.flatMap((root) => [root.code, ...childrenOf(index, root.code).map((c) => c.code)])),
  );

  // A selection (here, on the map or in the details) opens the path to it and the node itself
  // (so a desa shows its banjar), and scrolls it into the panel.
  useEffect(() => {
    if (!selectedCode || !index.byCode.has(selectedCode)) return;
    const path = [...ancestorCodes(index, selectedCode), selectedCode];
    setExpanded((current) => (path.every((c) => current.has(c)) ? current : new Set([...current, ...path])));
  }, [selectedCode, index]);

  useEffect(() => {
    const box = container.current;
    if (!box || !selectedCode || box.scrollHeight <= box.clientHeight) return;
    const row = box.querySelector<HTMLElement>(`[data-code="${CSS.escape(selectedCode)}"] > .tree-row`);
    if (!row) return;
    const rowTop = row.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
    if (rowTop < box.scrollTop || rowTop + row.offsetHeight > box.scrollTop + box.clientHeight) {
      box.scrollTop = rowTop - box.clientHeight / 3;
    }
  }, [selectedCode, expanded]);

  const toggle = (code: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(code)) next.delete(code);
      else next.add(code);
      return next;
    });

  const renderNode = (region: RegionSummary) => {
    const children = childrenOf(index, region.code);
    const open = expanded.has(region.code);
    const selected = region.code === selectedCode;
    const groupId = `tree-group-${region.code}`;
    return (
      <li key={region.code} className="tree-item" data-code={region.code} data-type={region.type}>
        <div className={selected ? 'tree-row is-selected' : 'tree-row'}>
          {children.length > 0 ? (
            <button
              type="button"
              className="tree-toggle"
              aria-expanded={open}
              aria-controls={groupId}
              aria-label={t(open ? 'regions.collapse' : 'regions.expand', { name: region.name })}
              onClick={() => toggle(region.code)}
            >
              <span className={open ? 'chevron chevron--open' : 'chevron'} aria-hidden="true" />
            </button>
          ) : (
            <span className="tree-toggle tree-toggle--leaf" aria-hidden="true" />
          )}
          <button
            type="button"
            className="tree-label"
            aria-current={selected ? 'true' : undefined}
            data-testid={`region-node-${region.code}`}
            onClick={() => onSelect(region.code)}
          >
            {region.name}
          </button>
          <RegionTypeBadge type={region.type} />
          {children.length > 0 && (
            <span className="tree-count" title={t('regions.childCount', { count: children.length })}>
              {children.length}
            </span>
          )}
        </div>
        {children.length > 0 && open && (
          <ul className="tree-group" id={groupId}>
            {children.map(renderNode)}
          </ul>
        )}
      </li>
    );
  };

  return (
    <div className="tree" ref={container} data-testid="region-tree">
      <ul className="tree-root" aria-label={t('regions.tree')}>
        {index.roots.map(renderNode)}
      </ul>
    </div>
  );
}
