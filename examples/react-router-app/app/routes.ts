import { index, route, type RouteConfig } from '@react-router/dev/routes';

export default [
  index('routes/home.tsx'),
  route('login', 'routes/login.tsx'),
  route('logout', 'routes/logout.tsx'),
  route('documents', 'routes/documents.tsx'),
  route('documents/:id', 'routes/document.tsx'),
  route('documents/:id/edit', 'routes/document-edit.tsx'),
  route('admin', 'routes/admin.tsx'),
  // Resource route for API clients (service accounts with `Authorization: Bearer <api key>`).
  route('api/documents', 'routes/api.documents.ts'),
] satisfies RouteConfig;
