/**
 * Building blocks for ONNX models (the subset of onnx.proto vigil writes): tensors, attributes, nodes,
 * value infos, graphs, models, and their protobuf encoding. Field numbers follow onnx/onnx.proto. Any
 * model kind can be exported by building a graph from these (see ./tree-ensemble.ts for trees).
 */
import { ProtoWriter } from "./protobuf.js";

/** TensorProto.DataType values used here. */
export const DataType = { FLOAT: 1, INT32: 6, INT64: 7, STRING: 8, DOUBLE: 11 } as const;

/** AttributeProto.AttributeType values. */
const AttrType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

export interface OnnxTensor {
  name: string;
  dataType: number;
  dims: number[];
  /** FLOAT data (float_data) or INT64/INT32 data (int64_data / int32_data). */
  floatData?: ArrayLike<number>;
  intData?: ArrayLike<number>;
}

export type OnnxAttribute =
  | { name: string; type: "float"; value: number }
  | { name: string; type: "int"; value: number }
  | { name: string; type: "string"; value: string }
  | { name: string; type: "tensor"; value: OnnxTensor }
  | { name: string; type: "floats"; value: ArrayLike<number> }
  | { name: string; type: "ints"; value: ArrayLike<number> }
  | { name: string; type: "strings"; value: string[] };

export interface OnnxNode {
  opType: string;
  /** "" for the default ai.onnx domain; "ai.onnx.ml" for the ML operators. */
  domain?: string;
  name?: string;
  inputs: string[];
  outputs: string[];
  attributes?: OnnxAttribute[];
}

/** A tensor-typed graph input or output; a dim is a size or a symbolic name ("N"). */
export interface OnnxValueInfo {
  name: string;
  elemType: number;
  dims: (number | string)[];
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  initializers?: OnnxTensor[];
}

export interface OnnxModel {
  graph: OnnxGraph;
  /** Operator sets used, e.g. [{ domain: "", version: 17 }, { domain: "ai.onnx.ml", version: 3 }]. */
  opsets: { domain: string; version: number }[];
  irVersion?: number;
  producerName?: string;
  producerVersion?: string;
  docString?: string;
}

export const attr = {
  float: (name: string, value: number): OnnxAttribute => ({ name, type: "float", value }),
  int: (name: string, value: number): OnnxAttribute => ({ name, type: "int", value }),
  string: (name: string, value: string): OnnxAttribute => ({ name, type: "string", value }),
  tensor: (name: string, value: OnnxTensor): OnnxAttribute => ({ name, type: "tensor", value }),
  floats: (name: string, value: ArrayLike<number>): OnnxAttribute => ({ name, type: "floats", value }),
  ints: (name: string, value: ArrayLike<number>): OnnxAttribute => ({ name, type: "ints", value }),
  strings: (name: string, value: string[]): OnnxAttribute => ({ name, type: "strings", value }),
};

/** A float tensor (e.g. an initializer holding weights). */
export function floatTensor(name: string, dims: number[], data: ArrayLike<number>): OnnxTensor {
  return { name, dataType: DataType.FLOAT, dims, floatData: data };
}

export function int64Tensor(name: string, dims: number[], data: ArrayLike<number>): OnnxTensor {
  return { name, dataType: DataType.INT64, dims, intData: data };
}

export function tensorInfo(name: string, elemType: number, dims: (number | string)[]): OnnxValueInfo {
  return { name, elemType, dims };
}

export function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  attributes: OnnxAttribute[] = [],
  domain = "",
  name?: string,
): OnnxNode {
  return { opType, inputs, outputs, attributes, domain, name: name ?? `${opType}_${outputs[0]}` };
}

export function encodeTensor(t: OnnxTensor): Uint8Array {
  const w = new ProtoWriter();
  if (t.dims.length > 0) w.packedVarints(1, t.dims);
  w.varint(2, t.dataType);
  if (t.floatData !== undefined) w.packedFloats(4, t.floatData);
  if (t.intData !== undefined) w.packedVarints(t.dataType === DataType.INT32 ? 5 : 7, t.intData);
  w.string(8, t.name);
  return w.finish();
}

function encodeAttribute(a: OnnxAttribute): Uint8Array {
  const w = new ProtoWriter();
  w.string(1, a.name);
  switch (a.type) {
    case "float":
      w.float(2, a.value).varint(20, AttrType.FLOAT);
      break;
    case "int":
      w.varint(3, a.value).varint(20, AttrType.INT);
      break;
    case "string":
      w.string(4, a.value).varint(20, AttrType.STRING);
      break;
    case "tensor":
      w.message(5, encodeTensor(a.value)).varint(20, AttrType.TENSOR);
      break;
    case "floats":
      w.packedFloats(7, a.value).varint(20, AttrType.FLOATS);
      break;
    case "ints":
      w.packedVarints(8, a.value).varint(20, AttrType.INTS);
      break;
    case "strings":
      for (const s of a.value) w.string(9, s);
      w.varint(20, AttrType.STRINGS);
      break;
  }
  return w.finish();
}

function encodeNode(n: OnnxNode): Uint8Array {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  if (n.name !== undefined) w.string(3, n.name);
  w.string(4, n.opType);
  for (const a of n.attributes ?? []) w.message(5, encodeAttribute(a));
  if (n.domain !== undefined && n.domain !== "") w.string(7, n.domain);
  return w.finish();
}

function encodeValueInfo(v: OnnxValueInfo): Uint8Array {
  const shape = new ProtoWriter();
  for (const d of v.dims) {
    const dim = new ProtoWriter();
    if (typeof d === "number") dim.varint(1, d);
    else dim.string(2, d);
    shape.message(1, dim);
  }
  const tensorType = new ProtoWriter().varint(1, v.elemType).message(2, shape);
  const type = new ProtoWriter().message(1, tensorType);
  return new ProtoWriter().string(1, v.name).message(2, type).finish();
}

function encodeGraph(g: OnnxGraph): Uint8Array {
  const w = new ProtoWriter();
  for (const n of g.nodes) w.message(1, encodeNode(n));
  w.string(2, g.name);
  for (const t of g.initializers ?? []) w.message(5, encodeTensor(t));
  for (const i of g.inputs) w.message(11, encodeValueInfo(i));
  for (const o of g.outputs) w.message(12, encodeValueInfo(o));
  return w.finish();
}

/** The ModelProto bytes of a model. */
export function encodeModel(m: OnnxModel): Uint8Array {
  const w = new ProtoWriter();
  w.varint(1, m.irVersion ?? 8);
  w.string(2, m.producerName ?? "vigil");
  w.string(3, m.producerVersion ?? "0.1.0");
  if (m.docString !== undefined) w.string(6, m.docString);
  w.message(7, encodeGraph(m.graph));
  for (const o of m.opsets) w.message(8, new ProtoWriter().string(1, o.domain).varint(2, o.version));
  return w.finish();
}
