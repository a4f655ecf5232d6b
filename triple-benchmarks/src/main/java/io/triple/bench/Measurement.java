package io.triple.bench;

/**
 * One measurement of a scenario by one client against one server: calls (or messages, or round
 * trips) per second, MiB/s, latency percentiles in nanoseconds (-1 when not measured), errors,
 * and a note (h2load's mean, a failure's cause) or null.
 */
record Measurement(
    double rate, double mibPerSec, long p50, long p99, long p999, long errors, String note) {}
