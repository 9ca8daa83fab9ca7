import { PNG } from 'pngjs';

/** Red, green, blue (0-255) and opacity (0-1). */
export type Colour = readonly [number, number, number, number];

/** Whether a point, in pixel units with (0, 0) the top-left corner of the image, lies in a shape. */
export type Shape = (x: number, y: number) => boolean;

// 4×4 samples per pixel: smooth enough edges for a 192-pixel icon, and cheap.
const SAMPLES = 4;

/** A square RGBA image, filled with `background`. */
export function createImage(size: number, background: Colour): PNG {
  const image = new PNG({ width: size, height: size });
  for (let pixel = 0; pixel < size * size; pixel += 1) setPixel(image, pixel, background);
  return image;
}

/**
 * Paints `shape` in `colour` over what is already there. Edges are anti-aliased unless `crisp`:
 * then a pixel is painted fully or not at all (the outline icon may hold no half-transparent grey).
 */
export function fill(image: PNG, shape: Shape, colour: Colour, options: { crisp?: boolean } = {}): void {
  for (let y = 0; y < image.height; y += 1) {
    for (let x = 0; x < image.width; x += 1) {
      const covered = coverage(shape, x, y);
      const amount = options.crisp ? (covered >= 0.5 ? 1 : 0) : covered;
      if (amount > 0) paintOver(image, y * image.width + x, colour, amount);
    }
  }
}

export function rectangle(left: number, top: number, width: number, height: number): Shape {
  return (x, y) => x >= left && x < left + width && y >= top && y < top + height;
}

export function roundedRectangle(left: number, top: number, width: number, height: number, radius: number): Shape {
  const inBox = rectangle(left, top, width, height);
  return (x, y) => {
    if (!inBox(x, y)) return false;
    // Distance from the nearest corner's circle centre, when the point is in a corner square.
    const dx = Math.max(left + radius - x, 0, x - (left + width - radius));
    const dy = Math.max(top + radius - y, 0, y - (top + height - radius));
    return dx * dx + dy * dy <= radius * radius;
  };
}

/** The part of `shape` outside `hole`. */
export function without(shape: Shape, hole: Shape): Shape {
  return (x, y) => shape(x, y) && !hole(x, y);
}

/** A horizontal dashed line: `dash` pixels on, `gap` pixels off, starting with a dash at `left`. */
export function dashedLine(left: number, top: number, width: number, thickness: number, dash: number, gap: number): Shape {
  const inLine = rectangle(left, top, width, thickness);
  return (x, y) => inLine(x, y) && (x - left) % (dash + gap) < dash;
}

export function encodePng(image: PNG): Buffer {
  return PNG.sync.write(image);
}

function coverage(shape: Shape, x: number, y: number): number {
  let inside = 0;
  for (let sy = 0; sy < SAMPLES; sy += 1) {
    for (let sx = 0; sx < SAMPLES; sx += 1) {
      if (shape(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES)) inside += 1;
    }
  }
  return inside / (SAMPLES * SAMPLES);
}

/** Porter-Duff "over": the new paint in front, what was there showing through where it is thin. */
function paintOver(image: PNG, pixel: number, colour: Colour, amount: number): void {
  const offset = pixel * 4;
  const sourceAlpha = colour[3] * amount;
  const targetAlpha = (image.data[offset + 3] ?? 0) / 255;
  const alpha = sourceAlpha + targetAlpha * (1 - sourceAlpha);
  const mix = (source: number, target: number): number =>
    (source * sourceAlpha + target * targetAlpha * (1 - sourceAlpha)) / alpha;
  const data = image.data;
  setPixel(image, pixel, [
    mix(colour[0], data[offset] ?? 0),
    mix(colour[1], data[offset + 1] ?? 0),
    mix(colour[2], data[offset + 2] ?? 0),
    alpha,
  ]);
}

function setPixel(image: PNG, pixel: number, colour: Colour): void {
  const offset = pixel * 4;
  image.data[offset] = Math.round(colour[0]);
  image.data[offset + 1] = Math.round(colour[1]);
  image.data[offset + 2] = Math.round(colour[2]);
  image.data[offset + 3] = Math.round(colour[3] * 255);
}
