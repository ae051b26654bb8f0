package io.concurrengine.journal;

import io.concurrengine.model.market.*;
import java.io.*;
import java.nio.*;
import java.nio.channels.FileChannel;
import java.nio.file.*;

public final class EncGen {
    public static void main(String[] a) throws IOException {
        final int n = 1 << 20;
        SyntheticOrderFlow flow = new SyntheticOrderFlow(new OrderFlowConfig()
            .seed(42).instrumentCount(4096).zipfExponent(1.1).ticksPerSecond(1_000_000).inputsPerSecond(1_000_000)
            .bandWidth(1024).timeInForce(30, 100, 5_000));
        MarketInput in = new MarketInput();
        ByteBuffer b = ByteBuffer.allocate(n * 7 * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) { flow.next(in); b.putLong(in.feedTime()).putLong(in.type()).putLong(in.target())
            .putLong(in.a0()).putLong(in.a1()).putLong(in.a2()).putLong(in.a3()); }
        b.flip();
        try (FileChannel c = FileChannel.open(Paths.get(a[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) { while (b.hasRemaining()) c.write(b); }
    }
}
