/** Sizes shared by the dashboard's charts; colours come from palette.ts and dashboard.css. */
export const CHART_HEIGHT = 260;
export const CHART_MARGIN = { top: 8, right: 8, bottom: 0, left: 0 };
/** Axis labels take the text colour of the card (muted text, AA in both schemes). */
export const AXIS_TICK = { fill: 'currentColor', fontSize: 12 };
