import { ErrorCode } from '@stint/contracts';
import { AppError, conflictError } from '../common/errors/app-error';

/**
 * A wrong confirmation password: 403 (not 401) because the caller *is* signed in — a 401
 * would make clients refresh their session and retry — with a field message for the form.
 */
export const wrongConfirmationPasswordError = () =>
  new AppError(ErrorCode.AUTHORIZATION_ERROR, 'The password is wrong; nothing was deleted', { password: ['The password is wrong'] });

export const lastAdminError = () => conflictError('You are the only admin: make someone else an admin before deleting your account', { role: ['last_admin'] });

export const selfDeletionByAdminRouteError = () => conflictError('Delete your own account from your account page (DELETE /api/v1/users/me), not from the admin list');
