package dev.convstream.bench.peer;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Writes a one-node ONNX model ({@code Conv} or {@code ConvTranspose}, weight and bias as
 * initializers) straight to protobuf wire format, so the benchmarks need no generated ONNX
 * classes. Graph: input {@code X} -> node(X, W[, B]) -> output {@code Y}, all float32 with static
 * shapes. Field numbers are those of {@code onnx/onnx.proto} (IR version 8, opset 17); the
 * tests load every model into ONNX Runtime, which rejects a malformed one.
 */
public final class OnnxModelWriter {

    /** An {@code INTS} attribute such as {@code pads} or {@code strides}. */
    public record Ints(String name, long... values) {
    }

    // onnx.proto: ModelProto
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    // onnx.proto: OperatorSetIdProto
    private static final int OPSET_DOMAIN = 1;
    private static final int OPSET_VERSION = 2;
    // onnx.proto: GraphProto
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    // onnx.proto: NodeProto
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    // onnx.proto: AttributeProto (type = AttributeType enum, INT = 2, INTS = 7)
    private static final int ATTRIBUTE_NAME = 1;
    private static final int ATTRIBUTE_I = 3;
    private static final int ATTRIBUTE_INTS = 8;
    private static final int ATTRIBUTE_TYPE = 20;
    private static final int ATTRIBUTE_TYPE_INT = 2;
    private static final int ATTRIBUTE_TYPE_INTS = 7;
    // onnx.proto: TensorProto (data_type = TensorProto.DataType, FLOAT = 1)
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int DATA_TYPE_FLOAT = 1;
    // onnx.proto: ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto, its Dimension
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR_TYPE = 1;
    private static final int TENSOR_TYPE_ELEM_TYPE = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIMENSION_DIM_VALUE = 1;

    static final long IR_VERSION = 8;
    static final long OPSET = 17;

    private OnnxModelWriter() {
    }

    /**
     * @param opType {@code Conv} or {@code ConvTranspose}
     * @param weight row-major values of shape {@code weightShape}
     * @param bias {@code [Cout]} or null for none
     * @param group the {@code group} attribute
     */
    public static byte[] singleNode(String opType, List<Ints> attributes, long group,
                                    int[] inputShape, int[] outputShape,
                                    float[] weight, int[] weightShape, float[] bias) {
        if (product(weightShape) != weight.length) {
            throw new IllegalArgumentException("weight has " + weight.length + " values, weightShape needs "
                    + product(weightShape));
        }
        byte[] node = message(out -> {
            out.writeString(NODE_INPUT, "X");
            out.writeString(NODE_INPUT, "W");
            if (bias != null) {
                out.writeString(NODE_INPUT, "B");
            }
            out.writeString(NODE_OUTPUT, "Y");
            out.writeString(NODE_NAME, "node");
            out.writeString(NODE_OP_TYPE, opType);
            for (Ints a : attributes) {
                out.writeByteArray(NODE_ATTRIBUTE, message(attr -> {
                    attr.writeString(ATTRIBUTE_NAME, a.name());
                    for (long v : a.values()) {
                        attr.writeInt64(ATTRIBUTE_INTS, v);
                    }
                    attr.writeEnum(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_INTS);
                }));
            }
            out.writeByteArray(NODE_ATTRIBUTE, message(attr -> {
                attr.writeString(ATTRIBUTE_NAME, "group");
                attr.writeInt64(ATTRIBUTE_I, group);
                attr.writeEnum(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_INT);
            }));
        });
        byte[] graph = message(out -> {
            out.writeByteArray(GRAPH_NODE, node);
            out.writeString(GRAPH_NAME, opType.toLowerCase());
            out.writeByteArray(GRAPH_INITIALIZER, tensor("W", weight, weightShape));
            if (bias != null) {
                out.writeByteArray(GRAPH_INITIALIZER, tensor("B", bias, new int[] {bias.length}));
            }
            out.writeByteArray(GRAPH_INPUT, valueInfo("X", inputShape));
            out.writeByteArray(GRAPH_OUTPUT, valueInfo("Y", outputShape));
        });
        return message(out -> {
            out.writeInt64(MODEL_IR_VERSION, IR_VERSION);
            out.writeString(MODEL_PRODUCER_NAME, "convstream-benchmarks");
            out.writeByteArray(MODEL_GRAPH, graph);
            out.writeByteArray(MODEL_OPSET_IMPORT, message(opset -> {
                opset.writeString(OPSET_DOMAIN, "");
                opset.writeInt64(OPSET_VERSION, OPSET);
            }));
        });
    }

    private static byte[] tensor(String name, float[] values, int[] shape) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return message(out -> {
            for (int d : shape) {
                out.writeInt64(TENSOR_DIMS, d);
            }
            out.writeInt32(TENSOR_DATA_TYPE, DATA_TYPE_FLOAT);
            out.writeString(TENSOR_NAME, name);
            out.writeByteArray(TENSOR_RAW_DATA, raw.array()); // raw_data is little-endian by the spec
        });
    }

    private static byte[] valueInfo(String name, int[] shape) {
        byte[] dims = message(out -> {
            for (int d : shape) {
                out.writeByteArray(SHAPE_DIM, message(dim -> dim.writeInt64(DIMENSION_DIM_VALUE, d)));
            }
        });
        byte[] tensorType = message(out -> {
            out.writeInt32(TENSOR_TYPE_ELEM_TYPE, DATA_TYPE_FLOAT);
            out.writeByteArray(TENSOR_TYPE_SHAPE, dims);
        });
        return message(out -> {
            out.writeString(VALUE_INFO_NAME, name);
            out.writeByteArray(VALUE_INFO_TYPE, message(type -> type.writeByteArray(TYPE_TENSOR_TYPE, tensorType)));
        });
    }

    private static long product(int[] shape) {
        long p = 1;
        for (int d : shape) {
            p *= d;
        }
        return p;
    }

    private interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    /** One message's bytes; nested messages are written as length-delimited byte fields. */
    private static byte[] message(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            body.write(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
