package com.seqtag.registry;

import java.time.Instant;

/**
 * What this replica last learned from the model store.
 *
 * @param store       the store, as it describes itself
 * @param reachable   whether the last call to the store succeeded
 * @param lastContact when a call last succeeded (null: never)
 * @param error       why the last call failed (null when it succeeded)
 */
public record StoreStatus(String store, boolean reachable, Instant lastContact, String error) {
}
