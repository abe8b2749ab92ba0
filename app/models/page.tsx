import type { Metadata } from "next";
import { ModelsPage } from "@/components/models/models-page";

export const metadata: Metadata = { title: "Models · DeepLab in the browser" };

export default function Page() {
  return <ModelsPage />;
}
