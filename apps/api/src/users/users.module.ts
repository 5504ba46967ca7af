import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CredentialsModule } from '../auth/credentials.module';
import { AccountDeactivationHooks } from './account-deactivation-hooks';
import { User } from './entities/user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User]), CredentialsModule],
  controllers: [UsersController],
  providers: [UsersService, AccountDeactivationHooks],
  exports: [UsersService, AccountDeactivationHooks],
})
export class UsersModule {}
