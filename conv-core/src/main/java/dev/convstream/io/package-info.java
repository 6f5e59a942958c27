/**
 * Files written whole or not at all ({@link dev.convstream.io.AtomicFiles}): every output
 * convstream writes goes through a temporary name and a rename; and the bounds of every JSON file
 * it reads ({@link dev.convstream.io.UntrustedJson}).
 */
package dev.convstream.io;
