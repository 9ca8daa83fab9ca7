import { accessSync, constants } from 'node:fs';

/** Where Debian's `apt-get install chromium` puts the browser (CI installs it there). */
const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Headless Chromium as root in a container: no sandbox (it needs user namespaces CI does not
 * grant), no GPU, and no background calls home (the previews need no network at all).
 */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];

export const CHROMIUM_INSTALL_HINT =
  'Install Debian\'s Chromium (`apt-get install -y chromium`, as .ci/run does) or set CHROMIUM_PATH to a Chromium or Chrome binary. ' +
  'Never `npx playwright install`: the previews use the system browser.';

/** The Chromium to drive: CHROMIUM_PATH when set, else Debian's; `found` says whether it can be run. */
export function locateChromium(env: { CHROMIUM_PATH?: string | undefined }): { path: string; found: boolean } {
  const path = env.CHROMIUM_PATH?.trim() || DEFAULT_CHROMIUM_PATH;
  try {
    accessSync(path, constants.X_OK);
    return { path, found: true };
  } catch {
    return { path, found: false };
  }
}
