import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback server that streams `{"items":[` and then padding, chunk by chunk, until the client hangs up. */
export async function serveEndlessBody(options: { contentLength?: number } = {}) {
  let sent = 0;
  let hungUp!: () => void;
  const clientGone = new Promise<void>((resolve) => (hungUp = resolve));
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', ...(options.contentLength ? { 'content-length': String(options.contentLength) } : {}) });
    res.write('{"items":[');
    const pump = () => {
      // 200 MB at most, so a client that never stops cannot keep the test running.
      while (!res.destroyed && sent < 200 * 1024 * 1024) {
        sent += chunk.length;
        if (!res.write(chunk)) return res.once('drain', pump);
      }
      return undefined;
    };
    res.on('close', () => hungUp());
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}/v1/analytics/commercial/usage/license`),
    baseUrl: `http://127.0.0.1:${port}`,
    sent: () => sent,
    clientGone,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
