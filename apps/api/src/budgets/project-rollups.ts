/*
 * The rollups of stopped entries per project (entities/project-rollups.entity.ts; the
 * triggers that keep them are in the ProjectRollups migration). A key may have several
 * rows while writers of it are in flight, so every read sums by key. The check that the
 * rollups equal the live entries reads the entries, so it lives with their owner:
 * time-tracking/entry-rollup-drift.ts.
 */

/** Recomputes every rollup from the entries (after a load that bypassed the triggers). */
export const REBUILD_PROJECT_ROLLUPS = 'SELECT project_rollups_rebuild()';
