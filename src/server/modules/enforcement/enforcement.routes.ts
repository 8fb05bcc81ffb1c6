import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { localized } from '../../shared/texts.js';
import {
  DepositBody,
  LedgerQuery,
  LedgerReply,
  PaymentBody,
  CheckBody,
  Checkpoint,
  CheckpointBody,
  CheckpointUpdateBody,
  CheckReply,
  OutstandingFine,
  OutstandingQuery,
  CorrectionBody,
  DailyQuery,
  DailyReply,
  RapidTestBody,
  RapidTestReply,
  Id,
  LadderVersion,
  Offence,
  PhotoQuery,
  ReasonBody,
  RecordedViolation,
  Sanction,
  SanctionBody,
  ViolationBody,
  ViolationDetail,
  ViolationListQuery,
  ViolationPage,
} from './enforcement.schemas.js';
import { enforcementProblems } from './enforcement.errors.js';
import type { EnforcementService } from './enforcement.service.js';
import { VIOLATION_PHOTO_MAX_BYTES, VIOLATION_PHOTO_TYPES } from './violation-photo.js';

export interface EnforcementRoutesOptions {
  enforcement: EnforcementService;
}

const IdParams = Type.Object({ id: Id });
const PhotoParams = Type.Object({ id: Id, photoId: Id });

export const enforcementRoutes: FastifyPluginAsync<EnforcementRoutesOptions> = async (app, opts) => {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { enforcement } = opts;
  const tags = ['enforcement'];

  // Violation photos arrive as the phone's camera file, the raw body (JSON would inflate it by a third).
  app.addContentTypeParser([...VIOLATION_PHOTO_TYPES], { parseAs: 'buffer', bodyLimit: VIOLATION_PHOTO_MAX_BYTES }, (_request, body, done) => done(null, body));

  r.get('/offences', {
    config: { access: 'authenticated' },
    schema: { operationId: 'listOffences', tags, summary: 'The offence catalogue with labels in both languages and the legal basis', response: { 200: Type.Array(Offence) } },
  }, () =>
    enforcement.offences().map((o) => {
      const label = localized(`enforcement.offence.${o.code}`);
      return { ...o, labelId: label.id, labelEn: label.en };
    }),
  );

  r.get('/sanction-ladders', {
    config: { access: 'enforcement:read' },
    schema: { operationId: 'listSanctionLadders', tags, summary: 'The versions of the sanction ladder, each with its legal basis and period', response: { 200: Type.Array(LadderVersion) } },
  }, (request) => enforcement.ladders(request.ctx));

  r.post('/violations', {
    config: { access: 'enforcement:record' },
    schema: {
      operationId: 'recordViolation',
      tags,
      summary: 'Record a violation by a person or a venue; answers the earlier offences and the sanction the ladder proposes',
      body: ViolationBody,
      response: { 201: RecordedViolation },
    },
  }, async (request, reply) => reply.status(201).send(await enforcement.record(request.ctx, request.body)));

  r.get('/violations', {
    config: { access: 'enforcement:read' },
    schema: { operationId: 'listViolations', tags, summary: 'Violations in the caller’s scope, newest first', querystring: ViolationListQuery, response: { 200: ViolationPage } },
  }, (request) => enforcement.list(request.ctx, request.query));

  r.get('/violations/:id', {
    config: { access: 'enforcement:read' },
    schema: { operationId: 'getViolation', tags, summary: 'A violation with the subject, earlier offences and sanctions (the read is audited)', params: IdParams, response: { 200: ViolationDetail } },
  }, (request) => enforcement.get(request.ctx, request.params.id));

  r.post('/violations/:id/photos', {
    config: { access: 'enforcement:record' },
    bodyLimit: VIOLATION_PHOTO_MAX_BYTES,
    // The body limit is met before the route: answer it as the photo's own problem, naming the field.
    errorHandler: (error: Error & { code?: string }) => {
      throw error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? enforcementProblems.photoTooLarge(VIOLATION_PHOTO_MAX_BYTES) : error;
    },
    schema: {
      operationId: 'addViolationPhoto',
      tags,
      summary: `Add a photo (the raw JPEG, PNG or WebP file as the body, at most ${VIOLATION_PHOTO_MAX_BYTES} bytes; at most 3 per violation). It is re-encoded without metadata (no EXIF, no location)`,
      params: IdParams,
      querystring: PhotoQuery,
      response: { 201: Type.Object({ id: Type.String() }) },
    },
  }, async (request, reply) => {
    if (!Buffer.isBuffer(request.body)) throw enforcementProblems.photoNotImage();
    return reply.status(201).send(await enforcement.addPhoto(request.ctx, request.params.id, request.body, request.query.clientKey));
  });

  r.get('/violations/:id/photos/:photoId', {
    config: { access: 'enforcement:read' },
    schema: { operationId: 'getViolationPhoto', tags, summary: 'A photo of a violation as JPEG (the read is audited)', params: PhotoParams },
  }, async (request, reply) => {
    const jpeg = await enforcement.photo(request.ctx, request.params.id, request.params.photoId);
    return reply.header('content-type', 'image/jpeg').header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff').send(jpeg);
  });

  r.post('/violations/:id/annul', {
    config: { access: 'enforcement:correct' },
    schema: { operationId: 'annulViolation', tags, summary: 'Annul a violation recorded in error, with its sanctions (task force; kept on record)', params: IdParams, body: ReasonBody, response: { 200: ViolationDetail } },
  }, (request) => enforcement.annul(request.ctx, request.params.id, request.body.reason));

  r.post('/violations/:id/sanctions', {
    config: { access: 'enforcement:record' },
    schema: {
      operationId: 'applySanction',
      tags,
      summary: 'Apply a sanction; one other than the proposed needs a reason. A suspension or closure stops the venue’s check-ins',
      params: IdParams,
      body: SanctionBody,
      response: { 201: Type.Object({ id: Type.String(), sanction: Sanction }) },
    },
  }, async (request, reply) => reply.status(201).send(await enforcement.apply(request.ctx, request.params.id, request.body)));

  r.post('/sanctions/:id/correct', {
    config: { access: 'enforcement:correct' },
    schema: { operationId: 'correctSanction', tags, summary: 'Replace a sanction by a corrected one, with a reason (task force); the old one is kept', params: IdParams, body: CorrectionBody, response: { 200: Sanction } },
  }, (request) => enforcement.correct(request.ctx, request.params.id, request.body));

  r.get('/sanctions/:id/letter.pdf', {
    config: { access: 'enforcement:read' },
    schema: {
      operationId: 'getSanctionLetterPdf',
      tags,
      summary: 'The letter of a written warning (teguran tertulis) or of a permit-revocation recommendation to DPMPTSP, as a PDF; other sanctions have none (404). Audited as a read of the violation',
      params: IdParams,
    },
  }, async (request, reply) => {
    const { filename, pdf } = await enforcement.sanctionLetterPdf(request.ctx, request.params.id);
    return reply.header('content-type', 'application/pdf').header('cache-control', 'private, no-store').header('content-disposition', `attachment; filename="${filename}"`).send(pdf);
  });

  r.post('/sanctions/:id/annul', {
    config: { access: 'enforcement:correct' },
    schema: { operationId: 'annulSanction', tags, summary: 'Annul a sanction with a reason (task force); it is kept on record', params: IdParams, body: ReasonBody, response: { 200: Sanction } },
  }, (request) => enforcement.annulSanction(request.ctx, request.params.id, request.body.reason));

  // ---- border posts ------------------------------------------------------------------------------------------

  const posts = ['checkpoints'];
  r.post('/checkpoints', {
    config: { access: 'checkpoints:manage' },
    schema: { operationId: 'createCheckpoint', tags: posts, summary: 'Set up a border post with its shifts (task force)', body: CheckpointBody, response: { 201: Type.Object({ id: Type.String() }) } },
  }, async (request, reply) => reply.status(201).send(await enforcement.createCheckpoint(request.ctx, request.body)));

  // Officers who check and the task force or administrators who manage the posts (the service holds either).
  r.get('/checkpoints', {
    config: { access: 'authenticated' },
    schema: { operationId: 'listCheckpoints', tags: posts, summary: 'Border posts in the caller’s scope', response: { 200: Type.Array(Checkpoint) } },
  }, (request) => enforcement.listCheckpoints(request.ctx));

  r.patch('/checkpoints/:id', {
    config: { access: 'checkpoints:manage' },
    schema: { operationId: 'updateCheckpoint', tags: posts, summary: 'Rename a border post or change its shifts (task force); checks already logged keep their shift', params: IdParams, body: CheckpointUpdateBody, response: { 200: Checkpoint } },
  }, (request) => enforcement.updateCheckpoint(request.ctx, request.params.id, request.body));

  r.post('/checkpoints/:id/checks', {
    config: { access: 'checkpoints:check' },
    schema: {
      operationId: 'recordCheckpointCheck',
      tags: posts,
      summary: 'Log a traveller’s check; answers the proposed result (passed, turned back, referred for a rapid test) and the NIK’s origin',
      params: IdParams,
      body: CheckBody,
      response: { 201: CheckReply },
    },
  }, async (request, reply) => reply.status(201).send(await enforcement.recordCheck(request.ctx, request.params.id, request.body)));

  r.post('/checkpoint-checks/:id/rapid-test', {
    config: { access: 'checkpoints:check' },
    schema: {
      operationId: 'recordRapidTest',
      tags: posts,
      summary: 'Record a rapid test of a checked traveller; a positive one opens a suspect case for the tracers of where they stay',
      params: IdParams,
      body: RapidTestBody,
      response: { 200: RapidTestReply },
    },
  }, (request) => enforcement.recordRapidTest(request.ctx, request.params.id, request.body));

  r.get('/checkpoints/:id/daily', {
    config: { access: 'authenticated' },
    schema: { operationId: 'checkpointDailyCounts', tags: posts, summary: 'A post’s checks of one day, per shift and result', params: IdParams, querystring: DailyQuery, response: { 200: DailyReply } },
  }, (request) => enforcement.dailyCounts(request.ctx, request.params.id, request.query.date));

  // ---- fines ------------------------------------------------------------------------------------------------

  const fines = ['fines'];
  r.post('/sanctions/:id/payment', {
    config: { access: 'enforcement:record' },
    schema: { operationId: 'payFine', tags: fines, summary: 'Record the later payment of a fine, with its receipt', params: IdParams, body: PaymentBody, response: { 200: Sanction } },
  }, (request) => enforcement.payFine(request.ctx, request.params.id, request.body));

  r.post('/fine-deposits', {
    config: { access: 'enforcement:record' },
    schema: { operationId: 'recordFineDeposit', tags: fines, summary: 'Record cash from fines deposited to the kas daerah by a team', body: DepositBody, response: { 201: Type.Object({ id: Type.String() }) } },
  }, async (request, reply) => reply.status(201).send(await enforcement.recordDeposit(request.ctx, request.body)));

  r.get('/fines/outstanding', {
    config: { access: 'enforcement:read' },
    schema: { operationId: 'listOutstandingFines', tags: fines, summary: 'Fines not paid yet in the caller’s scope, oldest first (the read is audited)', querystring: OutstandingQuery, response: { 200: Type.Array(OutstandingFine) } },
  }, (request) => enforcement.outstandingFines(request.ctx, request.query));

  r.get('/fines/ledger', {
    config: { access: 'enforcement:read' },
    schema: { operationId: 'getFinesLedger', tags: fines, summary: 'The fines of one day per team: issued, paid, outstanding, deposited, cash on hand', querystring: LedgerQuery, response: { 200: LedgerReply } },
  }, (request) => enforcement.ledger(request.ctx, request.query));

  r.get('/fines/cash-report.csv', {
    config: { access: 'enforcement:read' },
    schema: { operationId: 'getCashReportCsv', tags: fines, summary: 'The daily cash report as CSV (safe to open in a spreadsheet)', querystring: LedgerQuery },
  }, async (request, reply) => {
    const csv = (await enforcement.cashReport(request.ctx, request.query, 'csv')) as string;
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="kas-denda-${request.query.date}.csv"`)
      .send(`\uFEFF${csv}`);
  });

  r.get('/fines/cash-report.pdf', {
    config: { access: 'enforcement:read' },
    schema: { operationId: 'getCashReportPdf', tags: fines, summary: 'The daily cash report as a PDF to sign', querystring: LedgerQuery },
  }, async (request, reply) => {
    const pdf = await enforcement.cashReport(request.ctx, request.query, 'pdf');
    return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="kas-denda-${request.query.date}.pdf"`).send(pdf);
  });
};
