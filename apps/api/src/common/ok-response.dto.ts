import { ApiProperty } from '@nestjs/swagger';

/** The answer of calls that only confirm (logout, password change). */
export class OkResponseDto {
  @ApiProperty({ enum: [true] }) success: true;
}
