// kafkajs 2.2.4 is patched at install (patches/kafkajs+2.2.4.patch, applied by ensure_node_modules):
// an idle broker connection re-armed a 1 ms timer forever (kafkajs #1556), which kept every
// service's event loop awake at about 4% of a core with nothing to do. This fails if an install
// left the patch out, or a kafkajs upgrade changed the code it patches.
const RequestQueue = require('kafkajs/src/network/requestQueue') as new (options: {
  maxInFlightRequests: number;
  requestTimeout: number;
  enforceRequestTimeout: boolean;
  clientId: string;
  broker: string;
  logger: unknown;
}) => { checkPendingRequests(): void; destroy(): void; maybeThrottle(ms: number): void };

const silent = { debug: () => undefined, warn: () => undefined, error: () => undefined };

describe('kafkajs request queue (patched)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const queue = () =>
    new RequestQueue({
      maxInFlightRequests: 1,
      requestTimeout: 30_000,
      enforceRequestTimeout: true,
      clientId: 'spec',
      broker: 'localhost:9092',
      logger: { ...silent, namespace: () => silent },
    });

  it('arms no timer when nothing is pending, even throttled', () => {
    const idle = queue();
    idle.checkPendingRequests();
    expect(jest.getTimerCount()).toBe(0);
    idle.maybeThrottle(500);
    idle.checkPendingRequests();
    expect(jest.getTimerCount()).toBe(0);
    idle.destroy();
  });
});
