import { ICON_RULES } from './icon-rules';
import {
  createImage,
  dashedLine,
  encodePng,
  fill,
  rectangle,
  roundedRectangle,
  without,
  type Colour,
} from './raster';

// The product in one picture: license usage per workload as bars, one of them low, under the
// threshold line and in amber, the way the usage card singles out low adoption.

/** The colour icon's background; the manifest's accentColor should be the same (#0F6CBD). */
const ACCENT: Colour = [15, 108, 189, 1];
const WHITE: Colour = [255, 255, 255, 1];
const THRESHOLD_LINE: Colour = [255, 255, 255, 0.7];
const LOW: Colour = [255, 185, 0, 1];
const TRANSPARENT_WHITE: Colour = [255, 255, 255, 0];

/** Bar heights in percent of the tallest possible bar; the third is the low one. */
const BARS = [62, 80, 20, 50] as const;
const LOW_BAR = 2;

/** 192×192: white bars on a blue rounded square, the low bar amber below a dashed threshold line. */
export function drawColorIcon(): Buffer {
  const size = ICON_RULES.color.size;
  const image = createImage(size, [0, 0, 0, 0]);
  fill(image, roundedRectangle(0, 0, size, size, 40), ACCENT);

  // The chart keeps to the middle, as Teams' icon guidance asks, so it survives Teams' own cropping.
  const baseline = 142;
  const tallest = 96;
  const barWidth = 18;
  const gap = 10;
  const left = (size - (BARS.length * barWidth + (BARS.length - 1) * gap)) / 2;
  fill(image, dashedLine(38, baseline - 0.3 * tallest - 2, 116, 3, 8, 5), THRESHOLD_LINE);
  BARS.forEach((percent, index) => {
    const height = (percent / 100) * tallest;
    // Rounded at the top only: the bottom corners hide behind the baseline.
    const bar = roundedRectangle(left + index * (barWidth + gap), baseline - height, barWidth, height + 4, 4);
    fill(image, bar, index === LOW_BAR ? LOW : WHITE);
  });
  fill(image, roundedRectangle(36, baseline, 120, 6, 3), WHITE);
  return encodePng(image);
}

/**
 * 32×32: the same chart in white on transparent, the low bar hollow since colour is not allowed.
 * Whole pixels only, so that every pixel is either white or fully transparent.
 */
export function drawOutlineIcon(): Buffer {
  const size = ICON_RULES.outline.size;
  const image = createImage(size, TRANSPARENT_WHITE);
  const baseline = 27;
  const tallest = 24;
  const barWidth = 5;
  const gap = 2;
  const left = (size - (BARS.length * barWidth + (BARS.length - 1) * gap)) / 2;
  BARS.forEach((percent, index) => {
    const height = Math.max(Math.round((percent / 100) * tallest), 3);
    const x = left + index * (barWidth + gap);
    const bar = rectangle(x, baseline - height, barWidth, height);
    const shape = index === LOW_BAR ? without(bar, rectangle(x + 1, baseline - height + 1, barWidth - 2, height - 1)) : bar;
    fill(image, shape, WHITE, { crisp: true });
  });
  fill(image, rectangle(2, baseline, size - 4, 2), WHITE, { crisp: true });
  return encodePng(image);
}
