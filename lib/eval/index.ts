export * from "@/lib/eval/evaluate";
export * from "@/lib/eval/score-pair";
