/**
 * Runs the example service: `pnpm --filter @casefold/example-http-service start`.
 * It serves two districts of Kunming, the tenants `xishan` and `guandu`, from one SQLite file.
 * CASEFOLD_DB (default casefold-http.db) and PORT (default 8080) configure it;
 * CASEFOLD_TOKEN_SECRET (at least 32 bytes, required), CASEFOLD_TOKEN_ISSUER and
 * CASEFOLD_TOKEN_AUDIENCE say how callers' tokens are verified.
 */
import { GUANDU_UNITS, XISHAN_UNITS } from './directory.js';
import { startServer } from './server.js';

const secret = process.env['CASEFOLD_TOKEN_SECRET'] ?? '';
if (Buffer.byteLength(secret) < 32) {
  console.error('Set CASEFOLD_TOKEN_SECRET to the HMAC secret (at least 32 bytes) your identity provider signs tokens with.');
  process.exit(2);
}
const server = await startServer({
  fileName: process.env['CASEFOLD_DB'] ?? 'casefold-http.db',
  tenants: [
    { tenantId: 'xishan', units: XISHAN_UNITS },
    { tenantId: 'guandu', units: GUANDU_UNITS },
  ],
  port: Number(process.env['PORT'] ?? 8080),
  hostname: '127.0.0.1',
  tokens: { secret: new TextEncoder().encode(secret), issuer: process.env['CASEFOLD_TOKEN_ISSUER'] ?? 'casefold-example', audience: process.env['CASEFOLD_TOKEN_AUDIENCE'] ?? 'casefold-http' },
});
console.log(`casefold HTTP example listening on ${server.url}`);
const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
