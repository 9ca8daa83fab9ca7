/**
 * What the Teams admin center and the store validation refuse although Microsoft's JSON schema lets it
 * through (or checks only in the English manifest): text lengths in every language, domains Teams will
 * not accept as valid domains, and links that are not https. Each problem is one line naming the field.
 */

/**
 * Longest text, per field (characters), as the manifest schema of our version sets them for the English
 * manifest; the localization files must keep to the same, which their schema does not check.
 */
export const TEXT_LIMITS = {
  'name.short': 30,
  'name.full': 100,
  'description.short': 80,
  'description.full': 4000,
  botCommandTitle: 128,
  botCommandDescription: 4000,
  extensionCommandTitle: 32,
  extensionCommandDescription: 128,
  extensionParameterTitle: 32,
  extensionParameterDescription: 128,
} as const;

interface ManifestShape {
  name?: { short?: unknown; full?: unknown };
  description?: { short?: unknown; full?: unknown };
  developer?: { websiteUrl?: unknown; privacyUrl?: unknown; termsOfUseUrl?: unknown };
  bots?: Array<{ commandLists?: Array<{ commands?: Array<{ title?: unknown; description?: unknown }> }> }>;
  composeExtensions?: Array<{
    commands?: Array<{ title?: unknown; description?: unknown; parameters?: Array<{ title?: unknown; description?: unknown }> }>;
  }>;
  validDomains?: unknown;
}

/** The texts of a filled-in manifest with the localization keys that translate them, and their limits. */
function textFields(manifest: ManifestShape): Array<{ key: string; value: unknown; limit: number }> {
  const fields: Array<{ key: string; value: unknown; limit: number }> = [
    { key: 'name.short', value: manifest.name?.short, limit: TEXT_LIMITS['name.short'] },
    { key: 'name.full', value: manifest.name?.full, limit: TEXT_LIMITS['name.full'] },
    { key: 'description.short', value: manifest.description?.short, limit: TEXT_LIMITS['description.short'] },
    { key: 'description.full', value: manifest.description?.full, limit: TEXT_LIMITS['description.full'] },
  ];
  (manifest.bots ?? []).forEach((bot, b) =>
    (bot.commandLists ?? []).forEach((list, l) =>
      (list.commands ?? []).forEach((command, c) => {
        const key = `bots[${b}].commandLists[${l}].commands[${c}]`;
        fields.push({ key: `${key}.title`, value: command.title, limit: TEXT_LIMITS.botCommandTitle });
        fields.push({ key: `${key}.description`, value: command.description, limit: TEXT_LIMITS.botCommandDescription });
      }),
    ),
  );
  (manifest.composeExtensions ?? []).forEach((extension, e) =>
    (extension.commands ?? []).forEach((command, c) => {
      const key = `composeExtensions[${e}].commands[${c}]`;
      fields.push({ key: `${key}.title`, value: command.title, limit: TEXT_LIMITS.extensionCommandTitle });
      fields.push({ key: `${key}.description`, value: command.description, limit: TEXT_LIMITS.extensionCommandDescription });
      (command.parameters ?? []).forEach((parameter, p) => {
        fields.push({ key: `${key}.parameters[${p}].title`, value: parameter.title, limit: TEXT_LIMITS.extensionParameterTitle });
        fields.push({ key: `${key}.parameters[${p}].description`, value: parameter.description, limit: TEXT_LIMITS.extensionParameterDescription });
      });
    }),
  );
  return fields;
}

const length = (text: string): number => Array.from(text).length;

/**
 * Problems of the manifest itself and of each localization file (by file name), with the manifest's
 * English as the fallback a missing translation shows.
 */
export function submissionProblems(manifest: unknown, localizations: ReadonlyMap<string, unknown>): string[] {
  const shape = manifest as ManifestShape;
  const fields = textFields(shape);
  const problems: string[] = [];
  for (const { key, value, limit } of fields) {
    if (typeof value === 'string' && length(value) > limit) problems.push(`manifest.json: ${key} is ${length(value)} characters, at most ${limit}`);
  }
  for (const [file, document] of localizations) {
    const strings = (document ?? {}) as Record<string, unknown>;
    for (const { key, limit } of fields) {
      const value = strings[key];
      if (typeof value === 'string' && length(value) > limit) problems.push(`${file}: ${key} is ${length(value)} characters, at most ${limit}`);
    }
  }
  const short = shape.description?.short;
  if (typeof short === 'string' && short === shape.description?.full) problems.push('manifest.json: description.full must say more than description.short');
  problems.push(...linkProblems(shape), ...domainProblems(shape.validDomains));
  return problems;
}

function linkProblems(manifest: ManifestShape): string[] {
  const problems: string[] = [];
  for (const field of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl'] as const) {
    const value = manifest.developer?.[field];
    let url: URL | undefined;
    try {
      url = typeof value === 'string' ? new URL(value) : undefined;
    } catch {
      url = undefined;
    }
    if (!url || url.protocol !== 'https:') problems.push(`manifest.json: developer.${field} must be an https URL`);
  }
  return problems;
}

// A host name, optionally with one leading `*.` label and a port: what validDomains accepts.
const DOMAIN = /^(\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]?(?::\d{1,5})?$/i;

/**
 * validDomains are host names, not URLs: no scheme, path, query or spaces. A wildcard may stand for one
 * label of a domain the partner owns (`*.contoso.com`), never for a top-level domain (`*.com`, `*`).
 */
export function domainProblems(validDomains: unknown): string[] {
  if (validDomains === undefined) return [];
  if (!Array.isArray(validDomains)) return ['manifest.json: validDomains must be a list of domains'];
  const problems: string[] = [];
  validDomains.forEach((domain: unknown, index) => {
    const where = `manifest.json: validDomains[${index}]`;
    if (typeof domain !== 'string') return problems.push(`${where} must be a domain`);
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(domain) || /[/?#\s]/.test(domain)) {
      return problems.push(`${where} "${domain}" must be a host name, without https:// or a path`);
    }
    if (domain.includes('*') && !/^\*\.[^*]+\.[^*]+$/.test(domain)) {
      return problems.push(`${where} "${domain}": a wildcard may only replace the first label of a domain you own (*.contoso.com), not a top-level domain`);
    }
    if (!DOMAIN.test(domain)) return problems.push(`${where} "${domain}" is not a valid host name`);
    return undefined;
  });
  return problems;
}
