package io.concurrengine.journal;

import io.concurrengine.model.market.*;

public final class EncX {
    static final int N = 1 << 20, M = N - 1;
    static final long[] T = new long[N], TG = new long[N], A0 = new long[N], A1 = new long[N], A2 = new long[N], A3 = new long[N];
    static final int[] TY = new int[N];
    static long sink;
    public static void main(String[] a) {
        SyntheticOrderFlow flow = new SyntheticOrderFlow(new OrderFlowConfig()
            .seed(42).instrumentCount(4096).zipfExponent(1.1).ticksPerSecond(1_000_000).inputsPerSecond(1_000_000)
            .bandWidth(1024).timeInForce(30, 100, 5_000));
        MarketInput in = new MarketInput();
        for (int i = 0; i < N; i++) { flow.next(in); T[i]=in.feedTime(); TY[i]=in.type(); TG[i]=in.target(); A0[i]=in.a0(); A1[i]=in.a1(); A2[i]=in.a2(); A3[i]=in.a3(); }
        long lap = T[N-1]+1;
        BlockEncoder enc = new BlockEncoder(65536, 1 << 20, 0, -1);
        for (int r = 0; r < 12; r++) {
            for (int mode = 0; mode < 3; mode++) {
                long t0 = System.nanoTime(); long n = 0; long seq = 0; long s = 0; long blocks = 0;
                for (int k = 0; k < 3 * N; k++, n++) {
                    int i = (int)(n & M); long time = T[i] + (n >>> 20) * lap;
                    if (mode == 0) { s += time ^ TY[i] ^ TG[i] ^ A0[i] ^ A1[i] ^ A2[i] ^ A3[i]; continue; }
                    if (!enc.hasRoom()) { s += enc.finish(blocks++); enc.reset(); }
                    enc.input(time, TY[i], TG[i], A0[i], A1[i], A2[i], A3[i]);
                    if (mode == 2) enc.dispatch(time, seq++, TY[i], TG[i], A0[i], A1[i], A2[i], A3[i], false);
                }
                long dt = System.nanoTime() - t0; sink += s;
                if (r >= 4) System.out.printf("mode %d %.2f ns/event%n", mode, dt / (double)(3 * N));
            }
        }
        System.out.println(sink & 1);
    }
}
