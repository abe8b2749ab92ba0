// The security headers of every response, shared by proxy.ts and e2e/security.spec.ts.

/** A fresh nonce for one response (128 random bits, base64). */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/** The Content-Security-Policy; with a nonce, Next's inline scripts in that response may run. */
export function contentSecurityPolicy(nonce?: string): string {
  return [
    "default-src 'self'",
    // 'wasm-unsafe-eval': onnxruntime-web compiles its WebAssembly at run time (never 'unsafe-eval').
    `script-src 'self'${nonce ? ` 'nonce-${nonce}'` : ""} 'wasm-unsafe-eval'`,
    // The hash is the <style> of Next's built-in 404 page (next/dist/client/components/http-access-fallback).
    "style-src 'self' 'sha256-Z5XTK23DFuEMs0PwnyZDO9SWxemQ5HxcpVaBNuUJyWY='",
    // React renders style props into the server HTML as attributes (the mask's opacity on /, Next's 404 page),
    // and a nonce cannot cover an attribute. Attributes cannot load anything (img-src and the rest still hold),
    // while <style> elements and stylesheets stay limited to the app's own files.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' blob: data:",
    // Uploaded videos play from blob: URLs (the camera's stream needs no source).
    "media-src 'self' blob:",
    "connect-src 'self'",
    // The inference worker and onnxruntime's thread workers.
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The camera for this origin only; every other powerful feature off. */
export const PERMISSIONS_POLICY = [
  "camera=(self)",
  "microphone=()",
  "geolocation=()",
  "display-capture=()",
  "payment=()",
  "usb=()",
  "serial=()",
  "hid=()",
  "midi=()",
  "accelerometer=()",
  "gyroscope=()",
  "magnetometer=()",
  "xr-spatial-tracking=()",
  "publickey-credentials-get=()",
  "browsing-topics=()",
].join(", ");

export function securityHeaders(nonce?: string): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(nonce),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": PERMISSIONS_POLICY,
  };
}
