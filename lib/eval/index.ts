export * from "@/lib/eval/evaluate";
export * from "@/lib/eval/score-pair";
export * from "@/lib/eval/merge";
export * from "@/lib/eval/shard";
