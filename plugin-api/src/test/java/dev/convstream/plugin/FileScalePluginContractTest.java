package dev.convstream.plugin;

import dev.convstream.plugin.contract.AudioPluginContract;
import dev.convstream.plugin.contract.FileScalePlugin;
import java.nio.file.Files;
import java.nio.file.Path;

/** The resource test double passes the contract, swap test included. */
class FileScalePluginContractTest extends AudioPluginContract {

    @Override
    protected AudioPluginFactory factory() {
        return FileScalePlugin.FACTORY;
    }

    @Override
    protected ResourceSwap resourceSwap() throws Exception {
        Path dir = Files.createTempDirectory("filescale");
        dir.toFile().deleteOnExit();
        Path a = FileScalePlugin.write(dir.resolve("a.txt"), 0.5f);
        Path b = FileScalePlugin.write(dir.resolve("b.txt"), -1.25f);
        a.toFile().deleteOnExit();
        b.toFile().deleteOnExit();
        return new ResourceSwap("file", a.toString(), b.toString());
    }
}
