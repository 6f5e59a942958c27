/**
 * The {@code .nam} file format (JSON, read with Jackson), versions 0.5.0 to 0.7.x: loading,
 * checking every field and weight count, and rejecting by name what this version cannot run.
 */
package dev.convstream.model.nam;
