import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TimeTrackingModule } from '../time-tracking/time-tracking.module';
import { User } from './entities/user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

// UserCredentials comes from auth's global CredentialsModule (users/user-credentials.ts).
@Module({
  imports: [TypeOrmModule.forFeature([User]), TimeTrackingModule],
  controllers: [UsersController],
  providers: [UsersService],
  exports: [UsersService],
})
export class UsersModule {}
