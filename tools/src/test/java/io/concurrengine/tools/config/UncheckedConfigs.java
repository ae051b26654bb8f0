package io.concurrengine.tools.config;

/**
 * Configurations the loader's checks would refuse, for tests of the checks that stand behind them.
 */
public final class UncheckedConfigs
{
    private UncheckedConfigs()
    {
    }

    /**
     * @param config     a loaded configuration.
     * @param blockBytes a journal block size, not checked.
     * @return {@code config}, its {@code journal.block_bytes} now {@code blockBytes}.
     */
    public static EngineConfig withBlockBytes(final EngineConfig config, final long blockBytes)
    {
        config.blockBytes = blockBytes;
        return config;
    }
}
