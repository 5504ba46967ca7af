import { describe, expect, it } from 'vitest';
import { contrastRatio, OTHER_COLOUR, PATTERN_KINDS, SERIES_COLOURS, seriesStyle, SURFACES } from '@/features/dashboard/charts/palette';

describe('chart palette', () => {
  it('has 3:1 contrast with the card surface in both colour schemes (WCAG 1.4.11)', () => {
    for (const colour of [...SERIES_COLOURS, OTHER_COLOUR]) {
      expect(contrastRatio(colour, SURFACES.light), `${colour} on light`).toBeGreaterThanOrEqual(3);
      expect(contrastRatio(colour, SURFACES.dark), `${colour} on dark`).toBeGreaterThanOrEqual(3);
    }
  });

  it('gives neighbouring series different patterns, not only different hues', () => {
    const patterns = SERIES_COLOURS.map((_, index) => seriesStyle(index).pattern);
    expect(new Set(patterns).size).toBe(PATTERN_KINDS.length);
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
  });
});
