/**
 * The service's retrain jobs: orders built from uploads and the server-side corpus, one job at a
 * time across every replica sharing the store (a lease in the store), the validation gate that
 * decides promotion, and the job records every replica's admin API shows. Trains with the {@code training} library and stores through the registry.
 */
package com.seqtag.retrain;
