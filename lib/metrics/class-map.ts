/**
 * For a model whose classes are not the set's: `prediction` maps each model class to a set class (or to a set class
 * the model lacks, whose ground truth `truth` maps to 255, so it only collects misses); `truth` maps each mask value.
 */
export interface ClassMap {
  prediction: Uint8Array;
  truth: Uint8Array;
}
