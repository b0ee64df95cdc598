import pino, { type Logger } from 'pino';
import type { Config } from './config';
import { serializeError } from './observability/safe-error';

/** JSON lines on stdout; one logger per process, children per request or connection. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, base: { service: 'staffsync' }, serializers: { err: serializeError } });
}
