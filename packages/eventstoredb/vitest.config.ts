import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

// Every call goes through gRPC to the protocol double in the same process: the conformance
// suite's 100,000-event stream takes about 50 s alone on a 2-core machine (appends, the read
// back of each batch's positions, 200 pages of reads), over the shared 60 s when the machine is busy.
export default mergeConfig(shared, { test: { testTimeout: 240_000 } });
