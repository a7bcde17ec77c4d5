/**
 * TEST FIXTURE: runs the EventStoreDB protocol double ({@link startEventStoreDouble}) as a
 * process of its own, for tests of other packages and processes (the CLI's tests, the
 * benchmarks) that cannot import this test folder. Prints one JSON line on stdout,
 * `{"port":…,"connectionString":"esdb://localhost:…?tls=false"}`, once the double listens;
 * stops when its stdin closes (the parent ended) or on SIGTERM.
 *
 *     tsx packages/eventstoredb/test/double/serveDouble.ts [PORT]
 */
import { startEventStoreDouble } from './eventStoreDouble.js';

const double = await startEventStoreDouble({ port: Number(process.argv[2] ?? 0) });
const stop = async (): Promise<void> => {
  await double.stop();
  process.exit(0);
};
process.stdin.on('end', () => void stop()).resume();
process.on('SIGTERM', () => void stop());
process.stdout.write(`${JSON.stringify({ port: double.port, connectionString: double.connectionString })}\n`);
