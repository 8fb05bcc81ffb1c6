import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { BackupError, backupDatabase, defaultBackupFile, restoreDatabase } from './db/backup.js';
import { openDatabase } from './db/kysely.js';
import { migrateToLatest } from './db/migrate.js';
import { ensureDefaultRegions, importRegions, RegionImportError } from './modules/regions/index.js';
import { runSynth } from './modules/synth/index.js';
import { localDate } from './shared/local-time.js';
import { systemClock } from './shared/clock.js';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                          apply database migrations
  import-regions --regions FILE.csv [--boundaries FILE.geojson ...] [--adat FILE.csv]
                                   import or update a city's regions (format: data/README.md)
  backup [--to FILE]               a consistent copy of the database while the server runs (SQLite online backup,
                                   pg_dump on PostgreSQL); default var/backups/jagabaya-<time>.sqlite|.pgdump
  restore --from FILE [--force]    restore a backup into DATABASE_URL (a new SQLite file or an empty PostgreSQL
                                   database; --force replaces what is there: stop the server first)
  synth --seed N --visits N [--days 28] [--end YYYY-MM-DD] [--venues 20000] [--residents 673270] [--writers 2] [--bulk-load [--force]]
                                   a synthetic Denpasar in the configured database: venues, residents' visits over
                                   the days up to --end (default today), cases along them; same seed and end, same rows;
                                   above the ≈ 26.5 M visits the routine gives all residents in 28 days, each resident
                                   makes more outings a day (50 M: ≈ 3 visits a day each)
                                   (set VISIT_RETENTION_DAYS at least --days, or the daily purge removes the oldest)
                                   --bulk-load: for a scratch database with no visits yet: drops the visits' secondary
                                   indexes, writes, builds them again (also after a failure); same rows, 2.1x faster
                                   on PostgreSQL and 1.4x on SQLite at 2 M visits (docs/scaling.md §5); --force does it
                                   even if visits holds rows (no server may use the database meanwhile)
                                   --writers: visit batches written at once on PostgreSQL, each on its own
                                   connection (default 2; SQLite writes one at a time); same rows
`;

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  if (command === 'restore') {
    const { values } = parseArgs({ args: rest, options: { from: { type: 'string' }, force: { type: 'boolean', default: false } } });
    if (!values.from) {
      process.stderr.write('restore needs --from FILE\n' + USAGE);
      return 2;
    }
    // Restore before opening: the target must not be held open by this process.
    await restoreDatabase(config.database, values.from, { force: values.force });
    const restored = openDatabase(config.database);
    try {
      const applied = await migrateToLatest(restored.db, config.secretKey);
      process.stdout.write(`Restored ${values.from}${applied.length ? `; then applied ${applied.join(', ')}` : ''}.\n`);
      process.stdout.write('Start the server with the SECRET_KEY (or var/secret.key) of the backed-up instance: personal data is encrypted with it.\n');
    } finally {
      await restored.close();
    }
    return 0;
  }
  const database = openDatabase(config.database);
  try {
    if (command === 'backup') {
      const { values } = parseArgs({ args: rest, options: { to: { type: 'string' } } });
      const target = values.to ?? defaultBackupFile(config.database, config.varDir, new Date(systemClock.now()));
      const { file, bytes } = await backupDatabase(config.database, database, target);
      process.stdout.write(`Backup written: ${file} (${bytes} bytes).\n`);
      process.stdout.write('Keep SECRET_KEY (or var/secret.key) safe and apart from it: without the key the personal data in it cannot be read.\n');
      return 0;
    }
    if (command === 'migrate') {
      const applied = await migrateToLatest(database.db, config.secretKey);
      process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date.\n');
      return 0;
    }
    if (command === 'synth') {
      const { values } = parseArgs({
        args: rest,
        options: { seed: { type: 'string' }, visits: { type: 'string' }, days: { type: 'string', default: '28' }, end: { type: 'string' }, venues: { type: 'string' }, residents: { type: 'string' }, writers: { type: 'string' }, 'bulk-load': { type: 'boolean', default: false }, force: { type: 'boolean', default: false } },
      });
      const whole = (name: string, raw: string | undefined, min: number, max: number): number | undefined => {
        if (raw === undefined) return undefined;
        const n = Number(raw);
        if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`synth --${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
        return n;
      };
      const seed = whole('seed', values.seed, 0, 2 ** 32 - 1);
      const visits = whole('visits', values.visits, 1, 1_000_000_000);
      if (seed === undefined || visits === undefined) {
        process.stderr.write('synth needs --seed N and --visits N\n' + USAGE);
        return 2;
      }
      if (values.end !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.end)) throw new ConfigError(`synth --end must be a date YYYY-MM-DD, got "${values.end}"`);
      const endDate = values.end ?? localDate(systemClock.now(), config.timeZone);
      await migrateToLatest(database.db, config.secretKey);
      await ensureDefaultRegions(database.db, systemClock);
      const days = whole('days', values.days, 1, 366)!;
      if (values.force && !values['bulk-load']) throw new ConfigError('synth --force goes with --bulk-load only');
      process.stdout.write(`Synthetic city: seed ${seed}, ${visits} visits over ${days} days up to ${endDate} (${config.database.dialect})…\n`);
      let reported = 0;
      const result = await runSynth(database, {
        seed,
        visits,
        days,
        endDate,
        venues: whole('venues', values.venues, 1, 10_000_000),
        residents: whole('residents', values.residents, 1, 100_000_000),
        writers: whole('writers', values.writers, 1, 8),
        timeZone: config.timeZone,
        secretKey: config.secretKey,
        bulkLoad: values['bulk-load']
          ? {
              evenIfVisits: values.force,
              // Should the process be killed before it builds them again, these are the statements to run by hand.
              onDropped: (indexes) => process.stdout.write(`Bulk load: visits' secondary indexes dropped until the visits are written:\n${indexes.map((i) => `  ${i.definition};\n`).join('')}`),
            }
          : undefined,
        onProgress: ({ visits: done, seconds }) => {
          if (done - reported < 250_000) return;
          reported = done;
          process.stdout.write(`  ${done} visits, ${Math.round(done / seconds)}/s\n`);
        },
      });
      process.stdout.write(
        `Written: ${result.venues} venues (${result.seconds.venues.toFixed(1)} s), ${result.visits} visits of ${result.activeResidents} residents ` +
          `(of ${result.residents}) in ${result.seconds.visits.toFixed(1)} s = ${result.visitsPerSecond} visits/s` +
          `${values['bulk-load'] ? `, indexes built again in ${result.seconds.indexes.toFixed(1)} s` : ''}, ${result.cases} cases; roll-ups recounted in ${result.seconds.rollups.toFixed(1)} s${config.database.dialect === 'postgres' ? `, visits vacuumed and analysed in ${result.seconds.vacuum.toFixed(1)} s` : ''}; total ${result.seconds.total.toFixed(1)} s.\n`,
      );
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
      await migrateToLatest(database.db, config.secretKey);
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
    if (err instanceof ConfigError || err instanceof RegionImportError || err instanceof BackupError) {
      console.error(err.message);
      process.exit(2);
    }
    console.error(err);
    process.exit(1);
  },
);
