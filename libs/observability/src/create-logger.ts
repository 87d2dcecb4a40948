import pino, { type DestinationStream, type Logger } from 'pino';
import { correlationContext } from './correlation-context';

export type { Logger } from 'pino';

export interface LoggerOptions {
  readonly service: string;
  readonly level: string;
  readonly destination?: DestinationStream;
}

/** JSON logs; every line written inside a handled event carries its correlation id. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const scope = correlationContext.current();
        return scope ? { ...scope } : {};
      },
    },
    options.destination ?? pino.destination({ sync: false }),
  );
}
