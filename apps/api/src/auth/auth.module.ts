import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { CredentialsModule } from './credentials.module';
import { JwtStrategy } from './jwt.strategy';
import { AccessTokenJwtModule } from './jwt-key';

@Module({
  imports: [PassportModule, CredentialsModule, AccessTokenJwtModule],
  controllers: [AuthController],
  providers: [AuthService, JwtStrategy],
})
export class AuthModule {}
