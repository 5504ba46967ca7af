import { useDocumentTitle } from '@/components/useDocumentTitle';
import { TaskList } from '@/features/tasks/TaskList';

export function TasksPage() {
  useDocumentTitle('Tasks');
  return (
    <section className="page page-wide" aria-labelledby="page-title">
      <TaskList
        heading={
          <header className="page-header">
            <h1 id="page-title">Tasks</h1>
            <p className="muted">Your tasks and those of your projects.</p>
          </header>
        }
      />
    </section>
  );
}
