import { afterEach, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/server/db/kysely.js';
import { migrateTo, migrateToLatest } from '../../src/server/db/migrate.js';
import { ensureDefaultRegions } from '../../src/server/modules/regions/index.js';
import { createCheckinStore } from '../../src/server/modules/checkins/checkin-store.js';
import { openVisitPerson } from '../../src/server/modules/checkins/visit-person.js';
import { deriveKey, encryptText } from '../../src/server/shared/crypto.js';
import { systemClock } from '../../src/server/shared/clock.js';
import { describeEachDatabase } from '../databases.js';
import { createScratchDatabase } from '../postgres.js';

const key = deriveKey(Buffer.alloc(32, 5), 'visits:data');
const T0 = Date.parse('2026-11-29T02:00:00Z');

// Migration 08 seals name and phone together from now on; visits written before it keep their two ciphertexts.
describeEachDatabase('migration 08 (one sealed person per visit)', (dialect) => {
  let handle: DatabaseHandle | undefined;
  let drop: () => Promise<void> = async () => undefined;
  afterEach(async () => {
    await handle?.close();
    await drop();
  });

  it('keeps the visits written before it readable, and the check-in store writes the new column after it', async () => {
    if (dialect === 'sqlite') {
      handle = openDatabase({ dialect: 'sqlite', file: ':memory:' });
    } else {
      const scratch = await createScratchDatabase();
      drop = scratch.drop;
      handle = openDatabase({ dialect: 'postgres', url: scratch.url }, { poolSize: 2 });
    }
    const db = handle.db;
    await migrateTo(db, '2026-11-29-07-checkin-batch-set-based', Buffer.alloc(32, 5));
    await ensureDefaultRegions(db, systemClock);
    await db.insertInto('venues').values({
      id: 'venue-1', venue_number: 1, name: 'Warung Lama', sector: 'trade', venue_type: 'warung', region_code: '51.71.01.1001',
      address: 'Jl. Tukad Punggawa 1', lat: -8.73, lon: 115.23, capacity: 20, indoor: 1, status: 'verified', created_at: T0, updated_at: T0,
    } as never).execute();
    await db.insertInto('visits').values({
      id: 'visit-old', venue_id: 'venue-1', person_key: 'pk-old', name_enc: encryptText(key, 'Kadek Lama'), phone_enc: encryptText(key, '+6281300000009'),
      secret_hash: null, t_in: T0, t_out: null, out_kind: null, estimated: 0, source: 'qr', entered_by: null, region_code: '51.71.01.1001', created_at: T0,
    }).execute();

    await migrateToLatest(db, Buffer.alloc(32, 5));

    const old = await db.selectFrom('visits').select(['person_enc', 'name_enc', 'phone_enc', 't_out']).where('id', '=', 'visit-old').executeTakeFirstOrThrow();
    expect(old.person_enc).toBeNull();
    expect(openVisitPerson(key, old)).toEqual({ name: 'Kadek Lama', phone: '+6281300000009' });

    const store = createCheckinStore(handle, { dataKey: key, personKeyKey: key });
    const person = { name: 'Made Baru', phone: '+6281300000010' };
    const [outcome] = await store.applyBatch(
      [{ visitId: 'visit-new', venueId: 'venue-1', regionCode: '51.71.01.1001', person, checkoutSecret: 's', proof: null, source: 'qr', enteredBy: null, at: T0 + 1, localDay: '2026-11-29', localHour: 10, limit: 20, enforceLimit: true }],
      () => 'attempt-1',
    );
    expect(outcome).toMatchObject({ kind: 'created' });
    const fresh = await db.selectFrom('visits').select(['person_enc', 'name_enc', 'phone_enc']).where('id', '=', 'visit-new').executeTakeFirstOrThrow();
    expect(fresh).toMatchObject({ name_enc: null, phone_enc: null });
    expect(fresh.person_enc).toMatch(/^v1\./);
    expect(openVisitPerson(key, fresh)).toEqual({ name: 'Made Baru', phone: '+6281300000010' });
    // The indexes of migration 04 are on the rebuilt table too (and the offline check-ins' client key, 2026-12-04-05).
    if (dialect === 'sqlite') {
      const indexes = await db.selectFrom('sqlite_master' as never).select('name' as never).where('tbl_name' as never, '=', 'visits' as never).where('type' as never, '=', 'index' as never).execute();
      expect((indexes as { name: string }[]).map((i) => i.name).sort()).toEqual(['sqlite_autoindex_visits_1', 'visits_client_key_idx', 'visits_open_t_in_idx', 'visits_person_t_in_idx', 'visits_venue_t_in_idx']);
    }
  });
});
