import { Role } from '@stint/contracts';
import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { AppShell } from '@/components/AppShell';
import { GuestOnly } from '@/features/auth/GuestOnly';
import { RequireAuth } from '@/features/auth/RequireAuth';
import { RequireRole } from '@/features/auth/RequireRole';

// Every page is its own chunk, so the first load carries only the shell and the guards.
const SignInPage = lazy(() => import('@/features/auth/SignInPage').then((m) => ({ default: m.SignInPage })));
const RegisterPage = lazy(() => import('@/features/auth/RegisterPage').then((m) => ({ default: m.RegisterPage })));
const DashboardPage = lazy(() => import('@/features/dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })));
const TasksPage = lazy(() => import('@/features/tasks/TasksPage').then((m) => ({ default: m.TasksPage })));
const TaskPage = lazy(() => import('@/features/tasks/TaskPage').then((m) => ({ default: m.TaskPage })));
const TimePage = lazy(() => import('@/features/time/TimePage').then((m) => ({ default: m.TimePage })));
const ProjectsPage = lazy(() => import('@/features/projects/ProjectsPage').then((m) => ({ default: m.ProjectsPage })));
const ProjectPage = lazy(() => import('@/features/projects/ProjectPage').then((m) => ({ default: m.ProjectPage })));
const ReportsPage = lazy(() => import('@/features/reports/ReportsPage').then((m) => ({ default: m.ReportsPage })));
const AdminPage = lazy(() => import('@/features/admin/AdminPage').then((m) => ({ default: m.AdminPage })));
const RatesPage = lazy(() => import('@/features/admin/RatesPage').then((m) => ({ default: m.RatesPage })));
const SettingsPage = lazy(() => import('@/features/admin/SettingsPage').then((m) => ({ default: m.SettingsPage })));
const TeamAnalyticsPanel = lazy(() => import('@/features/admin/TeamAnalyticsPanel').then((m) => ({ default: m.TeamAnalyticsPanel })));
const AuditLogPage = lazy(() => import('@/features/admin/AuditLogPage').then((m) => ({ default: m.AuditLogPage })));
const UsersPage = lazy(() => import('@/features/admin/UsersPage').then((m) => ({ default: m.UsersPage })));
const AccountPage = lazy(() => import('@/features/account/AccountPage').then((m) => ({ default: m.AccountPage })));
const BudgetsPage = lazy(() => import('@/features/budgets/BudgetsPage').then((m) => ({ default: m.BudgetsPage })));
const ProjectBudgetPage = lazy(() => import('@/features/budgets/ProjectBudgetPage').then((m) => ({ default: m.ProjectBudgetPage })));
const NotFoundPage = lazy(() => import('@/features/errors/NotFoundPage').then((m) => ({ default: m.NotFoundPage })));

/**
 * The app's routes. Declarative mode on purpose: data lives in React Query, so the data
 * router's loaders would go unused and cost ~17 kB gzipped on first load.
 */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<GuestOnly />}>
        <Route path="sign-in" element={<SignInPage />} />
        <Route path="register" element={<RegisterPage />} />
      </Route>
      <Route element={<RequireAuth />}>
        <Route element={<AppShell />}>
          <Route index element={<DashboardPage />} />
          <Route path="tasks" element={<TasksPage />} />
          <Route path="tasks/:id" element={<TaskPage />} />
          <Route path="time" element={<TimePage />} />
          <Route path="projects" element={<ProjectsPage />} />
          <Route path="projects/:id" element={<ProjectPage />} />
          <Route path="reports" element={<ReportsPage />} />
          <Route path="account" element={<AccountPage />} />
          <Route element={<RequireRole role={Role.ADMIN} />}>
            <Route path="budgets" element={<BudgetsPage />} />
            <Route path="budgets/:projectId" element={<ProjectBudgetPage />} />
            <Route path="admin" element={<AdminPage />}>
              <Route index element={<Navigate to="rates" replace />} />
              <Route path="rates" element={<RatesPage />} />
              <Route path="settings" element={<SettingsPage />} />
              <Route path="team" element={<TeamAnalyticsPanel />} />
              <Route path="users" element={<UsersPage />} />
              <Route path="audit" element={<AuditLogPage />} />
            </Route>
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  );
}
