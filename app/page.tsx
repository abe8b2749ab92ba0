import { SegmentPage } from "@/components/segment/segment-page";

export default function Page() {
  return <SegmentPage />;
}
