/**
 * The live rig: {@link dev.convstream.live.LiveEngine} is what an audio callback runs (chain,
 * meters, taps); {@link dev.convstream.live.AudioBackend}s move samples between devices and the
 * engine. GPL-3.0 (links TarsosDSP through the host).
 */
package dev.convstream.live;
