package com.seqtag.store;

/** No model has this version (or the name is not a possible version). */
public class UnknownModelVersionException extends RuntimeException {

    public UnknownModelVersionException(String version) {
        super("no model version \"" + (version.length() > 80 ? version.substring(0, 77) + "..." : version) + "\"");
    }
}
