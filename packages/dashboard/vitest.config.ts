import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

// The browser tests generate a demo store, start `casefold serve` and Debian's Chromium: allow for a busy 2-core machine.
export default mergeConfig(shared, { test: { testTimeout: 120_000, hookTimeout: 240_000 } });
