export default function NotFound() {
  return <h1 data-testid="not-found">404 — Not found</h1>;
}
