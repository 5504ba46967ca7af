import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountDeactivationHooks } from './account-deactivation-hooks';
import { User } from './entities/user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

// UserCredentials comes from auth's global CredentialsModule (users/user-credentials.ts).
@Module({
  imports: [TypeOrmModule.forFeature([User])],
  controllers: [UsersController],
  providers: [UsersService, AccountDeactivationHooks],
  exports: [UsersService, AccountDeactivationHooks],
})
export class UsersModule {}
