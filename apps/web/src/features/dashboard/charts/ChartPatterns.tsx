import { useId } from 'react';
import type { PatternKind, SeriesStyle } from '@/features/dashboard/charts/palette';

const SIZE = 8;

const MARKS: Record<Exclude<PatternKind, 'solid'>, { path?: string; dot?: boolean }> = {
  diagonal: { path: 'M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4' },
  'reverse-diagonal': { path: 'M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4' },
  cross: { path: 'M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4 M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4' },
  horizontal: { path: 'M0,4 h8' },
  vertical: { path: 'M4,0 v8' },
  grid: { path: 'M0,4 h8 M4,0 v8' },
  dots: { dot: true },
};

/** A usable SVG id from React's useId (which may hold characters url(#…) chokes on). */
export function useSvgId(): string {
  return `p${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
}

function patternId(prefix: string, index: number): string {
  return `${prefix}-${index}`;
}

/** What to put in `fill`: the plain colour for solid series, else the series' pattern. */
export function seriesFill(prefix: string, index: number, style: SeriesStyle): string {
  return style.pattern === 'solid' ? style.colour : `url(#${patternId(prefix, index)})`;
}

/**
 * The `<pattern>`s of a chart's series: the series colour with marks in the surface colour
 * (CSS `.chart-pattern-mark`), so series differ by more than hue. Index `i` pairs with
 * seriesFill(prefix, i, …).
 */
export function PatternDefs({ prefix, styles }: { prefix: string; styles: readonly SeriesStyle[] }) {
  return (
    <defs>
      {styles.map((style, index) => {
        if (style.pattern === 'solid') return null;
        const marks = MARKS[style.pattern];
        return (
          <pattern key={patternId(prefix, index)} id={patternId(prefix, index)} width={SIZE} height={SIZE} patternUnits="userSpaceOnUse">
            <rect width={SIZE} height={SIZE} fill={style.colour} />
            {marks.path && <path d={marks.path} className="chart-pattern-mark" strokeWidth={1.5} />}
            {marks.dot && <circle cx={4} cy={4} r={1.6} className="chart-pattern-mark chart-pattern-dot" />}
          </pattern>
        );
      })}
    </defs>
  );
}

/** A legend's sample of a series, drawn the way the chart draws it. */
export function Swatch({ style, line }: { style: SeriesStyle; line?: 'solid' | 'dashed' }) {
  const prefix = useSvgId();
  if (line) {
    return (
      <svg className="chart-swatch" width="22" height="14" viewBox="0 0 22 14" aria-hidden="true" focusable="false">
        <line x1="1" y1="7" x2="21" y2="7" stroke={style.colour} strokeWidth="3" strokeDasharray={line === 'dashed' ? '5 3' : undefined} />
      </svg>
    );
  }
  return (
    <svg className="chart-swatch" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">
      <PatternDefs prefix={prefix} styles={[style]} />
      <rect x="0.5" y="0.5" width="13" height="13" rx="2" fill={seriesFill(prefix, 0, style)} stroke={style.colour} />
    </svg>
  );
}
