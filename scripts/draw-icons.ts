/**
 * Redraws appPackage/color.png and appPackage/outline.png. The PNGs are committed; run this after
 * changing the drawing in lib/app-icons.ts:
 *   npx tsc -p scripts && node appPackage/build/scripts/draw-icons.js
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { drawColorIcon, drawOutlineIcon } from './lib/app-icons';
import { findProjectRoot } from './lib/project-root';

/** Writes both icons into `folder`; returns the paths written. */
export async function drawIcons(folder: string): Promise<string[]> {
  const icons: Array<[string, Buffer]> = [
    ['color.png', drawColorIcon()],
    ['outline.png', drawOutlineIcon()],
  ];
  const written: string[] = [];
  for (const [name, png] of icons) {
    const path = join(folder, name);
    await writeFile(path, png);
    written.push(path);
  }
  return written;
}

if (require.main === module) {
  drawIcons(join(findProjectRoot(__dirname), 'appPackage')).then(
    (paths) => paths.forEach((path) => console.log(`Drew ${path}`)),
    (error: unknown) => {
      console.error(`Could not draw the icons: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
