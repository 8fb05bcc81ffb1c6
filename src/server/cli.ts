import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/kysely.js';
import { migrateToLatest } from './db/migrate.js';
import { importRegions, RegionImportError } from './modules/regions/index.js';
import { systemClock } from './shared/clock.js';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                          apply database migrations
  import-regions --regions FILE.csv [--boundaries FILE.geojson ...] [--adat FILE.csv]
                                   import or update a city's regions (format: data/README.md)
`;

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  const database = openDatabase(config.database);
  try {
    if (command === 'migrate') {
      const applied = await migrateToLatest(database.db);
      process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date.\n');
      return 0;
    }
    if (command === 'import-regions') {
      const { values } = parseArgs({
        args: rest,
        options: { regions: { type: 'string' }, boundaries: { type: 'string', multiple: true }, adat: { type: 'string' } },
      });
      if (!values.regions) {
        process.stderr.write('import-regions needs --regions FILE.csv\n' + USAGE);
        return 2;
      }
      await migrateToLatest(database.db);
      const result = await importRegions(database.db, { regionsCsv: values.regions, geojsonFiles: values.boundaries ?? [], adatCsv: values.adat }, systemClock.now());
      process.stdout.write(`Imported ${result.regions} regions (${result.boundaries} with boundaries, ${result.desaAdat} desa adat).\n`);
      return 0;
    }
    process.stderr.write(`Unknown command "${command}"\n` + USAGE);
    return 2;
  } finally {
    await database.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof RegionImportError) {
      console.error(err.message);
      process.exit(2);
    }
    console.error(err);
    process.exit(1);
  },
);
