package io.concurrengine.journal;

import java.io.*;
import java.nio.*;
import java.nio.file.*;

/** Callgrind driver: java EncIr stream.bin mode events; mode 0 loads only, 1 input, 2 input+dispatch, 3 fused. */
public final class EncIr {
    static final int N = 1 << 20, M = N - 1;
    static final long[] T = new long[N], TG = new long[N], A0 = new long[N], A1 = new long[N], A2 = new long[N], A3 = new long[N];
    static final int[] TY = new int[N];
    static long lap, seq, blocks, bytes, sink;
    static BlockEncoder enc;

    public static void main(String[] a) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(Paths.get(a[0]))).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < N; i++) { T[i]=b.getLong(); TY[i]=(int)b.getLong(); TG[i]=b.getLong(); A0[i]=b.getLong(); A1[i]=b.getLong(); A2[i]=b.getLong(); A3[i]=b.getLong(); }
        lap = T[N-1]+1;
        final int mode = Integer.parseInt(a[1]);
        final long events = Long.parseLong(a[2]);
        enc = new BlockEncoder(65536, 1 << 20, 0, -1);
        final int chunk = 1 << 14;
        for (long n = 0; n < events; n += chunk) {
            run(mode, n, chunk);
        }
        bytes += enc.length();
        System.out.printf("mode=%d events=%d bytes/event=%.3f sink=%d%n", mode, events, bytes / (double)events, sink & 1);
    }

    static void run(final int mode, final long from, final int count) {
        final BlockEncoder enc = EncIr.enc;
        long s = 0;
        for (long n = from, end = from + count; n < end; n++) {
            final int i = (int)(n & M); final long time = T[i] + (n >>> 20) * lap;
            if (mode == 0) { s += time ^ TY[i] ^ TG[i] ^ A0[i] ^ A1[i] ^ A2[i] ^ A3[i]; continue; }
            if (!enc.hasRoom()) { bytes += enc.finish(blocks++); enc.reset(); }
            if (mode == 3) {
                enc.inputAndDispatch(time, seq++, TY[i], TG[i], A0[i], A1[i], A2[i], A3[i], false); // v3
                continue;
            }
            enc.input(time, TY[i], TG[i], A0[i], A1[i], A2[i], A3[i]);
            if (mode == 2) enc.dispatch(time, seq++, TY[i], TG[i], A0[i], A1[i], A2[i], A3[i], false);
        }
        sink += s;
    }
}
