package dev.convstream.live.panel;

import dev.convstream.host.ChainBuilder;
import dev.convstream.host.ChainJson;
import dev.convstream.plugin.AudioPlugin;
import dev.convstream.plugin.Parameter;
import dev.convstream.plugin.ParameterSpec;
import dev.convstream.plugin.PluginChain;
import dev.convstream.plugin.PluginState;
import dev.convstream.plugin.ResourceSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the panel may do to the running chain, from the server's threads: read and set
 * parameters, bypass, load a resource from an upload, save and restore the chain state (the
 * chain JSON that {@code --chain} reads).
 *
 * <p>Nothing here waits for, or locks against, the audio thread: parameters are the plugins'
 * atomic values, bypass the chain's atomic flags, and resources reach the audio thread through
 * each plugin's {@code ResourceSlot}. The plugins' {@code [main-thread]} calls (resources,
 * state) are serialised by this object's monitor, which only server threads take.
 */
final class ChainControl {

    /** One parameter as the page draws it. */
    record ParameterView(String id, String name, double min, double max, double defaultValue, String unit,
                         String scale, double value) {
    }

    /** One resource (a model, an IR) and the value it was loaded from, null when none. */
    record ResourceView(String id, String description, String value) {
    }

    /** One plugin of the chain. */
    record PluginView(int index, String id, String name, boolean bypassed, int latency,
                      List<ParameterView> parameters, List<ResourceView> resources) {
    }

    /** The chain; {@code revision} changes whenever a resource or the state was loaded. */
    record ChainView(List<PluginView> plugins, long revision) {
    }

    private final PluginChain chain;
    private final ChainBuilder chains;
    private final UploadStore uploads;
    private final AtomicLong revision = new AtomicLong();

    ChainControl(PluginChain chain, ChainBuilder chains, UploadStore uploads) {
        this.chain = chain;
        this.chains = chains;
        this.uploads = uploads;
    }

    /** Every plugin with its parameters, resources and bypass. */
    synchronized ChainView describe() {
        List<PluginView> plugins = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            AudioPlugin p = chain.get(i);
            List<ParameterView> params = new ArrayList<>();
            for (Parameter param : p.parameters().all()) {
                ParameterSpec s = param.spec();
                params.add(new ParameterView(s.id(), s.name(), s.min(), s.max(), s.defaultValue(), s.unit(),
                        s.scale().name().toLowerCase(Locale.ROOT), param.get()));
            }
            Map<String, String> values = p.resources();
            List<ResourceView> resources = new ArrayList<>();
            for (ResourceSpec r : p.descriptor().resources()) {
                resources.add(new ResourceView(r.id(), r.description(), values.get(r.id())));
            }
            plugins.add(new PluginView(i, p.descriptor().id(), p.descriptor().name(), chain.isBypassed(i),
                    p.latencySamples(), params, resources));
        }
        return new ChainView(plugins, revision.get());
    }

    /** Changes whenever a resource or a state was loaded, so pages know to read {@link #describe} again. */
    long revision() {
        return revision.get();
    }

    /** Current parameter values, per plugin in descriptor order. */
    double[][] values() {
        double[][] out = new double[chain.size()][];
        for (int i = 0; i < out.length; i++) {
            List<Parameter> params = chain.get(i).parameters().all();
            out[i] = new double[params.size()];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = params.get(j).get();
            }
        }
        return out;
    }

    /** The bypass flag of each plugin. */
    boolean[] bypassed() {
        boolean[] out = new boolean[chain.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = chain.isBypassed(i);
        }
        return out;
    }

    /**
     * Sets one parameter.
     *
     * @throws PanelRequestException 404 for no such plugin or parameter, 400 out of range
     */
    void setParameter(int index, String id, double value) {
        AudioPlugin p = plugin(index);
        if (!p.parameters().contains(id)) {
            throw new PanelRequestException(404, where(index) + " has no parameter '" + id + "'; parameters: "
                    + p.parameters().values().keySet());
        }
        try {
            p.parameters().get(id).set(value);
        } catch (IllegalArgumentException e) {
            throw new PanelRequestException(400, where(index) + ": " + e.getMessage(), e);
        }
    }

    /** Bypasses plugin {@code index} or brings it back (crossfaded by the chain). */
    void setBypassed(int index, boolean bypassed) {
        plugin(index);
        chain.setBypassed(index, bypassed);
    }

    /**
     * Stores an uploaded file and loads it as resource {@code resourceId} of plugin {@code index},
     * through the plugin's own loader (which validates it) on this thread; the audio thread
     * picks the new resource up at a block boundary. A file the plugin refuses is deleted and
     * the running resource stays.
     *
     * @return the stored file's path, now the resource's value
     * @throws PanelRequestException 404 for no such plugin or resource, 422 when the plugin
     *                               refuses the file (its message, naming the file)
     */
    synchronized String loadResource(int index, String resourceId, String fileName, InputStream body) throws IOException {
        AudioPlugin p = plugin(index);
        if (!p.descriptor().hasResource(resourceId)) {
            throw new PanelRequestException(404, where(index) + " has no resource '" + resourceId + "'");
        }
        Path stored = uploads.store(fileName, body);
        try {
            p.setResource(resourceId, stored.toString());
        } catch (IOException | RuntimeException e) {
            uploads.discard(stored);
            throw new PanelRequestException(422, where(index) + ": " + fileName + " is not a usable "
                    + resourceId + ": " + e.getMessage() + " (the previous " + resourceId + " stays)", e);
        }
        revision.incrementAndGet();
        return stored.toString();
    }

    /** The chain's state as the chain JSON {@code --chain} reads. */
    synchronized String saveState() {
        return chains.toJson(chain);
    }

    /**
     * Restores a state saved from a chain of the same plugins in the same order: resources
     * first, then every parameter (those the state omits go to their default) and each
     * position's bypass (crossfaded; a state without it brings the plugin back). A resource that
     * will not load stops the restore before any parameter changes, and the resources already
     * changed are put back (one that had no value before keeps its new one: a plugin cannot
     * unload a resource).
     *
     * @throws PanelRequestException 422 naming what is wrong: malformed JSON, another chain, a
     *                               resource that will not load
     */
    synchronized void loadState(String json) {
        List<PluginState> states;
        List<Boolean> bypassed;
        try {
            ChainJson.SavedChain saved = chains.parseChain(json);
            states = saved.states();
            bypassed = saved.bypassed();
        } catch (IllegalArgumentException e) {
            throw new PanelRequestException(422, e.getMessage(), e);
        }
        List<String> running = chain.plugins().stream().map(p -> p.descriptor().id()).toList();
        List<String> saved = states.stream().map(PluginState::pluginId).toList();
        if (!running.equals(saved)) {
            throw new PanelRequestException(422, "the state is for the chain " + saved + ", the running chain is "
                    + running + " (start convstream live with the state's chain to use it)");
        }
        loadResources(states);
        for (int i = 0; i < states.size(); i++) {
            PluginState s = states.get(i);
            try {
                chain.get(i).loadState(new PluginState(s.pluginId(), s.parameters(), Map.of()));
            } catch (IOException | IllegalArgumentException e) {
                // Ranges and ids were checked by parse; nothing left to fail here.
                throw new IllegalStateException(where(i) + ": " + e.getMessage(), e);
            }
            chain.setBypassed(i, bypassed.get(i));
        }
        revision.incrementAndGet();
    }

    private void loadResources(List<PluginState> states) {
        List<Runnable> undo = new ArrayList<>();
        for (int i = 0; i < states.size(); i++) {
            AudioPlugin p = chain.get(i);
            Map<String, String> before = new HashMap<>(p.resources());
            for (Map.Entry<String, String> r : states.get(i).resources().entrySet()) {
                String old = before.get(r.getKey());
                if (r.getValue().equals(old)) {
                    continue;
                }
                try {
                    p.setResource(r.getKey(), r.getValue());
                } catch (IOException | RuntimeException e) {
                    undo.forEach(Runnable::run);
                    throw new PanelRequestException(422, where(i) + ": cannot load " + r.getKey() + " "
                            + r.getValue() + ": " + e.getMessage() + " (the chain is unchanged)", e);
                }
                if (old != null) {
                    undo.add(0, () -> restore(p, r.getKey(), old));
                }
            }
        }
    }

    private static void restore(AudioPlugin p, String id, String value) {
        try {
            p.setResource(id, value);
        } catch (IOException | RuntimeException e) {
            // It loaded a moment ago; if it no longer does, the new one simply stays.
        }
    }

    private AudioPlugin plugin(int index) {
        if (index < 0 || index >= chain.size()) {
            throw new PanelRequestException(404, "no plugin " + index + " in a chain of " + chain.size());
        }
        return chain.get(index);
    }

    private String where(int index) {
        return "plugin " + (index + 1) + " '" + chain.get(index).descriptor().id() + "'";
    }
}
