import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { defineConfig, globalIgnores } from "eslint/config";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next*/**", "out/**", "public/**", "bench/results/**", "test-results/**", "next-env.d.ts"]),
  {
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["../*", "./../*"], message: "Import across folders with the @/ alias." }] },
      ],
    },
  },
]);
