import { createSecretKey, type KeyObject } from 'node:crypto';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

/**
 * The HMAC key of access tokens and stream tickets as a KeyObject, made once. Given the
 * secret as a string, jsonwebtoken rebuilds the key on every sign and verify (first trying
 * to parse it as a PEM key, which throws): a quarter of a simple authenticated request's CPU.
 * Typed as a Buffer because that is what the @nestjs/jwt option types
 * name; it hands it to jsonwebtoken, which takes a KeyObject.
 */
export function jwtKey(config: AppConfig): Buffer {
  const key: KeyObject = createSecretKey(Buffer.from(config.jwt.secret, 'utf8'));
  return key as unknown as Buffer;
}

/**
 * The JwtService of access tokens and stream tickets, configured once for every module that
 * signs or verifies them (auth, timer streams, budget-alert streams): the same key, with the
 * algorithm pinned both ways.
 */
export const AccessTokenJwtModule = JwtModule.registerAsync({
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => ({
    secret: jwtKey(config),
    signOptions: { algorithm: config.jwt.algorithm },
    verifyOptions: { algorithms: [config.jwt.algorithm] },
  }),
});
