// Walks a TFLite flatbuffer by its schema and records where its structural fields lie, so that
// mutations can hit real offsets, lengths and vtables instead of weight bytes.

/** Byte positions of the file's structural fields, each list in walk order. */
export interface Layout {
  /** uoffset_t fields: the root offset, table, vector and string references, vector-of-table elements. */
  offsets: number[];
  /** uint32 length prefixes of vectors and strings. */
  lengths: number[];
  /** soffset_t at the start of each table, pointing at its vtable. */
  vtables: number[];
  /** uint16 vtable entries: vtable size, table size, field offsets. */
  voffsets: number[];
  /** int32 elements of tensor shapes. */
  dims: number[];
  /** int32 tensor indices (operator and subgraph inputs/outputs), opcode and buffer indices. */
  indices: number[];
  /** uint64 offset/size fields of buffers stored after the flatbuffer. */
  longs: number[];
  /** [start, end) byte ranges of every table and vtable. */
  regions: [number, number][];
}

type Ref = { kind: "table"; of: string } | { kind: "tables"; of: string } | { kind: "string" | "bytes" | "ints" };
type Field = Ref | { kind: "scalar"; role?: "index" | "long" };

// Field index → kind, from tensorflow/lite/schema/schema.fbs; fields left out are not walked.
const SCHEMA: Record<string, Record<number, Field>> = {
  Model: {
    1: { kind: "tables", of: "OperatorCode" },
    2: { kind: "tables", of: "SubGraph" },
    3: { kind: "string" },
    4: { kind: "tables", of: "Buffer" },
    5: { kind: "ints" },
    6: { kind: "tables", of: "Metadata" },
  },
  OperatorCode: { 0: { kind: "scalar" }, 1: { kind: "string" }, 2: { kind: "scalar" }, 3: { kind: "scalar" } },
  SubGraph: {
    0: { kind: "tables", of: "Tensor" },
    1: { kind: "ints" },
    2: { kind: "ints" },
    3: { kind: "tables", of: "Operator" },
    4: { kind: "string" },
  },
  Tensor: {
    0: { kind: "ints" },
    1: { kind: "scalar" },
    2: { kind: "scalar", role: "index" },
    3: { kind: "string" },
    4: { kind: "table", of: "Quantization" },
  },
  Quantization: { 0: { kind: "bytes" }, 1: { kind: "bytes" }, 2: { kind: "bytes" }, 3: { kind: "bytes" } },
  Operator: {
    0: { kind: "scalar", role: "index" },
    1: { kind: "ints" },
    2: { kind: "ints" },
    3: { kind: "scalar" },
    4: { kind: "table", of: "Options" },
  },
  Options: {},
  Buffer: { 0: { kind: "bytes" }, 1: { kind: "scalar", role: "long" }, 2: { kind: "scalar", role: "long" } },
  Metadata: { 0: { kind: "string" }, 1: { kind: "scalar", role: "index" } },
};

/** Which int vectors hold shapes and which hold tensor indices. */
const INT_ROLES: Record<string, Record<number, "dims" | "indices">> = {
  Tensor: { 0: "dims" },
  Operator: { 1: "indices", 2: "indices" },
  SubGraph: { 1: "indices", 2: "indices" },
};

export function tfliteLayout(bytes: Uint8Array): Layout {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const layout: Layout = {
    offsets: [],
    lengths: [],
    vtables: [],
    voffsets: [],
    dims: [],
    indices: [],
    longs: [],
    regions: [],
  };
  const seen = new Set<number>();
  const target = (at: number) => at + view.getUint32(at, true);

  const walkTable = (pos: number, type: string) => {
    if (seen.has(pos)) return;
    seen.add(pos);
    const vtable = pos - view.getInt32(pos, true);
    const vtableSize = view.getUint16(vtable, true);
    layout.vtables.push(pos);
    layout.regions.push([pos, pos + view.getUint16(vtable + 2, true)], [vtable, vtable + vtableSize]);
    for (let at = vtable; at < vtable + vtableSize; at += 2) layout.voffsets.push(at);
    const fields = (vtableSize - 4) / 2;
    for (let i = 0; i < fields; i++) {
      const rel = view.getUint16(vtable + 4 + 2 * i, true);
      if (!rel) continue;
      const field = SCHEMA[type][i];
      if (!field) continue;
      const at = pos + rel;
      if (field.kind === "scalar") {
        if (field.role === "index") layout.indices.push(at);
        if (field.role === "long") layout.longs.push(at);
        continue;
      }
      layout.offsets.push(at);
      if (field.kind === "table") {
        walkTable(target(at), field.of);
        continue;
      }
      const header = target(at);
      const length = view.getUint32(header, true);
      layout.lengths.push(header);
      if (field.kind === "tables") {
        for (let k = 0; k < length; k++) {
          const element = header + 4 + 4 * k;
          layout.offsets.push(element);
          walkTable(target(element), field.of);
        }
      } else if (field.kind === "ints") {
        const role = INT_ROLES[type]?.[i];
        if (role) for (let k = 0; k < length; k++) layout[role].push(header + 4 + 4 * k);
      }
    }
  };

  layout.offsets.push(0);
  walkTable(target(0), "Model");
  return layout;
}
