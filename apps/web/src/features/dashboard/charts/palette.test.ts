import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OTHER_COLOUR, PATTERN_KINDS, SERIES_COLOURS, seriesStyle } from '@/features/dashboard/charts/palette';

const STYLES = readFileSync(resolve(__dirname, '../../../styles.css'), 'utf8');
const DARK = STYLES.slice(STYLES.indexOf('@media (prefers-color-scheme: dark)'));

/** A token's #rrggbb value in the light scheme, or in the dark one when it is overridden there. */
function token(name: string, scheme: 'light' | 'dark'): string {
  const declaration = new RegExp(`${name}:\\s*(#[0-9a-f]{6})`, 'i');
  const value = (scheme === 'dark' && declaration.exec(DARK)) || declaration.exec(STYLES);
  if (!value) throw new Error(`${name} isn't defined in styles.css`);
  return value[1];
}

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function relativeLuminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((at) => channel(parseInt(hex.slice(at, at + 2), 16)));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two #rrggbb colours (1–21). */
function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

const tokenName = (colour: string) => colour.replace(/^var\((--[a-z0-9-]+)\)$/, '$1');

describe('chart palette', () => {
  it('has 3:1 contrast with the card surface in both colour schemes (WCAG 1.4.11)', () => {
    for (const scheme of ['light', 'dark'] as const) {
      const surface = token('--color-surface', scheme);
      for (const colour of [...SERIES_COLOURS, OTHER_COLOUR]) {
        const value = token(tokenName(colour), scheme);
        expect(contrastRatio(value, surface), `${colour} (${value}) on ${scheme} ${surface}`).toBeGreaterThanOrEqual(3);
      }
    }
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
  });

  it('keeps budget level labels readable (AA) on their tint in both schemes', () => {
    for (const scheme of ['light', 'dark'] as const) {
      for (const level of ['planning', 'ok', 'warning', 'critical', 'exceeded']) {
        const text = token(`--color-budget-${level}-text`, scheme);
        const tint = token(`--color-budget-${level}-soft`, scheme);
        expect(contrastRatio(text, tint), `${level} in ${scheme}`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });

  it('gives neighbouring series different patterns, not only different hues', () => {
    const patterns = SERIES_COLOURS.map((_, index) => seriesStyle(index).pattern);
    expect(new Set(patterns).size).toBe(PATTERN_KINDS.length);
  });
});
