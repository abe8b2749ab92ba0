import { ByteBuffer } from "flatbuffers";

export class TfliteFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TfliteFormatError";
  }
}

/**
 * A bounds-checked view of one flatbuffer table; fields are addressed by their schema index.
 * Every offset and length is checked against the file before it is followed, and every error
 * names the byte offset of the field that holds the bad value.
 */
export class Table {
  private constructor(
    readonly bb: ByteBuffer,
    readonly pos: number,
    private readonly vtable: number,
    private readonly vtableSize: number,
    private readonly size: number,
  ) {}

  /** The root table of a flatbuffer whose file identifier (bytes 4–7) must be `identifier`. */
  static root(bytes: Uint8Array, identifier = "TFL3", kind = "TFLite"): Table {
    if (bytes.length < 8)
      throw new TfliteFormatError(
        `file is ${bytes.length} bytes, too short for a ${kind} flatbuffer (its header ends at offset 8)`,
      );
    const ident = String.fromCharCode(...bytes.subarray(4, 8));
    if (ident !== identifier)
      throw new TfliteFormatError(`not a ${kind} file: identifier at offset 4 is "${ident}", expected "${identifier}"`);
    return Table.at(new ByteBuffer(bytes), 0);
  }

  /** The table that the uoffset_t at `from` points to. */
  private static at(bb: ByteBuffer, from: number): Table {
    const pos = from + bb.readUint32(from);
    check(bb, pos, 4, `the table offset at offset ${from}`);
    const vtable = pos - bb.readInt32(pos);
    check(bb, vtable, 4, `the vtable offset of the table at offset ${pos}`);
    const vtableSize = bb.readUint16(vtable);
    const size = bb.readUint16(vtable + 2);
    if (vtableSize < 4 || vtableSize % 2 || size < 4)
      throw new TfliteFormatError(
        `malformed TFLite file: the vtable at offset ${vtable} (of the table at offset ${pos}) gives vtable size ${vtableSize} and table size ${size}`,
      );
    check(bb, vtable, vtableSize, `the vtable of the table at offset ${pos}`);
    check(bb, pos, size, `the size in the vtable at offset ${vtable}`);
    return new Table(bb, pos, vtable, vtableSize, size);
  }

  /** Absolute offset of field `index`, or 0 when absent; the field must lie inside its table. */
  field(index: number, size: number): number {
    const entry = 4 + 2 * index;
    if (entry + 2 > this.vtableSize) return 0;
    const rel = this.bb.readUint16(this.vtable + entry);
    if (!rel) return 0;
    if (rel + size > this.size)
      throw new TfliteFormatError(
        `malformed TFLite file: field ${index} of the table at offset ${this.pos} lies at +${rel} (${size} bytes), beyond the table's ${this.size} bytes (vtable entry at offset ${this.vtable + entry})`,
      );
    return this.pos + rel;
  }

  int(index: number, fallback = 0): number {
    const at = this.field(index, 4);
    return at ? this.bb.readInt32(at) : fallback;
  }
  uint(index: number, fallback = 0): number {
    const at = this.field(index, 4);
    return at ? this.bb.readUint32(at) : fallback;
  }
  byte(index: number, fallback = 0): number {
    const at = this.field(index, 1);
    return at ? this.bb.readInt8(at) : fallback;
  }
  ubyte(index: number, fallback = 0): number {
    const at = this.field(index, 1);
    return at ? this.bb.readUint8(at) : fallback;
  }
  bool(index: number, fallback = false): boolean {
    const at = this.field(index, 1);
    return at ? this.bb.readUint8(at) !== 0 : fallback;
  }
  float(index: number, fallback = 0): number {
    const at = this.field(index, 4);
    return at ? this.bb.readFloat32(at) : fallback;
  }
  /** A uint64 field, or `fallback`; values past 2^53 lose precision, which only bounds checks see. */
  ulong(index: number, fallback = 0): number {
    const at = this.field(index, 8);
    return at ? Number(this.bb.readUint64(at)) : fallback;
  }

  table(index: number): Table | null {
    const at = this.field(index, 4);
    return at ? Table.at(this.bb, at) : null;
  }

  string(index: number): string {
    const v = this.vector(index, 1);
    return v ? new TextDecoder().decode(this.bb.bytes().subarray(v.start, v.start + v.length)) : "";
  }

  /** Start and length of a vector field whose elements are `elemSize` bytes. */
  vector(index: number, elemSize: number): { start: number; length: number } | null {
    const at = this.field(index, 4);
    if (!at) return null;
    const header = at + this.bb.readUint32(at);
    check(this.bb, header, 4, `the vector offset at offset ${at}`);
    const length = this.bb.readUint32(header);
    check(
      this.bb,
      header + 4,
      length * elemSize,
      `the vector length at offset ${header} (${length} × ${elemSize} bytes)`,
    );
    return { start: header + 4, length };
  }

  bytes(index: number): Uint8Array | null {
    const v = this.vector(index, 1);
    return v ? this.bb.bytes().subarray(v.start, v.start + v.length) : null;
  }

  ints(index: number): number[] {
    const v = this.vector(index, 4);
    return v ? Array.from({ length: v.length }, (_, i) => this.bb.readInt32(v.start + 4 * i)) : [];
  }
  floats(index: number): number[] {
    const v = this.vector(index, 4);
    return v ? Array.from({ length: v.length }, (_, i) => this.bb.readFloat32(v.start + 4 * i)) : [];
  }
  longs(index: number): number[] {
    const v = this.vector(index, 8);
    return v ? Array.from({ length: v.length }, (_, i) => Number(this.bb.readInt64(v.start + 8 * i))) : [];
  }
  tables(index: number): Table[] {
    const v = this.vector(index, 4);
    return v ? Array.from({ length: v.length }, (_, i) => Table.at(this.bb, v.start + 4 * i)) : [];
  }

  /** Absolute offset of element `i` of an int vector field, for error messages. */
  elementOffset(index: number, i: number): number {
    return this.vector(index, 4)!.start + 4 * i;
  }
}

/** Checks that `size` bytes at `offset` lie inside the file; `what` names the field that pointed there. */
function check(bb: ByteBuffer, offset: number, size: number, what: string): number {
  const end = bb.capacity();
  if (offset < 0 || offset + size > end) {
    throw new TfliteFormatError(
      `truncated or malformed TFLite file: ${what} leads to ${size} bytes at ${offset}, outside the file (${end} bytes)`,
    );
  }
  return offset;
}
