/**
 * Series colours of every chart: the --chart-* tokens of styles.css. Each has at least 3:1
 * contrast (WCAG 1.4.11, graphics) against the card surface in both colour schemes, so no
 * scheme override is needed; palette.test.ts checks it. Colour is never the only cue: series
 * past the first also get a pattern (stripes, dots…), and every chart has labels, exact values
 * in tooltips and a table view.
 */

export const SERIES_COLOURS = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => `var(--chart-${n})`);

/** "Other", "No project" and other catch-alls: grey, so they don't read as one more series. */
export const OTHER_COLOUR = 'var(--chart-other)';

export const PATTERN_KINDS = ['solid', 'diagonal', 'dots', 'cross', 'horizontal', 'vertical', 'reverse-diagonal', 'grid'] as const;
export type PatternKind = (typeof PATTERN_KINDS)[number];

export interface SeriesStyle {
  colour: string;
  pattern: PatternKind;
}

/** The colour and pattern of the `index`-th series (wrapping after eight). */
export function seriesStyle(index: number, { other = false }: { other?: boolean } = {}): SeriesStyle {
  const colour = other ? OTHER_COLOUR : SERIES_COLOURS[index % SERIES_COLOURS.length];
  return { colour, pattern: PATTERN_KINDS[index % PATTERN_KINDS.length] };
}
