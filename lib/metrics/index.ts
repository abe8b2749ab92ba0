export * from "@/lib/metrics/confusion";
export * from "@/lib/metrics/derive";
export * from "@/lib/metrics/evaluation";
