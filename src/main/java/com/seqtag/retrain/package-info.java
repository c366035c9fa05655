/**
 * The service's retrain jobs: orders built from uploads and the server-side corpus, one job at a
 * time on a background thread, the validation gate that decides promotion, and the job records
 * the admin API shows. Trains with the {@code training} library and stores through the registry.
 */
package com.seqtag.retrain;
