import pino, { type Logger } from 'pino';
import type { Config } from './config';

/** JSON lines on stdout; one logger per process, children per request or connection. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  // Driver errors carry the failed query's parameters, which can include session token hashes.
  return pino({ level: config.logLevel, base: { service: 'staffsync' }, redact: ['err.parameters', 'err.args'] });
}
