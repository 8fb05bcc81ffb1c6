import Type from 'typebox';
import { REGION_CODE_PATTERN } from '../regions/index.js';
import { PANEL_KINDS } from './panels.js';

export const RegionCode = Type.String({ minLength: 2, maxLength: 40, pattern: REGION_CODE_PATTERN });
export const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const DashboardQuery = Type.Object({
  region: Type.Optional(RegionCode),
  from: Type.Optional(LocalDate),
  to: Type.Optional(LocalDate),
});

const Region = Type.Object({ code: Type.String(), name: Type.String(), type: Type.String() });
const Cell = Type.Union([Type.String(), Type.Number(), Type.Null()]);

export const Panel = Type.Object({
  id: Type.String(),
  kind: Type.Enum([...PANEL_KINDS]),
  columns: Type.Array(Type.String()),
  rows: Type.Array(Type.Array(Cell)),
});

export const DashboardReply = Type.Object({
  region: Region,
  path: Type.Array(Region),
  children: Type.Array(Region),
  from: LocalDate,
  to: LocalDate,
  panels: Type.Array(Panel),
});

export const PanelParams = Type.Object({ id: Type.String({ pattern: '^[a-z0-9-]{1,40}$' }) });
export const EventsQuery = Type.Object({ region: Type.Optional(RegionCode) });
