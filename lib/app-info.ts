import pkg from "@/package.json";

/** Name and version written into exported reports, as the CLI does. */
export const APP = {
  name: pkg.name,
  version: process.env.NEXT_PUBLIC_APP_VERSION || pkg.version,
};
