package com.seqtag.model.lean.kernels;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_ab;
import static org.bytedeco.dnnl.global.dnnl.dnnl_bf16;
import static org.bytedeco.dnnl.global.dnnl.dnnl_f32;
import static org.bytedeco.dnnl.global.dnnl.dnnl_format_tag_any;
import static org.bytedeco.dnnl.global.dnnl.dnnl_matmul_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_equal;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_get_size;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_init_by_tag;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_set_output_scales;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_set_scratchpad_mode;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_scratchpad_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_reorder_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_s8;
import static org.bytedeco.dnnl.global.dnnl.dnnl_scratchpad_mode_user;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_default_flags;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_wait;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_matmul_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Products through oneDNN's matmul in fp32, bf16 or int8 operands with float results. The weights
 * are converted and laid out once, in the blocked format oneDNN's kernel for this CPU wants.
 * Inputs go in chunks of at most {@value #CHUNK} rows; a chunk's row count is rounded up to one of
 * a few sizes, so that a handful of primitives (each compiled by oneDNN for its exact shape, once)
 * serves every batch. Rounding up costs only the unused rows' arithmetic.
 */
final class DnnlKernel implements MatrixKernel {

    /** Most rows one oneDNN call multiplies; larger products are cut into chunks of this many. */
    static final int CHUNK = 64;
    private static final int[] ROW_SIZES = {1, 2, 4, 8, 16, 24, 32, 40, 48, 56, 64};
    private static final Cleaner CLEANER = Cleaner.create();
    /** Weights in oneDNN's blocked layouts are read in cache lines; aligned buffers keep loads whole. */
    private static final int ALIGNMENT = 64;

    private final Dnnl dnnl;
    private final int inputSize;
    private final int outputSize;
    private final Precision precision;
    private final int elementType;
    private final float inputScale;
    private final float[] outputScales;
    private final Pointer plainWeights;
    private final FloatPointer bias;
    private final Shape[] shapes = new Shape[ROW_SIZES.length];
    /** Native handles to release when this kernel is unreachable; appended to while shapes are made. */
    private final Handles handles = new Handles();
    private final ThreadLocal<DnnlWorkspace> perThread = ThreadLocal.withInitial(DnnlWorkspace::new);

    /**
     * @param weights    {@code [inputSize, outputSize]} row-major
     * @param bias       one value per column, or null
     * @param precision  the operands' format
     * @param inputScale for {@link Precision#INT8}: inputs are multiplied by it and rounded, so it
     *                   should map the inputs' range onto [-127, 127]; ignored otherwise
     */
    DnnlKernel(Dnnl dnnl, float[] weights, int inputSize, int outputSize, float[] bias, Precision precision,
               float inputScale) {
        this.dnnl = dnnl;
        this.inputSize = inputSize;
        this.outputSize = outputSize;
        this.precision = precision;
        this.inputScale = inputScale;
        this.elementType = switch (precision) {
            case FP32 -> dnnl_f32;
            case BF16 -> dnnl_bf16;
            case INT8 -> dnnl_s8;
        };
        if (precision == Precision.INT8) {
            // One scale per output column: each gate unit's weights use the whole int8 range.
            float[] columnScales = new float[outputSize];
            for (int k = 0; k < inputSize; k++) {
                for (int j = 0; j < outputSize; j++) {
                    columnScales[j] = Math.max(columnScales[j], Math.abs(weights[k * outputSize + j]) / 127f);
                }
            }
            byte[] quantized = new byte[weights.length];
            outputScales = new float[outputSize];
            for (int j = 0; j < outputSize; j++) {
                if (columnScales[j] == 0) {
                    columnScales[j] = 1;
                }
                outputScales[j] = columnScales[j] / inputScale;
            }
            for (int k = 0; k < inputSize; k++) {
                for (int j = 0; j < outputSize; j++) {
                    quantized[k * outputSize + j] = quantize(weights[k * outputSize + j] / columnScales[j]);
                }
            }
            plainWeights = new BytePointer(quantized.length).put(quantized);
        } else if (precision == Precision.BF16) {
            short[] narrowed = new short[weights.length];
            for (int i = 0; i < weights.length; i++) {
                narrowed[i] = bfloat16(weights[i]);
            }
            plainWeights = new ShortPointer(narrowed.length).put(narrowed);
            outputScales = null;
        } else {
            plainWeights = new FloatPointer(weights.length).put(weights);
            outputScales = null;
        }
        float[] nativeBias = bias;
        if (bias != null && outputScales != null) {
            // oneDNN 2.x applies an int8 product's output scales after adding the bias, so the bias
            // goes in divided by them.
            nativeBias = new float[bias.length];
            for (int j = 0; j < bias.length; j++) {
                nativeBias[j] = bias[j] / outputScales[j];
            }
        }
        this.bias = nativeBias == null ? null : new FloatPointer(nativeBias.length).put(nativeBias);
        CLEANER.register(this, handles);
        shape(CHUNK); // fails here, at load time, if oneDNN cannot build this product at all
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int outputSize() {
        return outputSize;
    }

    @Override
    public Precision precision() {
        return precision;
    }

    /**
     * This thread's workspace, made on its first product and kept: making one (a stream, native
     * buffers, memory objects) cost as much as a short sentence's products. Its native parts are
     * released when the thread or this kernel is gone.
     */
    @Override
    public Workspace workspace() {
        return perThread.get();
    }

    /** Round to nearest, saturating at +-127 (-128 is left unused so the range is symmetric). */
    static byte quantize(float value) {
        float clamped = Math.max(-127f, Math.min(127f, value));
        return (byte) (clamped >= 0 ? (int) (clamped + 0.5f) : (int) (clamped - 0.5f));
    }

    /** The bfloat16 nearest to {@code value} (ties to even), as its 16 bits. */
    static short bfloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    private static int roundedRows(int rows) {
        for (int size : ROW_SIZES) {
            if (size >= rows) {
                return size;
            }
        }
        throw new IllegalArgumentException(rows + " rows in one chunk");
    }

    private static int shapeIndex(int roundedRows) {
        for (int i = 0; i < ROW_SIZES.length; i++) {
            if (ROW_SIZES[i] == roundedRows) {
                return i;
            }
        }
        throw new IllegalArgumentException(roundedRows + " is not a chunk size");
    }

    /** The primitive for chunks of exactly {@code rows} rows, made on first use. */
    private synchronized Shape shape(int rows) {
        int index = shapeIndex(rows);
        if (shapes[index] == null) {
            shapes[index] = newShape(rows);
        }
        return shapes[index];
    }

    private Shape newShape(int rows) {
        dnnl_memory_desc_t source = descriptor(rows, inputSize, elementType, dnnl_ab);
        dnnl_memory_desc_t anyWeights = descriptor(inputSize, outputSize, elementType, dnnl_format_tag_any);
        dnnl_memory_desc_t biasDescriptor = bias == null ? null : descriptor(1, outputSize, dnnl_f32, dnnl_ab);
        dnnl_memory_desc_t destination = descriptor(rows, outputSize, dnnl_f32, dnnl_ab);
        dnnl_matmul_desc_t matmul = new dnnl_matmul_desc_t();
        Dnnl.check(dnnl_matmul_desc_init(matmul, source, anyWeights, biasDescriptor, destination), "describing a matmul");
        dnnl_primitive_attr attributes = new dnnl_primitive_attr();
        Dnnl.check(dnnl_primitive_attr_create(attributes), "creating attributes");
        dnnl_primitive_desc descriptor = new dnnl_primitive_desc();
        try {
            // Scratch memory comes from each thread's workspace: a primitive is then safe to run
            // from several threads at once.
            Dnnl.check(dnnl_primitive_attr_set_scratchpad_mode(attributes, dnnl_scratchpad_mode_user), "setting scratchpad mode");
            if (outputScales != null) {
                Dnnl.check(dnnl_primitive_attr_set_output_scales(attributes, outputSize, 1 << 1, outputScales),
                        "setting output scales");
            }
            Dnnl.check(dnnl_primitive_desc_create(descriptor, new const_dnnl_op_desc_t(matmul), attributes,
                    dnnl.engine(), null), "choosing a matmul kernel");
        } finally {
            dnnl_primitive_attr_destroy(attributes);
        }
        handles.descriptors.add(descriptor);
        dnnl_memory weights = packedWeights(dnnl_primitive_desc_query_md(descriptor, dnnl_query_weights_md, 0));
        dnnl_primitive primitive = new dnnl_primitive();
        Dnnl.check(dnnl_primitive_create(primitive, descriptor), "creating a matmul");
        handles.primitives.add(primitive);
        dnnl_memory_desc_t scratchpad = dnnl_primitive_desc_query_md(descriptor, dnnl_query_scratchpad_md, 0);
        long scratchpadBytes = scratchpad == null || scratchpad.isNull() ? 0 : dnnl_memory_desc_get_size(scratchpad);
        dnnl_memory biasMemory = null;
        if (bias != null) {
            biasMemory = memory(biasDescriptor, bias);
            handles.memories.add(biasMemory);
        }
        return new Shape(rows, primitive, source, destination, weights, biasMemory, scratchpad, scratchpadBytes);
    }

    /** The weights in the layout {@code layout}, converted the first time that layout is asked for. */
    private dnnl_memory packedWeights(dnnl_memory_desc_t layout) {
        for (Packed packed : handles.packed) {
            if (dnnl_memory_desc_equal(packed.layout, layout) == 1) {
                return packed.memory;
            }
        }
        long bytes = dnnl_memory_desc_get_size(layout);
        BytePointer buffer = new BytePointer(bytes + ALIGNMENT);
        buffer.position((ALIGNMENT - buffer.address() % ALIGNMENT) % ALIGNMENT);
        dnnl_memory packedMemory = memory(layout, buffer);
        dnnl_memory_desc_t plainLayout = descriptor(inputSize, outputSize, elementType, dnnl_ab);
        dnnl_memory plainMemory = memory(plainLayout, plainWeights);
        dnnl_primitive_desc reorderDescriptor = new dnnl_primitive_desc();
        dnnl_primitive reorder = new dnnl_primitive();
        dnnl_stream stream = new dnnl_stream();
        try {
            Dnnl.check(dnnl_reorder_primitive_desc_create(reorderDescriptor, plainLayout, dnnl.engine(), layout,
                    dnnl.engine(), null), "describing the weights' reorder");
            Dnnl.check(dnnl_primitive_create(reorder, reorderDescriptor), "creating the weights' reorder");
            Dnnl.check(dnnl_stream_create(stream, dnnl.engine(), dnnl_stream_default_flags), "creating a stream");
            dnnl_exec_arg_t arguments = new dnnl_exec_arg_t(2);
            arguments.position(0).arg(DNNL_ARG_FROM).memory(plainMemory);
            arguments.position(1).arg(DNNL_ARG_TO).memory(packedMemory);
            Dnnl.check(dnnl_primitive_execute(reorder, stream, 2, arguments.position(0)), "reordering the weights");
            Dnnl.check(dnnl_stream_wait(stream), "waiting for the reorder");
        } finally {
            dnnl_stream_destroy(stream);
            dnnl_primitive_destroy(reorder);
            dnnl_primitive_desc_destroy(reorderDescriptor);
            dnnl_memory_destroy(plainMemory);
        }
        handles.packed.add(new Packed(layout, packedMemory, buffer));
        handles.memories.add(packedMemory);
        return packedMemory;
    }

    private dnnl_memory memory(dnnl_memory_desc_t layout, Pointer data) {
        dnnl_memory memory = new dnnl_memory();
        Dnnl.check(dnnl_memory_create(memory, layout, dnnl.engine(), data), "creating a memory object");
        return memory;
    }

    private static dnnl_memory_desc_t descriptor(long rows, long columns, int type, int tag) {
        dnnl_memory_desc_t descriptor = new dnnl_memory_desc_t();
        Dnnl.check(dnnl_memory_desc_init_by_tag(descriptor, 2, new long[] {rows, columns}, type, tag), "describing memory");
        return descriptor;
    }

    /** One compiled product: chunks of exactly {@code rows} rows. */
    private record Shape(int rows, dnnl_primitive primitive, dnnl_memory_desc_t source, dnnl_memory_desc_t destination,
                         dnnl_memory weights, dnnl_memory bias, dnnl_memory_desc_t scratchpad, long scratchpadBytes) {
    }

    /** Weights laid out for some shape's kernel; the buffer is kept reachable as long as the memory object. */
    private record Packed(dnnl_memory_desc_t layout, dnnl_memory memory, BytePointer buffer) {
    }

    /** The oneDNN objects a kernel made, released together when it is collected. */
    private static final class Handles implements Runnable {
        final List<dnnl_primitive> primitives = new ArrayList<>();
        final List<dnnl_primitive_desc> descriptors = new ArrayList<>();
        final List<dnnl_memory> memories = new ArrayList<>();
        final List<Packed> packed = new ArrayList<>();

        @Override
        public synchronized void run() {
            primitives.forEach(primitive -> dnnl_primitive_destroy(primitive));
            memories.forEach(memory -> dnnl_memory_destroy(memory));
            descriptors.forEach(descriptor -> dnnl_primitive_desc_destroy(descriptor));
            packed.forEach(weights -> weights.buffer().close());
        }
    }

    /** One thread's stream and operand buffers, and per chunk size the memory objects over them. */
    private final class DnnlWorkspace implements Workspace {

        private final Buffers buffers = new Buffers();
        private final short[] shortStaging;
        private final byte[] byteStaging;
        private final Bound[] bound = new Bound[ROW_SIZES.length];

        DnnlWorkspace() {
            dnnl.runOnCallingThreadOnly();
            Dnnl.check(dnnl_stream_create(buffers.stream, dnnl.engine(), dnnl_stream_default_flags), "creating a stream");
            int elements = CHUNK * inputSize;
            buffers.source = switch (precision) {
                case FP32 -> new FloatPointer(elements);
                case BF16 -> new ShortPointer(elements);
                case INT8 -> new BytePointer(elements);
            };
            buffers.destination = new FloatPointer((long) CHUNK * outputSize);
            shortStaging = precision == Precision.BF16 ? new short[elements] : null;
            byteStaging = precision == Precision.INT8 ? new byte[elements] : null;
            CLEANER.register(this, buffers);
        }

        @Override
        public void multiply(float[] input, int rows, float[] result) {
            for (int first = 0; first < rows; first += CHUNK) {
                int chunkRows = Math.min(CHUNK, rows - first);
                Bound call = bound(roundedRows(chunkRows));
                load(input, first * inputSize, chunkRows * inputSize);
                Dnnl.check(dnnl_primitive_execute(call.shape.primitive(), buffers.stream, call.argumentCount,
                        call.arguments), "multiplying");
                buffers.destination.get(result, first * outputSize, chunkRows * outputSize);
            }
        }

        /** Copies {@code count} input values into the native operand, narrowed to the precision. */
        private void load(float[] input, int from, int count) {
            switch (precision) {
                case FP32 -> ((FloatPointer) buffers.source).put(input, from, count);
                case BF16 -> {
                    for (int i = 0; i < count; i++) {
                        shortStaging[i] = bfloat16(input[from + i]);
                    }
                    ((ShortPointer) buffers.source).put(shortStaging, 0, count);
                }
                case INT8 -> {
                    for (int i = 0; i < count; i++) {
                        byteStaging[i] = quantize(input[from + i] * inputScale);
                    }
                    ((BytePointer) buffers.source).put(byteStaging, 0, count);
                }
            }
        }

        private Bound bound(int rows) {
            int index = shapeIndex(rows);
            if (bound[index] == null) {
                Shape shape = shape(rows);
                dnnl_exec_arg_t arguments = new dnnl_exec_arg_t(5);
                int count = 0;
                arguments.position(count++).arg(DNNL_ARG_SRC).memory(buffers.track(memory(shape.source(), buffers.source)));
                arguments.position(count++).arg(DNNL_ARG_WEIGHTS).memory(shape.weights());
                arguments.position(count++).arg(DNNL_ARG_DST)
                        .memory(buffers.track(memory(shape.destination(), buffers.destination)));
                if (shape.bias() != null) {
                    arguments.position(count++).arg(DNNL_ARG_BIAS).memory(shape.bias());
                }
                if (shape.scratchpadBytes() > 0) {
                    BytePointer scratchpad = new BytePointer(shape.scratchpadBytes());
                    buffers.scratchpads.add(scratchpad);
                    arguments.position(count++).arg(DNNL_ARG_SCRATCHPAD)
                            .memory(buffers.track(memory(shape.scratchpad(), scratchpad)));
                }
                arguments.position(0);
                bound[index] = new Bound(shape, arguments, count);
            }
            return bound[index];
        }

        /** Nothing to release now: the workspace stays with its thread for the next pass. */
        @Override
        public void close() {
        }
    }

    /** A workspace's native parts, released together when the workspace is collected. */
    private static final class Buffers implements Runnable {
        final dnnl_stream stream = new dnnl_stream();
        final List<dnnl_memory> memories = new ArrayList<>();
        final List<BytePointer> scratchpads = new ArrayList<>();
        Pointer source;
        FloatPointer destination;

        dnnl_memory track(dnnl_memory memory) {
            memories.add(memory);
            return memory;
        }

        @Override
        public void run() {
            memories.forEach(memory -> dnnl_memory_destroy(memory));
            dnnl_stream_destroy(stream);
            source.close();
            destination.close();
            scratchpads.forEach(BytePointer::close);
        }
    }

    /** A shape's primitive with its arguments bound to one workspace's buffers. */
    private record Bound(Shape shape, dnnl_exec_arg_t arguments, int argumentCount) {
    }
}
