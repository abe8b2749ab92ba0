export default function Loading() {
  return <p role="status">Loading the evaluation page…</p>;
}
