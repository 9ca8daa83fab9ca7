import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Azurite's development account: the same name and key in every installation, published by Microsoft. */
export const AZURITE_ACCOUNT_NAME = 'devstoreaccount1';
export const AZURITE_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface RunningAzurite {
  /** For AZURE_STORAGE_CONNECTION_STRING. */
  connectionString: string;
  /** The loopback port Azurite's blob service listens on. */
  port: number;
  /** Stops Azurite and removes its data. */
  close(): Promise<void>;
}

/** How long Azurite may take to start on a busy machine before the test fails with its output. */
const START_TIMEOUT_MS = 20_000;

/**
 * The Blob Storage emulator in its own process, on a free loopback port, with its data in a fresh
 * temporary folder: every test file (and jest worker) gets its own.
 */
export async function startAzurite(): Promise<RunningAzurite> {
  const location = mkdtempSync(join(tmpdir(), 'azurite-'));
  const child = spawn(
    process.execPath,
    [
      require.resolve('azurite/dist/src/blob/main.js'),
      '--blobHost', '127.0.0.1',
      '--blobPort', '0',
      '--location', location,
      '--silent',
      // The SDK may speak a newer service version than this Azurite knows; the features used are old.
      '--skipApiVersionCheck',
      '--disableTelemetry',
    ],
    { cwd: location, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = once(child, 'exit');
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(location, { recursive: true, force: true });
  };

  let port: string;
  try {
    port = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Azurite did not start in time:\n${output}`)), START_TIMEOUT_MS);
      // Azurite prints this line once its server is listening, so the port answers from then on.
      const onOutput = () => {
        const listening = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
        if (!listening?.[1]) return;
        clearTimeout(timer);
        child.stdout.off('data', onOutput);
        resolve(listening[1]);
      };
      child.stdout.on('data', onOutput);
      void exited.then(([code]) => {
        clearTimeout(timer);
        reject(new Error(`Azurite exited with code ${String(code)} before listening:\n${output}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }

  return { connectionString: azuriteConnectionString(Number(port)), port: Number(port), close: stop };
}

/** The connection string of the development account behind a loopback port (Azurite's, or a proxy's to it). */
export function azuriteConnectionString(port: number, accountKey = AZURITE_ACCOUNT_KEY): string {
  const blobEndpoint = `http://127.0.0.1:${port}/${AZURITE_ACCOUNT_NAME}`;
  return `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT_NAME};AccountKey=${accountKey};BlobEndpoint=${blobEndpoint};`;
}
