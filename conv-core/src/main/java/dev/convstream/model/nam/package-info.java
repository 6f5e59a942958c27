/**
 * The {@code .nam} file format (JSON, read with Jackson): loading, checking weight counts, and
 * rejecting by name what this version cannot run.
 */
package dev.convstream.model.nam;
