import { DELETED_USER_EMAIL_DOMAIN } from '@stint/contracts';

/** The anonymised email of an erased account: unique per account, never deliverable. */
export const deletedEmailOf = (userId: string) => `deleted-${userId}@${DELETED_USER_EMAIL_DOMAIN}`;

/**
 * Whether an account was erased (right to be forgotten). Its row stays, anonymised, so past
 * costs keep an owner; to every action on the account itself it no longer exists.
 */
export const isErased = (user: { id: string; email: string }) => user.email === deletedEmailOf(user.id);
