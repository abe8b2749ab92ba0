export const VOC_CLASSES = [
  "background",
  "aeroplane",
  "bicycle",
  "bird",
  "boat",
  "bottle",
  "bus",
  "car",
  "cat",
  "chair",
  "cow",
  "diningtable",
  "dog",
  "horse",
  "motorbike",
  "person",
  "pottedplant",
  "sheep",
  "sofa",
  "train",
  "tvmonitor",
] as const;

export const NUM_CLASSES = 21;

/** Label value for void / object-boundary pixels, excluded from metrics. */
export const IGNORE_INDEX = 255;
