/**
 * Which model version serves: loads the start-up model (falling back past damaged versions), swaps
 * in a promoted or chosen version as one reference change, and lists the versions. Keeps nothing
 * itself: versions and the active pointer live in a {@link com.seqtag.store.ModelStore}.
 */
package com.seqtag.registry;
