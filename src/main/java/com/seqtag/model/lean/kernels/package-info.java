/**
 * Matrix products for the lean path: a weight matrix prepared once ({@link
 * com.seqtag.model.lean.kernels.MatrixKernel}) and multiplied over and over, on oneDNN in fp32,
 * bf16 or int8 with kernels chosen for the CPU at run time, or on OpenBLAS in fp32 where oneDNN
 * does not load; and what the CPU runs natively ({@link com.seqtag.model.lean.kernels.Dnnl}).
 */
package com.seqtag.model.lean.kernels;
