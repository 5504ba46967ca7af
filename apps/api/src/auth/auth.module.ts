import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { CredentialsModule } from './credentials.module';
import { JwtStrategy } from './jwt.strategy';
import { TimersModule } from '../timers/timers.module';
import { jwtKey } from './jwt-key';

@Module({
  imports: [
    PassportModule,
    CredentialsModule,
    TimersModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: jwtKey(config),
        signOptions: { algorithm: config.jwt.algorithm },
        verifyOptions: { algorithms: [config.jwt.algorithm] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, JwtStrategy],
})
export class AuthModule {}
