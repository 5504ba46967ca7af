import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { CredentialsModule } from './credentials.module';
import { JwtStrategy } from './jwt.strategy';
import { AccessTokenJwtModule } from './jwt-key';
import { CALLER_VERIFIER } from '../common/auth/caller-verifier';

@Module({
  imports: [CredentialsModule, AccessTokenJwtModule],
  controllers: [AuthController],
  providers: [AuthService, JwtStrategy, { provide: CALLER_VERIFIER, useExisting: JwtStrategy }],
  exports: [CALLER_VERIFIER],
})
export class AuthModule {}
