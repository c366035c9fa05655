package com.seqtag.registry;

/** Thrown when tagging is asked for before any model has been loaded. */
public class ModelNotReadyException extends RuntimeException {

    public ModelNotReadyException(String message) {
        super(message);
    }
}
