import { Route, Routes, useParams } from 'react-router-dom';
import { BreadcrumbEntry } from '@backstage/frontend-plugin-api';
import { WorkflowRunPage } from '../WorkflowRunPage/WorkflowRunPage';
import { WorkflowRunsPage } from './WorkflowRunsPage';

function RunRoute() {
  const { id = '' } = useParams<{ id: string }>();
  return (
    <BreadcrumbEntry entry={{ label: id, href: encodeURIComponent(id) }}>
      <WorkflowRunPage workflowId={id} />
    </BreadcrumbEntry>
  );
}

/** The runs tab: the list at `runs`, one run at `runs/:id`. */
export function WorkflowRunsRoutes() {
  return (
    <Routes>
      <Route path="/" element={<WorkflowRunsPage />} />
      <Route path="/:id" element={<RunRoute />} />
    </Routes>
  );
}
