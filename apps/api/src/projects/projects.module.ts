import { Module } from '@nestjs/common';
import { ProjectAccess } from './project-access';
import { ProjectBudgetHooks } from './project-budget-hooks';
import { ProjectTrackingHooks } from './project-tracking-hooks';
import { ProjectsController } from './projects.controller';
import { ProjectsService } from './projects.service';
import { SettingsModule } from '../settings/settings.module';

@Module({
  imports: [SettingsModule],
  controllers: [ProjectsController],
  providers: [ProjectsService, ProjectAccess, ProjectTrackingHooks, ProjectBudgetHooks],
  exports: [ProjectAccess, ProjectTrackingHooks, ProjectBudgetHooks],
})
export class ProjectsModule {}
