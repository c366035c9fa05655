/**
 * Where model versions are kept: the self-describing, checksummed artifact ({@code .seqtag}), the
 * bundled model, and the {@link com.seqtag.store.ModelStore} interface (versions, the active
 * pointer and its history) with its filesystem implementation and its S3 implementation
 * ({@link com.seqtag.store.S3ModelStore}, for several replicas sharing one bucket), and beside
 * the versions the {@link com.seqtag.store.SharedRecords} replicas share (job records, the
 * training lease). It keeps versions and records; it never decides which version serves.
 */
package com.seqtag.store;
