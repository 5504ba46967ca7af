import { ApiProperty } from '@nestjs/swagger';
import { PASSWORD_MAX_LENGTH } from '@stint/contracts';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class DeleteMeDto {
  @ApiProperty({ description: 'Your current password: confirms an erasure that cannot be undone' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

export class AdminDeleteUserDto {
  @ApiProperty({ description: "The admin's own current password (not the deleted person's)" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

export class AccountDeletionResponseDto {
  @ApiProperty({ enum: [true] }) success: true;
  @ApiProperty({ format: 'uuid' }) user_id: string;
  @ApiProperty({ minimum: 0, description: 'Running or paused timers stopped, their cost booked on the budgets' }) timers_stopped: number;
  @ApiProperty({ minimum: 0, description: 'Entries on projects kept (with their cost) without description or identity' }) entries_anonymised: number;
  @ApiProperty({ minimum: 0, description: 'Entries without a project, removed' }) entries_removed: number;
  @ApiProperty({ minimum: 0, description: 'Personal tasks (no project), removed' }) tasks_removed: number;
}
