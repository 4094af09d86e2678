/**
 * What a drawn mask looks like: kind (pleated surgical, fitted cloth, folded
 * KN95), colours, pattern, where it sits on the nose and below the chin,
 * how the light falls. Drawn at random from a seeded generator.
 */
import type { Random } from './random.ts';

export type Rgb = [number, number, number];

export interface MaskStyle {
  kind: 'surgical' | 'cloth' | 'kn95';
  color: Rgb;
  pattern: 'plain' | 'stripes' | 'dots' | 'check';
  patternColor: Rgb;
  /** Pattern period as a fraction of the mask height. */
  patternScale: number;
  patternAngle: number;
  /** Top edge on the nose: 0 at the bridge between the eyes, 1 just above the nostrils. */
  top: number;
  /** How far the lower edge sits outside the jaw line, as a fraction of the face. */
  drop: number;
  /** How far the sides reach out past the cheeks. */
  width: number;
  pleats: number;
  /** Light direction (radians in the mask plane) and strength of the gradient. */
  lightAngle: number;
  light: number;
  /** Texture noise amplitude (0..255). */
  noise: number;
  loops: boolean;
}

const SURGICAL: Rgb[] = [[158, 203, 228], [140, 198, 214], [120, 180, 215], [236, 238, 240], [150, 205, 175], [226, 178, 192], [40, 42, 46], [170, 176, 184]];
const KN95: Rgb[] = [[238, 238, 236], [228, 226, 220], [30, 30, 32], [200, 205, 210]];

function randomColour(random: Random): Rgb {
  // Cloth masks: any hue, often dark or muted.
  const h = random.uniform(0, 6);
  const s = random.pick([0, 0.15, 0.35, 0.6, 0.85]);
  const v = random.pick([35, 70, 110, 160, 210, 245]);
  const f = h - Math.floor(h);
  const p = v * (1 - s);
  const q = v * (1 - s * f);
  const t = v * (1 - s * (1 - f));
  const table: Rgb[] = [[v, t, p], [q, v, p], [p, v, t], [p, q, v], [t, p, v], [v, p, q]];
  return table[Math.floor(h) % 6];
}

export function randomMaskStyle(random: Random): MaskStyle {
  const kind = random.pick(['surgical', 'surgical', 'cloth', 'cloth', 'kn95'] as const);
  const color = kind === 'surgical' ? random.pick(SURGICAL) : kind === 'kn95' ? random.pick(KN95) : randomColour(random);
  const jitter = (c: Rgb): Rgb => c.map((x) => Math.max(0, Math.min(255, x + random.uniform(-15, 15)))) as Rgb;
  return {
    kind,
    color: jitter(color),
    pattern: kind === 'cloth' && random.chance(0.45) ? random.pick(['stripes', 'dots', 'check'] as const) : 'plain',
    patternColor: randomColour(random),
    patternScale: random.uniform(0.08, 0.3),
    patternAngle: random.uniform(0, Math.PI),
    top: random.uniform(0, 0.75),
    drop: random.uniform(0.0, 0.12),
    width: random.uniform(0.0, 0.08),
    pleats: kind === 'surgical' ? random.pick([2, 3, 3, 4]) : 0,
    lightAngle: random.uniform(0, 2 * Math.PI),
    light: random.uniform(0, 0.35),
    noise: random.uniform(2, 12),
    loops: random.chance(0.6),
  };
}
