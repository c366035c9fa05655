/**
 * Where model versions are kept: the self-describing, checksummed artifact ({@code .seqtag}), the
 * bundled model, and the {@link com.seqtag.store.ModelStore} interface (versions, the active
 * pointer and its history) with its filesystem implementation. It keeps versions; it never decides
 * which one serves.
 */
package com.seqtag.store;
