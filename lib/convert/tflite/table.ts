import { ByteBuffer } from "flatbuffers";

export class TfliteFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TfliteFormatError";
  }
}

/** A bounds-checked view of one flatbuffer table; fields are addressed by their schema index. */
export class Table {
  constructor(
    readonly bb: ByteBuffer,
    readonly pos: number,
  ) {}

  static root(bytes: Uint8Array): Table {
    if (bytes.length < 8)
      throw new TfliteFormatError(`file is ${bytes.length} bytes, too short for a TFLite flatbuffer`);
    const bb = new ByteBuffer(bytes);
    const ident = String.fromCharCode(...bytes.subarray(4, 8));
    if (ident !== "TFL3")
      throw new TfliteFormatError(`not a TFLite file: identifier at offset 4 is "${ident}", expected "TFL3"`);
    return new Table(bb, check(bb, 0, 4) + bb.readUint32(0)).validated();
  }

  private validated(): Table {
    check(this.bb, this.pos, 4);
    const vtable = this.pos - this.bb.readInt32(this.pos);
    check(this.bb, vtable, 4);
    check(this.bb, vtable, this.bb.readUint16(vtable));
    return this;
  }

  /** Absolute offset of field `index`, or 0 when absent. */
  field(index: number, size: number): number {
    const rel = this.bb.__offset(this.pos, 4 + 2 * index);
    return rel ? check(this.bb, this.pos + rel, size) : 0;
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

  table(index: number): Table | null {
    const at = this.field(index, 4);
    return at ? new Table(this.bb, at + this.bb.readUint32(at)).validated() : null;
  }

  string(index: number): string {
    const v = this.vector(index, 1);
    return v ? new TextDecoder().decode(this.bb.bytes().subarray(v.start, v.start + v.length)) : "";
  }

  /** Start and length of a vector field whose elements are `elemSize` bytes. */
  vector(index: number, elemSize: number): { start: number; length: number } | null {
    const at = this.field(index, 4);
    if (!at) return null;
    const header = check(this.bb, at + this.bb.readUint32(at), 4);
    const length = this.bb.readUint32(header);
    check(this.bb, header + 4, length * elemSize);
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
    if (!v) return [];
    return Array.from({ length: v.length }, (_, i) => {
      const at = v.start + 4 * i;
      return new Table(this.bb, at + this.bb.readUint32(at)).validated();
    });
  }
}

function check(bb: ByteBuffer, offset: number, size: number): number {
  const end = bb.capacity();
  if (!Number.isInteger(offset) || offset < 0 || offset + size > end) {
    throw new TfliteFormatError(
      `truncated or malformed TFLite file: ${size} bytes at offset ${offset} lie outside the file (${end} bytes)`,
    );
  }
  return offset;
}
