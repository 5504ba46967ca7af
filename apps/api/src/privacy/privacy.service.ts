import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AccountDeletionResponse } from '@stint/contracts';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditLogService } from '../audit/audit-log.service';
import { PasswordHasher } from '../auth/password-hasher';
import type { AuthUser } from '../common/auth/auth-user';
import { notFoundError } from '../common/errors/app-error';
import { TimeEntryRewrites } from '../time-tracking/entry-rewrites';
import { passwordHashOf } from '../users/accounts';
import { anonymiseAccount, isErased, lockAccountForErasure } from '../users/erased-account';
import { deleteCredentialsOfUser } from '../auth/sessions.service';
import { removeFromAllProjects } from '../projects/projects.service';
import { deleteUserRates } from '../rates/rates.service';
import { deletePersonalTasks } from '../tasks/tasks.service';
import { isLastActiveAdminViolation, lockActiveAdmins, otherActiveAdmins } from '../users/last-admin';
import { lastAdminError, selfDeletionByAdminRouteError, wrongConfirmationPasswordError } from './privacy.errors';

/**
 * The right to be forgotten (spec: Data Protection). Anonymise, don't remove, what others
 * rely on; remove what is only personal — all in one transaction:
 *
 * - running/paused timers are stopped first through time tracking's stopEntries, so
 *   their cost is booked on the project budgets exactly once, as any stop would;
 * - time entries on a project are kept with their cost (budget total_cost = sum of the
 *   project's stopped entries still holds, and other people's project reports don't move)
 *   but lose their description; their user row becomes "Deleted user";
 * - time entries without a project and personal tasks (no project) are removed: no budget
 *   counts them, so no total changes (other people's entries on such a task lose the task);
 * - rates, project memberships, sessions (with their refresh tokens) and idempotency
 *   answers are removed; the user row is kept only as the anonymous owner of the kept
 *   entries: email deleted-<id>@deleted.invalid, name "Deleted user", an unusable password,
 *   inactive, member, UTC.
 * - the audit trail is append-only and keeps its events (without names or emails: it
 *   shows the actor as the user row is now, "Deleted user").
 */
@Injectable()
export class PrivacyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly entries: TimeEntryRewrites,
    private readonly audit: AuditLogService,
  ) {}

  /** DELETE /users/me: confirmed with the caller's password. */
  async deleteMe(auth: AuthUser, password: string): Promise<AccountDeletionResponse> {
    await this.confirmPassword(auth.id, password);
    return this.erase(auth, auth.id, 'self');
  }

  /** DELETE /users/:id (admins): confirmed with the admin's own password; never the admin's own account. */
  async deleteUser(auth: AuthUser, userId: string, password: string): Promise<AccountDeletionResponse> {
    if (userId === auth.id) throw selfDeletionByAdminRouteError();
    await this.confirmPassword(auth.id, password);
    return this.erase(auth, userId, 'admin');
  }

  private async confirmPassword(userId: string, password: string): Promise<void> {
    const hash = await passwordHashOf(this.dataSource.manager, userId);
    if (!hash || !(await this.hasher.verify(password, hash))) throw wrongConfirmationPasswordError();
  }

  private async erase(auth: AuthUser, userId: string, initiatedBy: 'self' | 'admin'): Promise<AccountDeletionResponse> {
    // A bcrypt hash of a random secret nobody keeps: well-formed, so sign-in code treats it as any wrong password.
    const unusableHash = await this.hasher.hash(randomBytes(32).toString('base64url'));
    const result = await this.dataSource
      .transaction(async (tx) => {
        // The lock every change that can remove an active admin takes (erasure, demotion, deactivation),
        // so two admins deleting or demoting each other can't leave no admin; the trigger backs it up.
        await lockActiveAdmins(tx);
        const target = await lockAccountForErasure(tx, userId);
        if (!target || isErased(target)) throw notFoundError('User', userId);
        if (target.role === 'admin') {
          if ((await otherActiveAdmins(tx, userId)) === 0) throw lastAdminError();
        }

        const { timersStopped, entriesRemoved, entriesAnonymised } = await this.entries.eraseUserEntries(tx, userId);
        const tasksRemoved = await deletePersonalTasks(tx, userId);
        await deleteUserRates(tx, userId);
        await removeFromAllProjects(tx, userId);
        await deleteCredentialsOfUser(tx, userId);
        await anonymiseAccount(tx, userId, unusableHash);
        const outcome = { timers_stopped: timersStopped, entries_anonymised: entriesAnonymised, entries_removed: entriesRemoved, tasks_removed: tasksRemoved };
        // Counts only: the trail is append-only, so it must never hold the name or email being erased.
        await this.audit.record(
          { action: 'privacy.account_deleted', actorUserId: auth.id, subjectType: 'user', subjectId: userId, details: { initiated_by: initiatedBy, ...outcome } },
          tx,
        );
        return outcome;
      })
      .catch((error: unknown) => {
        // The database's last-admin trigger (see users/last-admin.ts) refused what got past the check.
        if (isLastActiveAdminViolation(error)) throw lastAdminError();
        throw error;
      });
    return { success: true, user_id: userId, ...result };
  }
}
