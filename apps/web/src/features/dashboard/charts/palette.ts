/**
 * Series colours of every chart. Each has at least 3:1 contrast (WCAG 1.4.11, graphics)
 * against the card surface in both colour schemes (#ffffff and #161b2b), so no scheme
 * override is needed; palette.test.ts checks it. Colour is never the only cue: series past
 * the first also get a pattern (stripes, dots…), and every chart has labels, exact values
 * in tooltips and a table view.
 */

export const SURFACES = { light: '#ffffff', dark: '#161b2b' } as const;

export const SERIES_COLOURS = ['#6366f1', '#d9580d', '#0e8a7e', '#e0457b', '#b7791f', '#2f80d1', '#a855f7', '#1d9a50'] as const;

/** "Other", "No project" and other catch-alls: grey, so they don't read as one more series. */
export const OTHER_COLOUR = '#808a9e';

/** Highlight of the chart's point of interest (e.g. the most productive hours). */
export const HIGHLIGHT_COLOUR = SERIES_COLOURS[1];

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

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of a #rrggbb colour. */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((at) => channel(parseInt(hex.slice(at, at + 2), 16)));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two #rrggbb colours (1–21). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}
