import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export type Variables = Readonly<Record<string, string | undefined>>;

const ASSIGNMENT = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;

/**
 * Reads the KEY=value lines of a dotenv file, the format of the Agents Toolkit's env/.env.<env>
 * files: comments, blank lines, `export`, quoted values and trailing ` # comments`.
 * Lines that are none of these are skipped, as dotenv does.
 */
function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = ASSIGNMENT.exec(line.trim());
    if (!match) continue;
    const [, name = '', rawValue = ''] = match;
    values[name] = unquote(rawValue);
  }
  return values;
}

function unquote(rawValue: string): string {
  const quoted = /^(["'`])(.*)\1\s*(?:#.*)?$/.exec(rawValue);
  if (quoted) {
    const [, quote, inner = ''] = quoted;
    return quote === '"' ? inner.replace(/\\n/g, '\n') : inner;
  }
  return rawValue.replace(/\s+#.*$/, '').trim();
}

export interface LoadedEnvironment {
  /** The process environment with the env file's values on top. */
  variables: Variables;
  /** Path of the env file that was read, or undefined when there is none. */
  envFile: string | undefined;
}

/**
 * The variables an Agents Toolkit environment sees: the process environment plus env/.env.<envName>.
 * A value in the file wins, as in the toolkit, except an empty one: the samples leave values empty
 * until provision fills them, and an empty line should not hide a value given on the command line.
 */
export async function loadEnvironment(options: {
  projectRoot: string;
  envName: string;
  processEnv: Variables;
}): Promise<LoadedEnvironment> {
  const envFile = join(options.projectRoot, 'env', `.env.${options.envName}`);
  let text: string;
  try {
    text = await readFile(envFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { variables: { ...options.processEnv }, envFile: undefined };
    }
    throw error;
  }
  const fromFile = Object.entries(parseEnvFile(text)).filter(([, value]) => value.trim() !== '');
  return { variables: { ...options.processEnv, ...Object.fromEntries(fromFile) }, envFile };
}
