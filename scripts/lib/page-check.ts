/**
 * The admin center opens the manifest's privacy and terms links before an app can be approved; a link
 * that answers 404 gets the submission sent back. This asks the bot itself: the same paths, on a bot
 * that runs (locally, or the deployed one).
 */

const LINKS = ['privacyUrl', 'termsOfUseUrl'] as const;
const TIMEOUT_MS = 5_000;

export async function pageProblems(manifest: unknown, botUrl: string): Promise<string[]> {
  const developer = (manifest as { developer?: Record<string, unknown> } | null)?.developer ?? {};
  const problems: string[] = [];
  for (const field of LINKS) {
    const link = developer[field];
    if (typeof link !== 'string') continue;
    let path: string;
    try {
      const url = new URL(link);
      path = `${url.pathname}${url.search}`;
    } catch {
      continue; // submissionProblems names the malformed link
    }
    const target = new URL(path, botUrl).toString();
    try {
      const response = await fetch(target, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'manual' });
      const type = response.headers.get('content-type') ?? '';
      await response.arrayBuffer();
      if (response.status !== 200) problems.push(`developer.${field}: ${target} answered ${response.status}, not 200`);
      else if (!type.startsWith('text/html')) problems.push(`developer.${field}: ${target} answered ${type || 'no content type'}, not an HTML page`);
    } catch (error) {
      problems.push(`developer.${field}: ${target} did not answer (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return problems;
}
