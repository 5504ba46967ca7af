import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Paginated, TaskDetailResponse, TaskResponse } from '@stint/contracts';
import { Authenticated, CurrentUser } from '../common/auth/auth.decorators';
import type { AuthUser } from '../common/auth/auth-user';
import { TaskCreateDto, TaskDetailResponseDto, TaskListQueryDto, TaskPageDto, TaskResponseDto, TaskStatusUpdateDto, TaskUpdateDto } from './dto/task.dto';
import { TasksService } from './tasks.service';

const HIDDEN = 'The task does not exist or the caller may not see it (not theirs, not in one of their projects)';

@ApiTags('tasks')
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Tasks the caller may see: their own and those of their projects (all for admins)' })
  @ApiOkResponse({ type: TaskPageDto })
  list(@CurrentUser() auth: AuthUser, @Query() query: TaskListQueryDto): Promise<Paginated<TaskResponse>> {
    return this.tasks.list(auth, query);
  }

  @Post()
  @Authenticated()
  @ApiCreatedResponse({ type: TaskResponseDto })
  @ApiNotFoundResponse({ description: 'project_id names a project the caller does not belong to' })
  @ApiConflictResponse({ description: 'The project is archived' })
  create(@CurrentUser() auth: AuthUser, @Body() dto: TaskCreateDto): Promise<TaskResponse> {
    return this.tasks.create(auth, dto);
  }

  @Get(':id')
  @Authenticated()
  @ApiOkResponse({ type: TaskDetailResponseDto })
  @ApiNotFoundResponse({ description: HIDDEN })
  get(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<TaskDetailResponse> {
    return this.tasks.get(auth, id);
  }

  @Patch(':id')
  @Authenticated()
  @ApiOperation({ summary: 'Edit a task: its creator, members of its project and admins. Moving it (project_id) is for its creator and admins.' })
  @ApiOkResponse({ type: TaskResponseDto })
  @ApiForbiddenResponse({ description: 'A project member who is not the creator tried to move the task' })
  @ApiNotFoundResponse({ description: HIDDEN })
  @ApiConflictResponse({ description: 'Move into an archived project, or of a task with time entries' })
  update(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: TaskUpdateDto): Promise<TaskResponse> {
    return this.tasks.update(auth, id, dto);
  }

  @Patch(':id/status')
  @Authenticated()
  @ApiOperation({ summary: 'Change only the status; completed_at follows (set on done, cleared on todo/in_progress)' })
  @ApiOkResponse({ type: TaskResponseDto })
  @ApiNotFoundResponse({ description: HIDDEN })
  updateStatus(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: TaskStatusUpdateDto): Promise<TaskResponse> {
    return this.tasks.updateStatus(auth, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Delete a task: its creator and admins. Its time entries stay, without a task.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiForbiddenResponse({ description: 'A project member who is not the creator' })
  @ApiNotFoundResponse({ description: HIDDEN })
  async remove(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.tasks.remove(auth, id);
  }
}
