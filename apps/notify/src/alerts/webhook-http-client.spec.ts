import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookHttpClient, WebhookTransportError } from './webhook-http-client';

/** A real local endpoint: what fetch does with timeouts and credentials is the point here. */
describe('WebhookHttpClient', () => {
  let server: Server;
  let base: string;
  const seen: { headers: IncomingMessage['headers']; url?: string; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen.push({ headers: request.headers, url: request.url, body });
        if (request.url?.startsWith('/slow')) return; // never answers
        response.writeHead(503, { 'retry-after': '4' }).end('busy');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('gives up after the timeout with a timed-out transport error', async () => {
    const started = Date.now();
    const attempt = new WebhookHttpClient().post(`${base}/slow`, '{}', {}, 200);
    await expect(attempt).rejects.toBeInstanceOf(WebhookTransportError);
    await expect(attempt).rejects.toMatchObject({ timedOut: true });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('reports status and Retry-After, and sends URL credentials as Basic authorization', async () => {
    const url = `${base.replace('http://', 'http://hook:s%3Acret@')}/in?x=1`;
    const response = await new WebhookHttpClient().post(url, '{"a":1}', { 'x-test': 'y' }, 2_000);
    expect(response).toEqual({ status: 503, retryAfter: '4' });
    const request = seen.at(-1);
    expect(request?.url).toBe('/in?x=1');
    expect(request?.body).toBe('{"a":1}');
    expect(request?.headers['x-test']).toBe('y');
    expect(request?.headers.authorization).toBe(
      `Basic ${Buffer.from('hook:s:cret').toString('base64')}`,
    );
  });

  it('reports a refused connection as a transport error that is not a timeout', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(
      new WebhookHttpClient().post(`http://127.0.0.1:${port}/`, '{}', {}, 2_000),
    ).rejects.toMatchObject({ name: 'WebhookTransportError', timedOut: false });
  });
});
