import Type from 'typebox';
import { CACHE_SECONDS, CSV_COLUMNS, MAX_RANGE_DAYS, OPEN_DATA_LICENCE } from './open-data.service.js';

const DAY = '^\\d{4}-\\d{2}-\\d{2}$';

/** A published count: a whole number (0, or 5 and more), "<5" (1–4, a desa), or "≥N" (a total over suppressed desa). */
const publishedCount = (what: string) =>
  Type.Union([Type.Integer({ minimum: 0 }), Type.Literal('<5'), Type.String({ pattern: '^≥[0-9]+$' })], {
    description: `${what}. A whole number when it is 0 or 5 and more; "<5" when a desa counts 1 to 4; "≥N" for a kecamatan or kota total that includes a suppressed desa (N = its lower bound)`,
  });

export const OpenDataRow = Type.Object(
  {
    date: Type.String({ pattern: DAY, description: 'Local date (WITA) the figures belong to' }),
    regionCode: Type.String({ description: 'Kemendagri region code of the desa/kelurahan, kecamatan or kota' }),
    regionName: Type.String(),
    zoneColour: Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('orange'), Type.Literal('red'), Type.Null()], {
      description: 'The zone that day (a total: the most severe of its desa); null before any zone was computed',
    }),
    activeCases: publishedCount('Active confirmed cases that day, from the zone computation'),
    newCases: publishedCount('Confirmed cases (not discarded) whose episode date (onset, else specimen, else registration) is that day, by residence'),
    checkins: publishedCount('Check-ins (QR, desk, paper, offline) at venues in the region that day'),
    violations: publishedCount('Health-protocol violations recorded there that day and not annulled'),
    venuesGreen: publishedCount('Venues listed publicly (verified or suspended) whose compliance band was green at the end of that day, from their score history'),
    venuesYellow: publishedCount('Venues whose compliance band was yellow at the end of that day'),
    venuesRed: publishedCount('Venues whose compliance band was red at the end of that day'),
    venuesGrey: publishedCount('Venues not scored yet (grey) at the end of that day'),
  },
  { $id: 'OpenDataRow', additionalProperties: false },
);

export const DailyQuery = Type.Object({
  from: Type.Optional(Type.String({ pattern: DAY, description: 'First local date (YYYY-MM-DD); default: `to`' })),
  to: Type.Optional(Type.String({ pattern: DAY, description: `Last local date (YYYY-MM-DD), at most ${MAX_RANGE_DAYS} days from \`from\`; default: yesterday` })),
  level: Type.Optional(Type.Union([Type.Literal('desa'), Type.Literal('kecamatan'), Type.Literal('kota')], { description: 'Rows per desa/kelurahan (default), kecamatan or kota' })),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { description: 'json (default) or csv (UTF-8 with BOM, spreadsheet-safe)' })),
});

/** The published schema (GET /open-data/schema): JSON Schema 2020-12 of the daily file, with its licence. */
export function openDataJsonSchema(publicUrl: string) {
  const { $id: _drop, ...row } = OpenDataRow as unknown as Record<string, unknown>;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${publicUrl}/api/v1/open-data/schema`,
    title: 'Jaga Baya open data: daily figures per region',
    description: `GET /api/v1/open-data/daily?from=YYYY-MM-DD&to=YYYY-MM-DD&level=desa|kecamatan|kota[&format=csv]. An array of rows, one per region and day. Counts from 1 to 4 are published as "<5"; a kecamatan or kota total that includes such a desa is published as "≥N" so it cannot give the desa away. CSV columns, in order: ${CSV_COLUMNS.join(', ')}. Answers are cached for ${CACHE_SECONDS} s (ETag, If-None-Match).`,
    license: OPEN_DATA_LICENCE,
    version: '1',
    type: 'array',
    items: row,
  };
}

export const JsonSchemaDocument = Type.Object({}, { additionalProperties: true, description: 'A JSON Schema (2020-12) document' });
