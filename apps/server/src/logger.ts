/**
 * The server's logs: JSON lines from pino on stdout (errors on stderr), at the level LOG_LEVEL
 * names (trace, debug, info, warn, error, fatal or silent; default info).
 * `jsonLogger` adapts it to the Logger interface core and the plugins use.
 */
import type { Logger } from '@facelab/core';
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

export type { PinoLogger };

export interface LogOptions {
  /** Default: LOG_LEVEL, else info. */
  level?: string;
  /** Default: stdout. */
  destination?: DestinationStream;
}

export function createLogger(options: LogOptions = {}): PinoLogger {
  const wanted = (options.level ?? process.env.LOG_LEVEL ?? 'info').toLowerCase();
  const known = wanted === 'silent' || wanted in pino.levels.values;
  const log = pino(
    {
      level: known ? wanted : 'info',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Level names rather than numbers, so a reader of the raw log need not know pino's scale.
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? standardStreams(),
  );
  if (!known) log.warn({ LOG_LEVEL: wanted }, 'LOG_LEVEL is not a level; logging at info');
  return log;
}

/** Errors and worse on stderr (where a supervisor looks for why a process stopped), the rest on stdout. */
function standardStreams(): DestinationStream {
  return pino.multistream(
    [
      { level: 'trace', stream: pino.destination({ dest: 1, sync: true }) },
      { level: 'error', stream: pino.destination({ dest: 2, sync: true }) },
    ],
    { dedupe: true },
  );
}

/** Core's Logger on top of a pino logger. */
export function coreLogger(log: PinoLogger): Logger {
  return {
    info: (message, data) => log.info(data ?? {}, message),
    warn: (message, data) => log.warn(data ?? {}, message),
    error: (message, data) => log.error(data ?? {}, message),
  };
}

/** The process's logger: one JSON line per event on stdout. */
export const log: PinoLogger = createLogger();

/** The same, as core's Logger. */
export const jsonLogger: Logger = coreLogger(log);
