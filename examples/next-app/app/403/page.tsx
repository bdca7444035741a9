export default function Forbidden403() {
  return (
    <>
      <h1 data-testid="denied">403 — Forbidden</h1>
      <p>The policy does not allow this request.</p>
    </>
  );
}
