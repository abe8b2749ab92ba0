import type { Metadata } from "next";
import Link from "next/link";
import "@/app/globals.css";

// Rendered per request, so every page carries the nonce of its own Content-Security-Policy (see proxy.ts).
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "DeepLab in the browser",
  description: "Mobile DeepLabv3 semantic segmentation (PASCAL VOC) running locally with onnxruntime-web",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-neutral-50 text-neutral-900 antialiased dark:bg-neutral-950 dark:text-neutral-100">
        <header className="border-b border-neutral-200 dark:border-neutral-800">
          <nav aria-label="Main" className="mx-auto flex max-w-6xl items-center gap-6 px-4 py-3 text-sm">
            <span className="font-semibold">DeepLab · VOC in the browser</span>
            <Link href="/" className="hover:underline">
              Segment
            </Link>
            <Link href="/evaluate" className="hover:underline">
              Evaluate
            </Link>
            <Link href="/models" className="hover:underline">
              Models
            </Link>
            <span className="ml-auto text-neutral-500">Runs locally · no image leaves this machine</span>
          </nav>
        </header>
        <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
      </body>
    </html>
  );
}
