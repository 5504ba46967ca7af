import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Paginated, ProjectDeleteResponse, ProjectMemberResponse, ProjectResponse } from '@stint/contracts';
import type { FastifyReply } from 'fastify';
import { Authenticated, CurrentUser } from '../common/auth/auth.decorators';
import type { AuthUser } from '../common/auth/auth-user';
import { ListQueryDto } from '../common/pagination';
import {
  ProjectCreateDto,
  ProjectDeleteResponseDto,
  ProjectListQueryDto,
  ProjectMemberAddDto,
  ProjectMemberPageDto,
  ProjectMemberResponseDto,
  ProjectPageDto,
  ProjectResponseDto,
  ProjectUpdateDto,
} from './dto/project.dto';
import { ProjectsService } from './projects.service';

const HIDDEN = 'The project does not exist or the caller is not a member of it';
const ADMINS_ONLY = 'The caller is a member of the project but not an admin';

@ApiTags('projects')
@Controller('projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Projects the caller belongs to (every project for admins)' })
  @ApiOkResponse({ type: ProjectPageDto })
  list(@CurrentUser() auth: AuthUser, @Query() query: ProjectListQueryDto): Promise<Paginated<ProjectResponse>> {
    return this.projects.list(auth, query);
  }

  @Post()
  @Authenticated({ roles: ['admin'] })
  @ApiCreatedResponse({ type: ProjectResponseDto })
  @ApiConflictResponse({ description: 'The key is already used by another project, archived ones included' })
  create(@CurrentUser() auth: AuthUser, @Body() dto: ProjectCreateDto): Promise<ProjectResponse> {
    return this.projects.create(auth, dto);
  }

  @Get(':id')
  @Authenticated()
  @ApiOkResponse({ type: ProjectResponseDto })
  @ApiNotFoundResponse({ description: HIDDEN })
  get(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<ProjectResponse> {
    return this.projects.get(auth, id);
  }

  @Patch(':id')
  @Authenticated()
  @ApiOperation({ summary: 'Edit, archive (archived: true) or restore (archived: false) a project; admins only. The key is immutable.' })
  @ApiOkResponse({ type: ProjectResponseDto })
  @ApiForbiddenResponse({ description: ADMINS_ONLY })
  @ApiNotFoundResponse({ description: HIDDEN })
  @ApiConflictResponse({ description: 'Currency change on a project with time entries' })
  update(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ProjectUpdateDto): Promise<ProjectResponse> {
    return this.projects.update(auth, id, dto);
  }

  @Delete(':id')
  @Authenticated()
  @ApiOperation({ summary: 'Archive a project that has tasks or time entries; delete an unused one. Admins only.' })
  @ApiOkResponse({ type: ProjectDeleteResponseDto })
  @ApiForbiddenResponse({ description: ADMINS_ONLY })
  @ApiNotFoundResponse({ description: HIDDEN })
  remove(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<ProjectDeleteResponse> {
    return this.projects.remove(auth, id);
  }

  @Get(':id/members')
  @Authenticated()
  @ApiOperation({ summary: 'Members of the project; visible to its members and to admins' })
  @ApiOkResponse({ type: ProjectMemberPageDto })
  @ApiNotFoundResponse({ description: HIDDEN })
  members(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Query() query: ListQueryDto): Promise<Paginated<ProjectMemberResponse>> {
    return this.projects.members(auth, id, query);
  }

  @Post(':id/members')
  @Authenticated()
  @ApiOperation({ summary: 'Add a user to the project; admins only. 201 when added, 200 when already a member.' })
  @ApiCreatedResponse({ type: ProjectMemberResponseDto, description: 'Added' })
  @ApiOkResponse({ type: ProjectMemberResponseDto, description: 'Already a member; nothing changed' })
  @ApiForbiddenResponse({ description: ADMINS_ONLY })
  @ApiNotFoundResponse({ description: `${HIDDEN}, or the user does not exist` })
  @ApiConflictResponse({ description: 'The user is deactivated' })
  async addMember(
    @CurrentUser() auth: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ProjectMemberAddDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProjectMemberResponse> {
    const { member, created } = await this.projects.addMember(auth, id, dto);
    reply.status(created ? 201 : 200);
    return member;
  }

  @Delete(':id/members/:userId')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse({ description: 'Removed; the user keeps their own tasks' })
  @ApiForbiddenResponse({ description: ADMINS_ONLY })
  @ApiNotFoundResponse({ description: `${HIDDEN}, or the user is not a member` })
  async removeMember(@CurrentUser() auth: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Param('userId', new ParseUUIDPipe()) userId: string): Promise<void> {
    await this.projects.removeMember(auth, id, userId);
  }
}
