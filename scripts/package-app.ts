/**
 * `npm run package [-- --env <name>]`: builds appPackage/build/appPackage.<name>.zip, the Teams app
 * package to upload in Teams or the Teams admin center, without Microsoft 365 Agents Toolkit.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { AppPackageInvalidError, buildAppPackage } from './lib/app-package';
import { loadEnvironment, type Variables } from './lib/env-file';
import { startLocalBot, type LocalBot } from './lib/local-bot';
import { MissingVariablesError } from './lib/placeholders';
import { findProjectRoot } from './lib/project-root';

const DEFAULT_ENV = 'local';
const USAGE = `Usage: npm run package -- [--env <name>] [--check-pages <bot url>]   (default env: ${DEFAULT_ENV}; values come from env/.env.<name> and the environment; --check-pages asks a running bot, e.g. http://127.0.0.1:3978, or with "local" starts the built bot in local mode, for the privacy and terms pages)`;

export interface PackageAppContext {
  /** The folder with package.json, appPackage/ and env/. */
  projectRoot: string;
  /** The process environment; values in env/.env.<name> win over it. */
  processEnv: Variables;
  print(line: string): void;
  printError(line: string): void;
}

/** Runs the command with its arguments; returns the exit code (0 built, 1 refused, 2 wrong usage). */
export async function packageApp(args: readonly string[], context: PackageAppContext): Promise<number> {
  const parsed = parseArguments(args);
  const envName = parsed?.envName;
  if (!parsed || !envName) {
    context.printError(USAGE);
    return 2;
  }
  const { variables, envFile } = await loadEnvironment({ projectRoot: context.projectRoot, envName, processEnv: context.processEnv });
  const shown = (path: string): string => relative(context.projectRoot, path);
  let localBot: LocalBot | undefined;
  try {
    if (parsed.checkPages === 'local') {
      localBot = await startLocalBot(context.projectRoot);
      context.print(`Started the bot in local mode at ${localBot.url} to check the privacy and terms pages.`);
    }
    const pagesFrom = localBot?.url ?? parsed.checkPages;
    const built = await buildAppPackage({
      sourceDir: join(context.projectRoot, 'appPackage'),
      outputDir: join(context.projectRoot, 'appPackage', 'build'),
      envName,
      variables,
      ...(pagesFrom ? { pagesFrom } : {}),
    });
    context.print(`Built ${shown(built.zipPath)} for environment "${envName}" (${built.entries.join(', ')}).`);
    return 0;
  } catch (error) {
    if (error instanceof MissingVariablesError) {
      const them = error.names.length > 1 ? 'them' : 'it';
      const sample = `env/.env.${envName}.sample`;
      const envFileHint = envFile
        ? `Set ${them} in ${shown(envFile)} or in the environment.`
        : existsSync(join(context.projectRoot, sample))
          ? `Copy ${sample} to env/.env.${envName} and fill it in (provision does part of it), or set ${them} in the environment.`
          : `Set ${them} in env/.env.${envName} or in the environment.`;
      context.printError(`Cannot build the Teams app package for environment "${envName}": no value for ${error.names.join(', ')}. ${envFileHint}`);
      return 1;
    }
    if (error instanceof AppPackageInvalidError) {
      context.printError(`Cannot build the Teams app package for environment "${envName}". ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await localBot?.stop();
  }
}

/** The --env value and --check-pages URL, or undefined for arguments we do not understand or a name unfit for a file name. */
function parseArguments(args: readonly string[]): { envName: string; checkPages?: string } | undefined {
  try {
    const { values } = parseArgs({ args: [...args], options: { env: { type: 'string', short: 'e' }, 'check-pages': { type: 'string' } }, strict: true });
    const envName = values.env ?? DEFAULT_ENV;
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(envName)) return undefined;
    const checkPages = values['check-pages'];
    if (checkPages !== undefined && checkPages !== 'local' && !/^https?:\/\/[^/\s]+\/?$/.test(checkPages)) return undefined;
    return { envName, ...(checkPages ? { checkPages } : {}) };
  } catch {
    return undefined;
  }
}

if (require.main === module) {
  packageApp(process.argv.slice(2), {
    projectRoot: findProjectRoot(__dirname),
    processEnv: process.env,
    print: (line) => console.log(line),
    printError: (line) => console.error(line),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`npm run package failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
