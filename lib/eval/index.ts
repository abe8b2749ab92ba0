export * from "@/lib/eval/evaluate";
export * from "@/lib/pipeline/score-pair";
export * from "@/lib/eval/merge";
export * from "@/lib/eval/shard";
