import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import type { Variables } from './env-file';
import { iconProblems, type IconKind } from './icon-rules';
import { manifestVersionOf, validateLocalization, validateManifest } from './manifest-schemas';
import { pageProblems } from './page-check';
import { submissionProblems } from './submission-rules';
import { fillPlaceholders, jsonStringContent, missingVariables, MissingVariablesError, placeholderNames } from './placeholders';

const MANIFEST = 'manifest.json';

export interface AppPackageOptions {
  /** Folder with manifest.json and the files it names (icons, localization files). */
  sourceDir: string;
  /** Folder the zip is written to; created when missing. */
  outputDir: string;
  /** Name of the environment; the zip is called appPackage.<envName>.zip, as the toolkit calls it. */
  envName: string;
  /** Values for the `${{NAME}}` placeholders; a blank value counts as missing. */
  variables: Variables;
  /**
   * A running bot (e.g. http://127.0.0.1:3978 in local mode) to ask for the manifest's privacy and terms
   * pages; unset, the links are checked for their form only.
   */
  pagesFrom?: string;
}

export interface AppPackage {
  /** Where the zip was written. */
  zipPath: string;
  /** The files in the zip, all at its root. */
  entries: string[];
}

/** The package would not install: one line per problem, each starting with the file it is in. */
export class AppPackageInvalidError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The Teams app package is not valid:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'AppPackageInvalidError';
  }
}

/**
 * Builds the Teams app package: fills the `${{NAME}}` placeholders of manifest.json and its
 * localization files, checks the result against the manifest schemas (offline) and Teams' icon
 * rules, and zips everything flat, the layout Teams expects.
 * Throws MissingVariablesError naming every variable without a value, or AppPackageInvalidError.
 */
export async function buildAppPackage(options: AppPackageOptions): Promise<AppPackage> {
  const manifestTemplate = await readFile(join(options.sourceDir, MANIFEST), 'utf8');
  const referenced = referencedFiles(JSON.parse(manifestTemplate) as unknown);
  const unreadable = referenced.all.flatMap((file) => {
    if (!isPlainFileName(file)) return [`${MANIFEST}: ${file} must be a file name without folders (Teams reads the zip root)`];
    return existsSync(join(options.sourceDir, file)) ? [] : [`${MANIFEST}: names ${file}, which is not beside it`];
  });
  if (unreadable.length > 0) throw new AppPackageInvalidError(unreadable);

  const templates = new Map<string, string>([[MANIFEST, manifestTemplate]]);
  for (const file of referenced.localizations) {
    templates.set(file, await readFile(join(options.sourceDir, file), 'utf8'));
  }
  // Every missing variable in one message, whichever file it is in.
  const missing = missingVariables(
    [...new Set([...templates.values()].flatMap((text) => placeholderNames(text)))],
    options.variables,
  );
  if (missing.length > 0) throw new MissingVariablesError(missing);

  const filled = new Map<string, unknown>();
  for (const [file, text] of templates) {
    filled.set(file, JSON.parse(fillPlaceholders(text, options.variables, jsonStringContent)) as unknown);
  }
  const icons = new Map<string, Buffer>();
  for (const [, file] of referenced.icons) icons.set(file, await readFile(join(options.sourceDir, file)));

  const problems = await findProblems(filled, referenced.icons, icons);
  if (options.pagesFrom) problems.push(...(await pageProblems(filled.get(MANIFEST), options.pagesFrom)).map((problem) => `${MANIFEST}: ${problem}`));
  if (problems.length > 0) throw new AppPackageInvalidError(problems);

  const zip = new AdmZip();
  for (const [file, document] of filled) zip.addFile(file, Buffer.from(`${JSON.stringify(document, null, 2)}\n`));
  for (const [file, content] of icons) zip.addFile(file, content);
  await mkdir(options.outputDir, { recursive: true });
  const zipPath = join(options.outputDir, `appPackage.${options.envName}.zip`);
  await writeFile(zipPath, zip.toBuffer());
  return { zipPath, entries: zip.getEntries().map((entry) => entry.entryName) };
}

interface ReferencedFiles {
  icons: Array<[IconKind, string]>;
  localizations: string[];
  all: string[];
}

/** The files a manifest points to, which the package must carry beside it. */
function referencedFiles(manifest: unknown): ReferencedFiles {
  const { icons = {}, localizationInfo = {} } = manifest as {
    icons?: { color?: string; outline?: string };
    localizationInfo?: { defaultLanguageFile?: string; additionalLanguages?: Array<{ file?: string }> };
  };
  const iconFiles: Array<[IconKind, string]> = [];
  if (icons.color) iconFiles.push(['color', icons.color]);
  if (icons.outline) iconFiles.push(['outline', icons.outline]);
  const localizations = [
    localizationInfo.defaultLanguageFile,
    ...(localizationInfo.additionalLanguages ?? []).map((language) => language.file),
  ].filter((file): file is string => typeof file === 'string' && file !== '');
  return { icons: iconFiles, localizations, all: [...iconFiles.map(([, file]) => file), ...localizations] };
}

function isPlainFileName(file: string): boolean {
  return /^[^/\\]+$/.test(file) && file !== '.' && file !== '..';
}

async function findProblems(
  filled: ReadonlyMap<string, unknown>,
  iconFiles: ReadonlyArray<[IconKind, string]>,
  icons: ReadonlyMap<string, Buffer>,
): Promise<string[]> {
  const manifest = filled.get(MANIFEST);
  const problems = (await validateManifest(manifest)).map((problem) => `${MANIFEST}: ${problem}`);
  const version = manifestVersionOf(manifest);
  for (const [file, document] of filled) {
    if (file === MANIFEST || !version) continue;
    problems.push(...(await validateLocalization(document, version)).map((problem) => `${file}: ${problem}`));
  }
  const localizations = new Map([...filled].filter(([file]) => file !== MANIFEST));
  problems.push(...submissionProblems(manifest, localizations));
  for (const [kind, file] of iconFiles) {
    const content = icons.get(file);
    if (content) problems.push(...iconProblems(content, kind).map((problem) => `${file}: ${problem}`));
  }
  return problems;
}
