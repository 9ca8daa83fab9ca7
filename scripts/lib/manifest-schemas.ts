import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';

type SchemaFile = 'MicrosoftTeams.schema.json' | 'MicrosoftTeams.Localization.schema.json';

// The library's own validateAgainstSchema types its arguments as its generated manifest types; a
// manifest read from disk is plain JSON until it has been validated.
type Validate = (document: unknown, schema: unknown) => Promise<string[]>;
const validateAgainstSchema = AppManifestUtils.validateAgainstSchema.bind(AppManifestUtils) as unknown as Validate;

/**
 * Checks a filled-in Teams app manifest against the schema of its `manifestVersion`.
 * Returns one line per problem; none when the manifest is valid.
 */
export async function validateManifest(manifest: unknown): Promise<string[]> {
  const version = manifestVersionOf(manifest);
  if (!version) return ['manifestVersion is missing'];
  return validateAgainstSchema(manifest, await bundledSchema(version, 'MicrosoftTeams.schema.json'));
}

/** Checks a localization file (e.g. nl.json) against the localization schema of the manifest's version. */
export async function validateLocalization(localization: unknown, manifestVersion: string): Promise<string[]> {
  return validateAgainstSchema(
    localization,
    await bundledSchema(manifestVersion, 'MicrosoftTeams.Localization.schema.json'),
  );
}

export function manifestVersionOf(manifest: unknown): string | undefined {
  const version = (manifest as { manifestVersion?: unknown } | null)?.manifestVersion;
  return typeof version === 'string' && version !== '' ? version : undefined;
}

/**
 * The schema as shipped inside @microsoft/app-manifest. Read from disk on purpose: given only a
 * `$schema` URL the library downloads schemas it does not ship, and packaging must work offline
 * and give the same answer everywhere.
 */
async function bundledSchema(version: string, file: SchemaFile): Promise<unknown> {
  const packageDir = dirname(require.resolve('@microsoft/app-manifest/package.json'));
  const path = join(packageDir, 'build', 'json-schemas', 'teams', `v${version}`, file);
  try {
    return withUnicodeSafePatterns(JSON.parse(await readFile(path, 'utf8')) as unknown);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`@microsoft/app-manifest does not ship ${file} for manifest version ${version}`);
    }
    throw error;
  }
}

/**
 * The library's validator compiles patterns in Unicode mode, where a lone `]` is a syntax error;
 * Microsoft's localization schemas have two such patterns (for activity types), so as shipped they
 * cannot be compiled at all. Escaping the lone `]` keeps each pattern's meaning and makes it compile.
 */
function withUnicodeSafePatterns(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withUnicodeSafePatterns);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => {
      if (key === 'pattern' && typeof value === 'string') return [key, unicodeSafePattern(value)];
      if (key === 'patternProperties' && value !== null && typeof value === 'object') {
        const properties = Object.entries(value).map(([pattern, property]) => [unicodeSafePattern(pattern), withUnicodeSafePatterns(property)]);
        return [key, Object.fromEntries(properties)];
      }
      return [key, withUnicodeSafePatterns(value)];
    }),
  );
}

function unicodeSafePattern(pattern: string): string {
  let escaped = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i] ?? '';
    if (char === '\\') {
      escaped += char + (pattern[i + 1] ?? '');
      i += 1;
    } else if (inClass) {
      inClass = char !== ']';
      escaped += char;
    } else {
      inClass = char === '[';
      escaped += char === ']' ? '\\]' : char;
    }
  }
  return escaped;
}
