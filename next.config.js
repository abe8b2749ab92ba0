/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Cross-origin isolation enables SharedArrayBuffer, hence multithreaded WASM in onnxruntime-web.
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
