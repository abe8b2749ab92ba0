import type { Metadata } from "next";
import Link from "next/link";
import "@/app/globals.css";

// Rendered per request, so every page carries the nonce of its own Content-Security-Policy (see proxy.ts).
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "DeepLab in the browser",
  description: "Mobile DeepLabv3 semantic segmentation (PASCAL VOC) running locally with onnxruntime-web",
};

const link = "rounded px-1 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600";

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-neutral-50 text-neutral-900 antialiased dark:bg-neutral-950 dark:text-neutral-100">
        <a
          href="#main"
          className="sr-only rounded-md bg-blue-700 px-3 py-2 text-sm font-medium text-white focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50"
        >
          Skip to content
        </a>
        <header className="border-b border-neutral-200 dark:border-neutral-800">
          <nav
            aria-label="Main"
            className="mx-auto flex max-w-7xl items-center gap-x-4 gap-y-1 px-4 py-2.5 text-sm whitespace-nowrap sm:gap-x-6"
          >
            <span className="font-semibold">
              DeepLab<span className="hidden sm:inline"> · VOC in the browser</span>
            </span>
            <Link href="/" className={link}>
              Segment
            </Link>
            <Link href="/evaluate" className={link}>
              Evaluate
            </Link>
            <Link href="/models" className={link}>
              Models
            </Link>
            <span className="ml-auto hidden text-neutral-600 md:inline dark:text-neutral-400">
              Runs locally · no image leaves this machine
            </span>
          </nav>
        </header>
        <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-4 outline-none sm:py-6">
          {children}
        </main>
      </body>
    </html>
  );
}
