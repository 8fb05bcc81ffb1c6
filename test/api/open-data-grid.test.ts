import { describe, expect, it } from 'vitest';
import { DesaGrid, noFigures, openDataRows, type DesaFigures } from '../../src/server/modules/open-data/open-data-rows.js';
import { CSV_COLUMNS } from '../../src/server/modules/open-data/open-data.service.js';
import { csvLine, toCsv } from '../../src/server/shared/csv.js';
import { addDaysToDate } from '../../src/server/shared/local-time.js';
import { seededRandom as rng } from '../seeded-random.js';

/*
 * The desa table is written from a DesaGrid (typed arrays, body written directly) since it had to answer a year of
 * every desa in under 100 ms (issue #17). It must give exactly what the row builder and JSON.stringify / toCsv gave:
 * compared here on a seeded city with every kind of count (0, suppressed 1–4, 5 and more), missing days, unknown
 * desa and days (ignored), repeated rows of one key (summed), and names that need escaping in JSON and CSV.
 */
describe('DesaGrid (the desa table of the open data)', () => {
  for (const seed of [1, 2, 3]) {
    it(`gives the row builder's JSON and CSV byte for byte (seeded city ${seed})`, () => {
      const rand = rng(seed);
      const names = ['Dauh Puri', 'Desa "Kelod", Timur', '=HYPERLINK("x")', 'Sanur\nKaja', '-Pemecutan', 'Ubung 😀'];
      const desa = Array.from({ length: 12 }, (_, i) => ({
        code: `51.71.0${1 + (i % 3)}.${1001 + ((i * 7) % 12)}`,
        name: names[i % names.length]!,
        kecamatan: { code: `51.71.0${1 + (i % 3)}`, name: 'Kec' },
        kota: { code: '51.71', name: 'Denpasar' },
      }));
      const days = Array.from({ length: 20 }, (_, i) => addDaysToDate('2026-02-20', i));
      const grid = new DesaGrid(days, desa);
      const figures = new Map<string, DesaFigures>();
      const at = (code: string, day: string) => {
        const key = `${code}|${day}`;
        let f = figures.get(key);
        if (!f) figures.set(key, (f = noFigures()));
        return f;
      };
      const count = () => [0, 1, 2, 4, 5, 6, 17, 1234][Math.floor(rand() * 8)]!;
      const colours = ['green', 'yellow', 'orange', 'red'];
      for (let k = 0; k < 600; k++) {
        const known = rand() < 0.9;
        const code = known ? desa[Math.floor(rand() * desa.length)]!.code : '51.71.09.9999';
        const day = rand() < 0.95 ? days[Math.floor(rand() * days.length)]! : '2027-01-01';
        const inTable = known && day !== '2027-01-01';
        const kind = Math.floor(rand() * 5);
        if (kind === 0) {
          const colour = colours[Math.floor(rand() * 4)]!;
          const n = count();
          grid.setZone(code, day, colour, n);
          if (inTable) Object.assign(at(code, day), { zoneColour: colour, activeCases: n });
        } else {
          const field = (['checkins', 'newCases', 'violations', 'venuesGreen', 'venuesYellow', 'venuesRed', 'venuesGrey'] as const)[Math.floor(rand() * 7)]!;
          const n = count();
          grid.add(field, code, day, n);
          if (inTable) at(code, day)[field] += n;
        }
      }
      const rows = openDataRows('desa', { days, desa, figures });
      expect(rows.length).toBe(days.length * desa.length);
      expect(grid.toJson()).toBe(JSON.stringify(rows));
      const header = toCsv(CSV_COLUMNS, []);
      expect(csvLine(CSV_COLUMNS)).toBe(header); // what the service writes before the lines
      expect(header + grid.toCsvLines()).toBe(toCsv(CSV_COLUMNS, rows.map((r) => CSV_COLUMNS.map((c) => r[c]))));
    });
  }

  it('an empty range or city gives an empty table', () => {
    expect(new DesaGrid([], []).toJson()).toBe('[]');
    expect(new DesaGrid(['2026-02-20'], []).toCsvLines()).toBe('');
  });
});
