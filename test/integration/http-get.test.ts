import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { createHttpGet, ResponseTooLargeError } from '../../src/partner-center/http-get';
import { serveEndlessBody } from '../helpers/endless-body-server';

/** A loopback server answering every GET with `answer`, counting the connections it was asked over. */
async function serve(answer: (headers: IncomingHttpHeaders) => { status?: number; headers?: Record<string, string>; body: Buffer }) {
  let connections = 0;
  const server: Server = createServer((req, res) => {
    const { status = 200, headers = {}, body } = answer(req.headers);
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}/v1/customers`),
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const BODY = JSON.stringify({ totalCount: 1, items: [{ companyProfile: { companyName: 'Contoso Één Ltd' } }] });

describe('GET for Partner Center', () => {
  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ])('asks for no compression, so a server that would send %s sends the plain body', async (encoding, compress) => {
    // Compressed only when asked for, as a real server does.
    const asked: IncomingHttpHeaders[] = [];
    const server = await serve((headers) => {
      asked.push(headers);
      return String(headers['accept-encoding']).includes(encoding)
        ? { headers: { 'content-encoding': encoding }, body: compress(Buffer.from(BODY)) }
        : { body: Buffer.from(BODY) };
    });
    try {
      const response = await createHttpGet()(server.url, { accept: 'application/json' }, new AbortController().signal);
      expect(response).toEqual({ status: 200, retryAfter: undefined, body: BODY });
      expect(asked[0]?.['accept-encoding']).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('hands over the body without the byte-order mark Partner Center often puts first', async () => {
    const server = await serve(() => ({ body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(BODY)]) }));
    try {
      await expect(createHttpGet()(server.url, {}, new AbortController().signal)).resolves.toMatchObject({ body: BODY });
    } finally {
      await server.close();
    }
  });

  it('decodes a character whose bytes arrive in two pieces, as one character', async () => {
    // The chunks are decoded as they come: a name's "É" split across two network writes must survive.
    const bytes = Buffer.from(BODY);
    const cut = bytes.indexOf(Buffer.from('É')) + 1;
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(bytes.subarray(0, cut));
      setImmediate(() => res.end(bytes.subarray(cut)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/customers`);
      await expect(createHttpGet()(url, {}, new AbortController().signal)).resolves.toMatchObject({ body: BODY });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('keeps the connection open between requests', async () => {
    const server = await serve(() => ({ status: 429, headers: { 'retry-after': '3' }, body: Buffer.from('{}') }));
    try {
      const get = createHttpGet();
      for (let i = 0; i < 10; i++) {
        await expect(get(server.url, {}, new AbortController().signal)).resolves.toMatchObject({ status: 429, retryAfter: '3' });
      }
      expect(server.connections()).toBe(1);
    } finally {
      await server.close();
    }
  });
});

describe('GET for Partner Center: the body size cap', () => {
  const MAX = 1024 * 1024;

  it('stops reading a body that grows past the cap, and hangs up', async () => {
    const server = await serveEndlessBody();
    try {
      const get = createHttpGet({ maxBodyBytes: MAX });
      await expect(get(server.url, {}, new AbortController().signal)).rejects.toBeInstanceOf(ResponseTooLargeError);
      await server.clientGone;
      // What was sent before the hang-up is the cap plus what the sockets had buffered, far from the 200 MB on offer.
      expect(server.sent()).toBeLessThan(MAX + 16 * 1024 * 1024);
    } finally {
      await server.close();
    }
  });

  it('refuses a body whose declared length is over the cap before reading it', async () => {
    const server = await serveEndlessBody({ contentLength: 100 * MAX });
    try {
      const get = createHttpGet({ maxBodyBytes: MAX });
      await expect(get(server.url, {}, new AbortController().signal)).rejects.toBeInstanceOf(ResponseTooLargeError);
      await server.clientGone;
      expect(server.sent()).toBeLessThan(MAX + 16 * 1024 * 1024);
    } finally {
      await server.close();
    }
  });

  it('reads a body up to the cap', async () => {
    const body = JSON.stringify({ items: ['x'.repeat(MAX - 100)] });
    const server = await serve(() => ({ body: Buffer.from(body) }));
    try {
      const response = await createHttpGet({ maxBodyBytes: MAX })(server.url, {}, new AbortController().signal);
      expect(response.body).toBe(body);
    } finally {
      await server.close();
    }
  });
});
