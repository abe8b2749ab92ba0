/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Lets two builds (e.g. parallel test runs) live side by side.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Cross-origin isolation enables SharedArrayBuffer, hence multithreaded WASM in onnxruntime-web.
  // The Content-Security-Policy and the other security headers are set per response by proxy.ts.
  // The plain-HTML embedding example (public/embed/), which uses the Segmenter without React.
  async redirects() {
    return [{ source: "/embed", destination: "/embed/index.html", permanent: false }];
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
          { key: "Cross-Origin-Embedder-Policy", value: "require-corp" },
          { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
