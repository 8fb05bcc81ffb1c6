/*
 * The synthetic city's front door (cli.ts: `npm run cli -- synth`). The module owns no table: it writes through the
 * venues, check-ins and tracing modules' bulk repositories and seals personal data with their sealers.
 */
export { runSynth, routineVisitsPerDay, denpasarDesa, seededRandom, DENPASAR_POPULATION, DENPASAR_VENUES, type SynthOptions, type SynthResult } from './synth.service.js';
