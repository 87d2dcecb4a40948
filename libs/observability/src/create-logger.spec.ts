import { Writable } from 'node:stream';
import { correlationContext } from './correlation-context';
import { createLogger } from './create-logger';

function capture(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('writes JSON carrying the correlation id of the event in scope, across awaits', async () => {
    const { lines, stream } = capture();
    const logger = createLogger({ service: 'detect', level: 'info', destination: stream });
    await correlationContext.run({ correlationId: 'corr-1', eventId: 'evt-1' }, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      logger.info('inside');
    });
    logger.info('outside');
    expect(lines[0]).toMatchObject({
      service: 'detect',
      level: 'info',
      msg: 'inside',
      correlationId: 'corr-1',
      eventId: 'evt-1',
    });
    expect(lines[1]).not.toHaveProperty('correlationId');
  });
});
