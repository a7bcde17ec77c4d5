import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`), or the one `CHROMIUM_PATH` names. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * Launches headless Chromium with playwright-core (which downloads no browser). Fails with a
 * message saying how to install it when it is missing: the browser tests never skip silently.
 */
export const launchChromium = async (): Promise<Browser> => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The dashboard's browser tests need Chromium at ${CHROMIUM}, and there is none. Install Debian's package (as root: apt-get update && apt-get install -y chromium; .ci/run does this), or set CHROMIUM_PATH to a Chromium binary.`,
    );
  }
  // Without the background-networking flags Chromium tries to reach Google's services, which a closed network refuses.
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
};
