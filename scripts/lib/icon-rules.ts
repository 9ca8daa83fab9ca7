import { PNG } from 'pngjs';

/** What Teams asks of the two icons in an app package. */
export const ICON_RULES = {
  color: { size: 192, whiteOnTransparent: false },
  outline: { size: 32, whiteOnTransparent: true },
} as const;

export type IconKind = keyof typeof ICON_RULES;

/**
 * The ways a PNG breaks Teams' rules for that kind of icon; none when it is fine. Teams rejects
 * a package whose icons have the wrong size, and draws an outline icon that is not white on
 * transparent as a smudge in its app bar.
 */
export function iconProblems(png: Buffer, kind: IconKind): string[] {
  const rules = ICON_RULES[kind];
  let image: PNG;
  try {
    image = PNG.sync.read(png);
  } catch {
    return ['is not a readable PNG'];
  }
  const problems: string[] = [];
  if (image.width !== rules.size || image.height !== rules.size) {
    problems.push(`is ${image.width}×${image.height}, must be ${rules.size}×${rules.size}`);
  }
  if (rules.whiteOnTransparent) {
    const offending = countNotWhiteNorTransparent(image.data);
    if (offending > 0) problems.push(`has ${offending} pixels that are neither white nor transparent`);
  }
  return problems;
}

/** Pixels with some opacity whose colour is not pure white (RGBA data, 4 bytes a pixel). */
function countNotWhiteNorTransparent(rgba: Buffer): number {
  let count = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    const visible = rgba[i + 3] !== 0;
    const white = rgba[i] === 255 && rgba[i + 1] === 255 && rgba[i + 2] === 255;
    if (visible && !white) count += 1;
  }
  return count;
}
