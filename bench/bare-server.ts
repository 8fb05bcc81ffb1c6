// The ceiling of this machine for the check-in benchmark: a bare Fastify POST route with a small JSON body,
// no database, no validation beyond JSON parsing, no logging.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/api/v1/checkins', async (request, reply) => reply.status(201).send({ ok: true, echo: (request.body as { name?: string }).name ?? null }));
const port = Number(process.env.PORT ?? 0);
await app.listen({ port, host: '127.0.0.1' });
process.stdout.write('Jaga Baya is running.\n');
