/**
 * Benchmarks and baselines, compiled only with {@code -Pbenchmark} (docs/benchmarks.md): JMH
 * throughput of the bundled tagger, Apache OpenNLP and Stanford CoreNLP on the CoNLL-2003 valid
 * split, and their entity F1. The corpus is read by path and never copied into the repository.
 */
package com.seqtag.bench;
