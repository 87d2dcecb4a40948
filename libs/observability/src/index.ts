export { correlationContext, type CorrelationScope } from './correlation-context';
export { createLogger, type Logger, type LoggerOptions } from './create-logger';
export { NestPinoLogger } from './nest-pino-logger';
export { ServiceMetrics, type HandlerOutcome } from './service-metrics';
