package dev.convstream.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convstream.activation.ActivationFunction;
import dev.convstream.model.nam.NamFile;
import dev.convstream.model.nam.NamFormatException;
import dev.convstream.model.nam.NamLoader;
import dev.convstream.testing.NamDocuments;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Versions, sample rates and bad files of the 0.6/0.7 formats: one line naming the file and the field. */
class NamModernLoaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode everyField() {
        ObjectNode doc = NamDocuments.model(NamDocuments.everyField(ActivationFunction.tanh()), new Random(1));
        doc.put("sample_rate", 48_000);
        return doc;
    }

    private static ObjectNode layer0(ObjectNode doc) {
        return (ObjectNode) doc.get("config").get("layers").get(0);
    }

    private static NamFile read(ObjectNode doc, String name) throws Exception {
        return new NamLoader().read(new ByteArrayInputStream(JSON.writeValueAsBytes(doc)), name);
    }

    private static String reject(ObjectNode doc, String name) {
        String m = assertThrows(NamFormatException.class, () -> read(doc, name)).getMessage();
        assertTrue(m.startsWith(name + ": "), "the message starts with the file: " + m);
        assertFalse(m.contains("\n"), "one line: " + m);
        return m;
    }

    private static void assertContains(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "message lacks '" + p + "': " + message);
        }
    }

    private static ObjectNode container(ObjectNode... models) {
        return NamDocuments.container(models);
    }

    private static ObjectNode tiny(long seed) {
        return NamDocuments.waveNet(NamDocuments.TINY, seed, 48_000, "tiny");
    }

    @Test
    void a07PatchNamCoreDoesNotKnowLoadsWithANote() throws Exception {
        ObjectNode doc = everyField().put("version", "0.7.3");
        NamFile f = read(doc, "new.nam");
        assertEquals(1, f.notes().size(), f.notes().toString());
        assertContains(f.notes().get(0), "0.7.3", "partly supported");
        assertTrue(read(everyField(), "ok.nam").notes().isEmpty());
    }

    @Test
    void nestedModelsAreVersionCheckedOnTheirOwn() {
        ObjectNode doc = everyField();
        ((ObjectNode) doc.get("config").get("condition_dsp")).put("version", "0.8.0");
        assertContains(reject(doc, "dsp.nam"), "config.condition_dsp: file version 0.8.0 is not supported",
                "0.5.0 to 0.7.x");
    }

    @Test
    void aNullSampleRateIsAnErrorAndAMissingOneIsAssumedAndSaid() throws Exception {
        assertContains(reject(everyField().putNull("sample_rate"), "null.nam"), "sample_rate is null");
        ObjectNode doc = everyField();
        doc.remove("sample_rate");
        NamFile f = read(doc, "unknown.nam");
        assertFalse(f.sampleRateStated());
        assertEquals(48_000, f.sampleRate());
        assertContains(String.join(" ", f.notes()), "no sample_rate: assuming 48000 Hz");
    }

    @Test
    void wrongWeightCountNamesTheModelAndCounts() {
        ObjectNode doc = everyField();
        ((ArrayNode) doc.get("weights")).add(0.5);
        long expected = NamDocuments.everyField(ActivationFunction.tanh()).weightCount();
        assertContains(reject(doc, "long.nam"), "architecture WaveNet (version 0.7.0)",
                "expected " + expected + " weights, found " + (expected + 1));
        ObjectNode nested = everyField();
        ((ArrayNode) nested.get("config").get("condition_dsp").get("weights")).remove(0);
        assertContains(reject(nested, "short-dsp.nam"), "config.condition_dsp: architecture WaveNet", "weights, found");
    }

    @Test
    void unknownGatingModeIsNamedWithItsLayer() {
        ObjectNode doc = everyField();
        ((ArrayNode) layer0(doc).get("gating_mode")).set(1, JSON.getNodeFactory().textNode("mixed"));
        assertContains(reject(doc, "gate.nam"), "config.layers[0].gating_mode[1]", "unknown gating mode 'mixed'",
                "none, gated or blended");
    }

    @Test
    void aContainerWithNoSubmodelIsRefused() {
        assertContains(reject(container(), "empty.nam"), "architecture SlimmableContainer (version 0.7.0)",
                "config.submodels must list at least one submodel");
        ObjectNode missing = container();
        ((ObjectNode) missing.get("config")).remove("submodels");
        assertContains(reject(missing, "none.nam"), "config.submodels");
    }

    @Test
    void aContainerNamesItsBadSubmodel() {
        ObjectNode bad = tiny(2);
        ((ArrayNode) bad.get("weights")).remove(0);
        assertContains(reject(container(tiny(1), bad), "c.nam"), "config.submodels[1].model: architecture WaveNet",
                "weights, found");
        ObjectNode unordered = container(tiny(1), tiny(2));
        ((ObjectNode) unordered.get("config").get("submodels").get(1)).put("max_value", 0.2);
        assertContains(reject(unordered, "order.nam"), "config.submodels[1].max_value must be above");
        ObjectNode otherRate = container(tiny(1), tiny(2).put("sample_rate", 44_100));
        assertContains(reject(otherRate, "rate.nam"), "config.submodels[1].model.sample_rate");
    }

    @Test
    void aContainerLoadsItsSubmodelsInOrder() throws Exception {
        NamFile f = read(container(tiny(1), tiny(2), everyField()), "three.nam");
        assertEquals(3, f.submodels().size());
        assertEquals(2, f.defaultSubmodel());
        assertEquals(NamDocuments.everyField(ActivationFunction.tanh()), f.submodels().get(2).model().wavenet());
        assertTrue(f.newModel() instanceof SlimmableContainer);
    }

    @Test
    void badActivationsAreNamed() {
        ObjectNode doc = everyField();
        ((ArrayNode) layer0(doc).get("activation")).set(0, JSON.createObjectNode().put("type", "PReLU")
                .set("negative_slopes", JSON.createArrayNode().add(0.1).add(0.2).add(0.3)));
        assertContains(reject(doc, "prelu.nam"), "config.layers[0]", "PReLU has 3 negative_slopes",
                "2 channels");
        ObjectNode unknown = everyField();
        ((ArrayNode) layer0(unknown).get("activation")).set(1, JSON.createObjectNode().put("type", "Wiggle"));
        assertContains(reject(unknown, "wiggle.nam"), "config.layers[0].activation[1]", "unknown activation 'Wiggle'");
        ObjectNode param = everyField();
        ((ArrayNode) layer0(param).get("activation")).set(1,
                JSON.createObjectNode().put("type", "LeakyReLU").put("slope", 0.1));
        assertContains(reject(param, "param.nam"), "config.layers[0].activation[1]", "no parameter 'slope'");
        ObjectNode gate = everyField();
        ((ArrayNode) layer0(gate).get("secondary_activation")).set(1, JSON.getNodeFactory().nullNode());
        assertContains(reject(gate, "gate.nam"), "config.layers[0].secondary_activation[1]", "activation is null");
    }

    @Test
    void activationSpellingsAndDefaultsAreNamCores() throws Exception {
        ObjectNode doc = NamDocuments.model(NamDocuments.everyField(ActivationFunction.tanh()), new Random(2));
        ArrayNode acts = (ArrayNode) layer0(doc).get("activation");
        acts.set(0, JSON.createObjectNode().put("type", "PReLU"));
        acts.set(1, JSON.createObjectNode().put("type", "LeakyReLU"));
        acts.set(2, JSON.createObjectNode().put("type", "LeakyHardtanh").put("max_val", 2));
        List<LayerConfig> layers = read(doc, "spell.nam").wavenet().layerArrays().get(0).layers();
        assertEquals(ActivationFunction.prelu(0.01f), layers.get(0).activation());
        assertEquals(ActivationFunction.leakyRelu(0.01f), layers.get(1).activation());
        assertEquals(ActivationFunction.leakyHardtanh(-1f, 2f, 0.01f, 0.01f), layers.get(2).activation());
    }

    @Test
    void filmOnA1x1ThatIsOffIsRefused() {
        ObjectNode doc = everyField();
        ((ObjectNode) layer0(doc).get("head1x1")).put("active", false);
        assertContains(reject(doc, "film.nam"), "config.layers[0]", "head1x1_post_film is active but head1x1 is not");
    }

    @Test
    void incompleteAndMisgroupedObjectsAreNamed() {
        ObjectNode doc = everyField();
        ((ObjectNode) layer0(doc).get("layer1x1")).remove("groups");
        assertContains(reject(doc, "l1.nam"), "config.layers[0].layer1x1.groups is missing");
        ObjectNode groups = everyField();
        layer0(groups).put("groups_input", 3);
        assertContains(reject(groups, "g.nam"), "config.layers[0]", "groups_input = 3 must divide channels (4)");
        ObjectNode slim = everyField();
        layer0(slim).putObject("slimmable").put("method", "prune");
        assertContains(reject(slim, "slim.nam"), "config.layers[0].slimmable.method", "slice_channels_uniform");
    }

    @Test
    void aSlimmableWaveNetLoadsAtFullSizeAndRefusesAPostStackHead() throws Exception {
        ObjectNode doc = everyField();
        ObjectNode slim = layer0(doc).putObject("slimmable").put("method", "slice_channels_uniform");
        slim.putObject("kwargs").putArray("allowed_channels").add(2).add(4);
        assertContains(reject(doc, "slim-head.nam"), "config.head", "slimmable");
        ((ObjectNode) doc.get("config")).putNull("head");
        ArrayNode w = (ArrayNode) doc.get("weights");
        int postWeights = 2 * 3 * 2 + 3 + 3 + 1; // the post-stack head's convs, before the head scale
        float scale = w.get(w.size() - 1).floatValue();
        for (int i = 0; i <= postWeights; i++) {
            w.remove(w.size() - 1);
        }
        w.add(scale);
        // without the post-stack head the last array's head (2 outputs) is the model's output: it plays
        // as a model of 2 outputs, and is refused as a container's submodel, which must be mono
        assertEquals(2, read(doc, "slim-stereo.nam").outputChannels());
        assertContains(reject(NamDocuments.container(doc), "slim-stereo.nam"), "= 2",
                "submodel must be mono in and out");
    }

    @Test
    void aConditionDspMustBeAWaveNetOfTheRightWidth() {
        ObjectNode doc = everyField();
        layer0(doc).put("condition_size", 4);
        assertContains(reject(doc, "cond.nam"), "condition_size must be 2 (the condition DSP's outputs)");
        ObjectNode rate = everyField();
        ((ObjectNode) rate.get("config").get("condition_dsp")).put("sample_rate", 44_100);
        assertContains(reject(rate, "rate.nam"), "config.condition_dsp.sample_rate");
    }
}
