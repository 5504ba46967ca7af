import '@/styles.css';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { bindSessionToQueryClient } from '@/api/auth';
import { sessionStore, startSessionSync } from '@/api/client';
import { createQueryClient } from '@/api/query-client';
import { ErrorBoundary } from '@/components/ErrorBoundary';
import { ErrorPage } from '@/components/ErrorPage';
import { AppRoutes } from '@/routes';

const queryClient = createQueryClient();
bindSessionToQueryClient(queryClient);
startSessionSync();
// Starts before the first render, so the guards see "restoring" rather than flashing sign-in.
void sessionStore.restore();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary fallback={(error) => <ErrorPage error={error} />}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </QueryClientProvider>
    </ErrorBoundary>
  </StrictMode>,
);
