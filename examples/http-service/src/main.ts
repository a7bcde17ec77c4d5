/**
 * Runs the example service: `pnpm --filter @casefold/example-http-service start`.
 * CASEFOLD_DB (default casefold-http.db) and PORT (default 8080) configure it.
 */
import { startServer } from './server.js';

const server = await startServer({ fileName: process.env['CASEFOLD_DB'] ?? 'casefold-http.db', port: Number(process.env['PORT'] ?? 8080), hostname: '127.0.0.1' });
console.log(`casefold HTTP example listening on ${server.url}`);
const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
