package com.seqtag.store;

/**
 * The model store cannot be reached (network down, server error, timeout): nothing was read or
 * written. Callers keep what they have and say so, rather than fall back to something else.
 */
public class ModelStoreUnavailableException extends RuntimeException {

    /**
     * @param store what {@link ModelStore#describe()} says, so the message names the store
     * @param cause what failed
     */
    public ModelStoreUnavailableException(String store, Throwable cause) {
        super(store + " cannot be reached: " + (cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getMessage()), cause);
    }
}
