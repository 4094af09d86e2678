import type { Logger } from '@facelab/core';

/** One JSON line per event on stderr. */
export const jsonLogger: Logger = {
  info: (message, data) => console.error(JSON.stringify({ level: 'info', message, ...data })),
  warn: (message, data) => console.error(JSON.stringify({ level: 'warn', message, ...data })),
  error: (message, data) => console.error(JSON.stringify({ level: 'error', message, ...data })),
};
