package dev.convstream.live;

/**
 * One device (or JACK port group) a backend offers.
 *
 * @param backend        the backend's id
 * @param name           the name to pass as {@code --in}/{@code --out}
 * @param description    what the device says of itself
 * @param inputChannels  capture channels, 0 when it cannot capture
 * @param outputChannels playback channels, 0 when it cannot play
 */
public record AudioDevice(String backend, String name, String description, int inputChannels,
                          int outputChannels) {
}
