/**
 * Files written whole or not at all ({@link dev.convstream.io.AtomicFiles}): every output
 * convstream writes goes through a temporary name and a rename.
 */
package dev.convstream.io;
