import { Module } from '@nestjs/common';
import { PasswordHasher } from './password-hasher';
import { SessionsService } from './sessions.service';

/** Password hashing and sessions, shared by the auth and users modules without a cycle. */
@Module({ providers: [PasswordHasher, SessionsService], exports: [PasswordHasher, SessionsService] })
export class CredentialsModule {}
