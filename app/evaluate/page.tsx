import type { Metadata } from "next";
import { EvaluatePage } from "@/components/evaluate/evaluate-page";

export const metadata: Metadata = { title: "Evaluate · DeepLab in the browser" };

export default function Page() {
  return <EvaluatePage />;
}
