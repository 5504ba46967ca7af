import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import { TaskEntryReads } from './task-entry-reads';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [ProjectsModule],
  controllers: [TasksController],
  providers: [TasksService, TaskEntryReads],
  exports: [TaskEntryReads],
})
export class TasksModule {}
